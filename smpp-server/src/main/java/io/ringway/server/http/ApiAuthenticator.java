package io.ringway.server.http;

import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.PasswordHasher;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Decides who an API request is: {@code Authorization: Bearer <api key>} (an account's key or the operator's) or
 * {@code Basic} with an account's system_id and SMPP password (how sub-accounts created over the API, which have
 * no key, reach it). Keys and passwords are PBKDF2-hashed, far too slow to verify per request, so a credential is
 * verified once off the event loop and then recognised from memory by its salted SHA-256 ({@link Accounts} keeps
 * those digests for account keys and passwords; the operator's is kept here).
 *
 * <p>Safe for concurrent use: {@link #cached} runs on event loops, {@link #verify} on the executor.
 */
final class ApiAuthenticator {
    /** The outcome of a verification that found nothing, or a saturated executor. */
    static final Principal NOBODY = new Principal(null, false);
    static final Principal BUSY = new Principal(null, false);

    private final Accounts accounts;
    private final String operatorKeyHash;
    private final Executor executor;
    private final byte[] salt = new byte[16];
    private volatile byte[] operatorDigest;

    ApiAuthenticator(Accounts accounts, String operatorKeyHash, Executor executor) {
        this.accounts = accounts;
        this.operatorKeyHash = operatorKeyHash;
        this.executor = executor;
        new SecureRandom().nextBytes(salt);
    }

    /** The principal a credential names, if it was verified before; {@code null} when it needs {@link #verify}. */
    Principal cached(String authorization, InetAddress remote) {
        Credential credential = Credential.parse(authorization);
        if (credential == null) {
            return null;
        }
        if (credential.apiKey() != null) {
            byte[] known = operatorDigest;
            if (known != null && MessageDigest.isEqual(known, digest(credential.apiKey()))) {
                return Principal.OPERATOR;
            }
            String account = accounts.cachedApiKeyAccount(credential.apiKey());
            return account == null ? null : Principal.account(account);
        }
        return password(credential, accounts.authenticateIfCached(credential.systemId(), credential.password(), remote));
    }

    /** Verifies a credential off the event loop; completes with {@link #NOBODY} or {@link #BUSY} when refused. */
    CompletableFuture<Principal> verify(String authorization, InetAddress remote) {
        Credential credential = Credential.parse(authorization);
        if (credential == null) {
            return CompletableFuture.completedFuture(NOBODY);
        }
        try {
            return CompletableFuture.supplyAsync(() -> decide(credential, remote), executor);
        } catch (RejectedExecutionException saturated) {
            return CompletableFuture.completedFuture(BUSY);
        }
    }

    /** Checks an SMPP system_id and password (Kannel's sendsms); {@code null} means "needs {@link #verifyPassword}". */
    Principal cachedPassword(String systemId, String password, InetAddress remote) {
        return password(new Credential(null, systemId, password),
                accounts.authenticateIfCached(systemId, password, remote));
    }

    CompletableFuture<Principal> verifyPassword(String systemId, String password, InetAddress remote) {
        try {
            return CompletableFuture.supplyAsync(() -> decide(new Credential(null, systemId, password), remote),
                    executor);
        } catch (RejectedExecutionException saturated) {
            return CompletableFuture.completedFuture(BUSY);
        }
    }

    private Principal decide(Credential credential, InetAddress remote) {
        if (credential.apiKey() != null) {
            if (operatorKeyHash != null && PasswordHasher.verify(credential.apiKey(), operatorKeyHash)) {
                operatorDigest = digest(credential.apiKey());
                return Principal.OPERATOR;
            }
            String account = accounts.authenticateApiKey(credential.apiKey());
            return account == null ? NOBODY : Principal.account(account);
        }
        Principal principal = password(credential,
                accounts.authenticate(credential.systemId(), credential.password(), remote));
        return principal == null ? NOBODY : principal;
    }

    private static Principal password(Credential credential, Accounts.Authentication result) {
        if (result == null) {
            return null;
        }
        return result == Accounts.Authentication.OK ? Principal.account(credential.systemId()) : NOBODY;
    }

    private byte[] digest(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A parsed Authorization header: an API key, or a system_id and password. */
    private record Credential(String apiKey, String systemId, String password) {
        static Credential parse(String header) {
            if (header == null) {
                return null;
            }
            String value = header.trim();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String key = value.substring(7).trim();
                return key.isEmpty() ? null : new Credential(key, null, null);
            }
            if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
                int colon = decoded.indexOf(':');
                return colon <= 0 ? null : new Credential(null, decoded.substring(0, colon), decoded.substring(colon + 1));
            }
            return null;
        }
    }
}
