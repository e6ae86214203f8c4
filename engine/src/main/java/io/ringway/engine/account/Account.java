package io.ringway.engine.account;

import io.ringway.config.AccountConfig;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A customer account: who may bind, from where, how many sessions at once, whether only over TLS, and how many
 * submissions per second its sessions may make together. Immutable.
 */
public final class Account {
    private final String systemId;
    private final String passwordHash;
    private final int maxBinds;
    private final List<AddressRule> allowedAddresses;
    private final String apiKeyHash;
    private final boolean requireTls;
    private final int maxTps;

    /** An account that may bind over plaintext and submit without a rate limit. */
    public Account(String systemId, String passwordHash, int maxBinds, List<AddressRule> allowedAddresses) {
        this(systemId, passwordHash, maxBinds, allowedAddresses, null, false, 0);
    }

    /** An account that may also use the HTTP API with the key {@code apiKeyHash} is a PBKDF2 hash of. */
    public Account(String systemId, String passwordHash, int maxBinds, List<AddressRule> allowedAddresses,
                   String apiKeyHash) {
        this(systemId, passwordHash, maxBinds, allowedAddresses, apiKeyHash, false, 0);
    }

    /**
     * @param apiKeyHash PBKDF2 hash of the HTTP API key, or {@code null}
     * @param requireTls binds over plaintext are refused
     * @param maxTps     submissions per second across the account's sessions; 0 is unlimited
     */
    public Account(String systemId, String passwordHash, int maxBinds, List<AddressRule> allowedAddresses,
                   String apiKeyHash, boolean requireTls, int maxTps) {
        this.apiKeyHash = apiKeyHash;
        this.systemId = systemId;
        this.passwordHash = passwordHash;
        this.maxBinds = maxBinds;
        this.allowedAddresses = List.copyOf(allowedAddresses);
        this.requireTls = requireTls;
        this.maxTps = maxTps;
    }

    public static Account from(AccountConfig config) {
        return new Account(config.systemId(), config.passwordHash(), config.maxBinds(),
                config.allowedAddresses().stream().map(AddressRule::parse).toList(), config.api().apiKeyHash(),
                config.requireTls(), config.maxTps());
    }

    public String systemId() { return systemId; }
    public String passwordHash() { return passwordHash; }
    public int maxBinds() { return maxBinds; }
    /** PBKDF2 hash of the HTTP API key, or {@code null} when the account has none. */
    public String apiKeyHash() { return apiKeyHash; }
    public boolean requireTls() { return requireTls; }
    public int maxTps() { return maxTps; }

    /** An empty allow-list admits every address. */
    public boolean admits(InetAddress address) {
        if (allowedAddresses.isEmpty()) {
            return true;
        }
        for (AddressRule rule : allowedAddresses) {
            if (rule.matches(address)) {
                return true;
            }
        }
        return false;
    }

    /** Writes every field, so that an account created or changed at run time reads back whole. */
    void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeString(systemId);
        out.writeString(passwordHash);
        out.writeInt(maxBinds);
        out.writeCount(allowedAddresses.size());
        for (AddressRule rule : allowedAddresses) {
            rule.writeSnapshot(out);
        }
        out.writeString(apiKeyHash);
        out.writeBoolean(requireTls);
        out.writeInt(maxTps);
    }

    static Account readSnapshot(SnapshotInput in) throws IOException {
        String systemId = in.readString();
        String passwordHash = in.readString();
        int maxBinds = in.readInt();
        int rules = in.readCount();
        List<AddressRule> allowedAddresses = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            allowedAddresses.add(AddressRule.readSnapshot(in));
        }
        String apiKeyHash = in.readString();
        boolean requireTls = in.readBoolean();
        int maxTps = in.readInt();
        if (systemId == null) {
            throw new SnapshotFormatException("an account without a system id");
        }
        return new Account(systemId, passwordHash, maxBinds, allowedAddresses, apiKeyHash, requireTls, maxTps);
    }

    /** Field by field, so that restoring an unchanged account keeps its verified credentials. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Account account && Objects.equals(systemId, account.systemId)
                && Objects.equals(passwordHash, account.passwordHash) && maxBinds == account.maxBinds
                && allowedAddresses.equals(account.allowedAddresses)
                && Objects.equals(apiKeyHash, account.apiKeyHash) && requireTls == account.requireTls
                && maxTps == account.maxTps;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(systemId);
    }
}
