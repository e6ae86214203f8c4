package io.ringway.engine.account;

import io.ringway.config.AccountConfig;

import java.net.InetAddress;
import java.util.List;

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
}
