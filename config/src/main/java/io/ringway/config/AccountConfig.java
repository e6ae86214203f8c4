package io.ringway.config;

import java.util.List;

/**
 * A customer account as written in the configuration file (accounts created at run time are journal events).
 *
 * @param systemId         SMPP system_id and account name
 * @param passwordHash     PBKDF2 hash of the SMPP password ({@code pbkdf2-sha256$iterations$salt$hash}, made by
 *                         {@code ./ringway hash-password}); the plain password is never stored
 * @param maxBinds         concurrent SMPP sessions this account may hold
 * @param allowedAddresses remote addresses or CIDR blocks allowed to bind; empty allows any
 */
public record AccountConfig(String systemId, String passwordHash, int maxBinds, List<String> allowedAddresses) {

    public AccountConfig {
        allowedAddresses = List.copyOf(allowedAddresses);
    }

    static AccountConfig from(ConfigNode n) {
        String systemId = n.requiredString("system-id");
        if (systemId.length() > 15) {
            throw n.error("system-id", "must be at most 15 characters (SMPP 3.4 §5.2.1), was " + systemId.length());
        }
        String hash = n.requiredString("password-hash");
        if (!hash.startsWith("pbkdf2-sha256$") || hash.split("\\$").length != 4) {
            throw n.error("password-hash", "must be a hash made by './ringway hash-password' "
                    + "(pbkdf2-sha256$iterations$salt$hash)");
        }
        AccountConfig config = new AccountConfig(systemId, hash,
                n.integer("max-binds", 4, 1, 10_000),
                n.strings("allowed-addresses", List.of()));
        n.finish();
        return config;
    }
}
