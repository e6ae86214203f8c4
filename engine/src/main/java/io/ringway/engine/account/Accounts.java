package io.ringway.engine.account;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts customers bind as. Read by the edges (authentication at bind time, from I/O threads) and by the
 * business logic; safe for concurrent use.
 *
 * <p>PBKDF2 is deliberately slow, so after a password has been verified once its salted SHA-256 is remembered
 * in memory: a reconnect with the same password costs microseconds, a wrong password always pays the full cost.
 */
public final class Accounts {
    /** Result of a credential check, mapped by the SMPP edge to a bind_resp status. */
    public enum Authentication { OK, UNKNOWN_SYSTEM_ID, WRONG_PASSWORD, ADDRESS_NOT_ALLOWED }

    private final Map<String, Account> bySystemId = new ConcurrentHashMap<>();
    private final Map<String, byte[]> verifiedDigests = new ConcurrentHashMap<>();
    /** Salted digests of API keys verified once, to the account they belong to. */
    private final Map<java.nio.ByteBuffer, String> verifiedApiKeys = new ConcurrentHashMap<>();
    private final byte[] digestSalt = new byte[16];

    public Accounts() {
        new SecureRandom().nextBytes(digestSalt);
    }

    public void add(Account account) {
        bySystemId.put(account.systemId(), account);
        verifiedDigests.remove(account.systemId());
        verifiedApiKeys.values().remove(account.systemId());
    }

    public Account find(String systemId) {
        return systemId == null ? null : bySystemId.get(systemId);
    }

    public Collection<Account> all() {
        return bySystemId.values();
    }

    /**
     * Checks a bind's credentials. May take tens of milliseconds (PBKDF2): call it off the I/O event loop.
     */
    public Authentication authenticate(String systemId, String password, InetAddress remote) {
        Account account = find(systemId);
        if (account == null) {
            return Authentication.UNKNOWN_SYSTEM_ID;
        }
        String given = password == null ? "" : password;
        byte[] digest = digest(given);
        byte[] known = verifiedDigests.get(systemId);
        boolean passwordOk = known != null && MessageDigest.isEqual(known, digest);
        if (!passwordOk) {
            passwordOk = PasswordHasher.verify(given, account.passwordHash());
            if (passwordOk) {
                verifiedDigests.put(systemId, digest);
            }
        }
        if (!passwordOk) {
            return Authentication.WRONG_PASSWORD;
        }
        if (remote != null && !account.admits(remote)) {
            return Authentication.ADDRESS_NOT_ALLOWED;
        }
        return Authentication.OK;
    }

    /**
     * The account an API key belongs to, from memory when this key was verified before (microseconds, safe on an
     * I/O thread), else {@code null}. Returns {@code null} for every key not yet verified: call
     * {@link #authenticateApiKey} off the I/O thread then.
     */
    public String cachedApiKeyAccount(String apiKey) {
        return apiKey == null ? null : verifiedApiKeys.get(java.nio.ByteBuffer.wrap(digest(apiKey)));
    }

    /**
     * The account an API key belongs to, or {@code null}. A key not seen before is checked against the PBKDF2 hash
     * of every account that has one (tens of milliseconds each): call it off the I/O event loops.
     */
    public String authenticateApiKey(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return null;
        }
        java.nio.ByteBuffer digest = java.nio.ByteBuffer.wrap(digest(apiKey));
        String known = verifiedApiKeys.get(digest);
        if (known != null) {
            return known;
        }
        for (Account account : bySystemId.values()) {
            if (account.apiKeyHash() != null && PasswordHasher.verify(apiKey, account.apiKeyHash())) {
                verifiedApiKeys.put(digest, account.systemId());
                return account.systemId();
            }
        }
        return null;
    }

    /**
     * Like {@link #authenticate}, but only from memory: the result when this password was verified before, or
     * {@code null} when deciding would need PBKDF2 (then call {@link #authenticate} off the I/O thread).
     */
    public Authentication authenticateIfCached(String systemId, String password, InetAddress remote) {
        Account account = find(systemId);
        byte[] known = account == null ? null : verifiedDigests.get(systemId);
        if (known == null || !MessageDigest.isEqual(known, digest(password == null ? "" : password))) {
            return null;
        }
        return remote != null && !account.admits(remote) ? Authentication.ADDRESS_NOT_ALLOWED : Authentication.OK;
    }

    private byte[] digest(String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(digestSalt);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
