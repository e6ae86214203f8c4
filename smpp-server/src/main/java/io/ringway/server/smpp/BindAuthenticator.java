package io.ringway.server.smpp;

import com.cloudhopper.smpp.SmppConstants;
import io.ringway.engine.account.Account;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.SubmitRate;
import io.ringway.engine.account.SubmitRates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Decides a bind's credentials (SMPP 3.4 §4.1) away from the event loops: PBKDF2 costs tens of milliseconds, and
 * an event loop that verified passwords would stall every session it serves. The decision is a bind_resp
 * {@code command_status}: ESME_RINVSYSID for an unknown system_id, ESME_RINVPASWD for a wrong password,
 * ESME_RBINDFAIL for an address outside the account's allow-list, for an address in its failure back-off (checked
 * before the password, so that guessing costs us nothing), for a plaintext bind of an account that requires TLS
 * (also before the password) and when the bind-check threads are saturated. An accepted bind carries the
 * account's shared submission rate.
 *
 * <p>Safe for concurrent use; the work runs on the executor given at construction.
 */
final class BindAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(BindAuthenticator.class);

    /**
     * What a bind check found: a bind_resp status and, when it is OK, the account and its submission rate
     * ({@code null} when the account has no {@code max-tps}).
     */
    record Decision(int status, Account account, SubmitRate submitRate) {
        static Decision refused(int status) {
            return new Decision(status, null, null);
        }
    }

    private final Accounts accounts;
    private final BindFailureTracker failures;
    private final SubmitRates submitRates;
    private final Executor executor;

    BindAuthenticator(Accounts accounts, BindFailureTracker failures, SubmitRates submitRates, Executor executor) {
        this.accounts = accounts;
        this.failures = failures;
        this.submitRates = submitRates;
        this.executor = executor;
    }

    /**
     * Checks the credentials on the bind-check executor; the password is never logged nor kept. {@code overTls}
     * says whether the bind came through the TLS listener.
     */
    CompletableFuture<Decision> authenticate(String systemId, String password, InetAddress remote, boolean overTls) {
        try {
            return CompletableFuture.supplyAsync(() -> decide(systemId, password, remote, overTls), executor);
        } catch (RejectedExecutionException saturated) {
            LOG.warn("bind from {} refused: bind checks are saturated", remote.getHostAddress());
            return CompletableFuture.completedFuture(Decision.refused(SmppConstants.STATUS_BINDFAIL));
        }
    }

    private Decision decide(String systemId, String password, InetAddress remote, boolean overTls) {
        if (failures.isRefused(remote)) {
            return Decision.refused(SmppConstants.STATUS_BINDFAIL);
        }
        if (!overTls) {
            Account account = accounts.find(systemId);
            if (account != null && account.requireTls()) {
                LOG.warn("bind as '{}' from {} refused: the account binds only over TLS", systemId,
                        remote.getHostAddress());
                return Decision.refused(SmppConstants.STATUS_BINDFAIL);
            }
        }
        return switch (accounts.authenticate(systemId, password, remote)) {
            case OK -> accepted(systemId, remote);
            case UNKNOWN_SYSTEM_ID -> failed(remote, SmppConstants.STATUS_INVSYSID);
            case WRONG_PASSWORD -> failed(remote, SmppConstants.STATUS_INVPASWD);
            case ADDRESS_NOT_ALLOWED -> notAllowed(systemId, remote);
        };
    }

    private Decision accepted(String systemId, InetAddress remote) {
        failures.succeeded(remote);
        Account account = accounts.find(systemId);
        return new Decision(SmppConstants.STATUS_OK, account, submitRates.of(account));
    }

    private Decision notAllowed(String systemId, InetAddress remote) {
        LOG.warn("bind as '{}' refused: {} is not on the account's allow-list", systemId, remote.getHostAddress());
        return failed(remote, SmppConstants.STATUS_BINDFAIL);
    }

    private Decision failed(InetAddress remote, int status) {
        failures.failed(remote);
        return Decision.refused(status);
    }
}
