package io.ringway.engine.account;

import io.ringway.config.AccountConfig;

import java.net.InetAddress;
import java.util.List;

/** A customer account: who may bind, from where, and how many sessions at once. Immutable. */
public final class Account {
    private final String systemId;
    private final String passwordHash;
    private final int maxBinds;
    private final List<AddressRule> allowedAddresses;
    private final String apiKeyHash;

    public Account(String systemId, String passwordHash, int maxBinds, List<AddressRule> allowedAddresses) {
        this(systemId, passwordHash, maxBinds, allowedAddresses, null);
    }

    /** An account that may also use the HTTP API with the key {@code apiKeyHash} is a PBKDF2 hash of. */
    public Account(String systemId, String passwordHash, int maxBinds, List<AddressRule> allowedAddresses,
                   String apiKeyHash) {
        this.apiKeyHash = apiKeyHash;
        this.systemId = systemId;
        this.passwordHash = passwordHash;
        this.maxBinds = maxBinds;
        this.allowedAddresses = List.copyOf(allowedAddresses);
    }

    public static Account from(AccountConfig config) {
        return new Account(config.systemId(), config.passwordHash(), config.maxBinds(),
                config.allowedAddresses().stream().map(AddressRule::parse).toList(), config.api().apiKeyHash());
    }

    public String systemId() { return systemId; }
    public String passwordHash() { return passwordHash; }
    public int maxBinds() { return maxBinds; }
    /** PBKDF2 hash of the HTTP API key, or {@code null} when the account has none. */
    public String apiKeyHash() { return apiKeyHash; }

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
