package io.ringway.engine.account;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** Opens the accounts' section of a snapshot ("ACCT"). */
    private static final int SNAPSHOT_MARKER = 0x41434354;

    private final Map<String, Account> bySystemId = new ConcurrentHashMap<>();
    private final Map<String, byte[]> verifiedDigests = new ConcurrentHashMap<>();
    /** Salted digests of API keys verified once, to the account they belong to. */
    private final Map<java.nio.ByteBuffer, String> verifiedApiKeys = new ConcurrentHashMap<>();
    private final byte[] digestSalt = new byte[16];

    public Accounts() {
        new SecureRandom().nextBytes(digestSalt);
    }

    /** The accounts of {@code config}: the table a node starts with, before the journal's changes. */
    public static Accounts fromConfig(RingwayConfig config) {
        Accounts accounts = new Accounts();
        config.accounts().forEach(account -> accounts.add(Account.from(account)));
        return accounts;
    }

    public void add(Account account) {
        bySystemId.put(account.systemId(), account);
        forgetVerified(account.systemId());
    }

    private void forgetVerified(String systemId) {
        verifiedDigests.remove(systemId);
        verifiedApiKeys.values().remove(systemId);
    }

    public Account find(String systemId) {
        return systemId == null ? null : bySystemId.get(systemId);
    }

    public Collection<Account> all() {
        return bySystemId.values();
    }

    /**
     * Writes every account, those of the configuration and those created at run time, sorted by system id. The
     * verified-credential caches are not written: they only save PBKDF2 work and a restart forgets them anyway.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(SNAPSHOT_MARKER);
        Account[] sorted = bySystemId.values().toArray(Account[]::new);
        Arrays.sort(sorted, Comparator.comparing(Account::systemId));
        out.writeCount(sorted.length);
        for (Account account : sorted) {
            account.writeSnapshot(out);
        }
    }

    /**
     * Makes this table the snapshot's: an account it lacks is added, one that differs is replaced and one the
     * snapshot does not hold is removed, each forgetting its verified credentials as {@link #add} does; an
     * unchanged account keeps them. The whole section is read before anything changes, so a snapshot that fails
     * to read leaves the table as it was (the edges share it).
     */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(SNAPSHOT_MARKER, "accounts");
        int count = in.readCount();
        List<Account> restored = new ArrayList<>();
        Set<String> systemIds = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Account account = Account.readSnapshot(in);
            if (i > 0 && restored.get(i - 1).systemId().compareTo(account.systemId()) >= 0) {
                throw new SnapshotFormatException("account " + account.systemId() + " out of order");
            }
            restored.add(account);
            systemIds.add(account.systemId());
        }
        for (String systemId : bySystemId.keySet()) {
            if (!systemIds.contains(systemId)) {
                bySystemId.remove(systemId);
                forgetVerified(systemId);
            }
        }
        for (Account account : restored) {
            if (!account.equals(bySystemId.get(account.systemId()))) {
                add(account);
            }
        }
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
