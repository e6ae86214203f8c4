package io.ringway.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A customer account as written in the configuration file (accounts created at run time are journal events).
 *
 * @param systemId         SMPP system_id and account name
 * @param passwordHash     PBKDF2 hash of the SMPP password ({@code pbkdf2-sha256$iterations$salt$hash}, made by
 *                         {@code ./ringway hash-password}); the plain password is never stored
 * @param maxBinds         concurrent SMPP sessions this account may hold
 * @param allowedAddresses remote addresses or CIDR blocks allowed to bind, each a literal {@link AddressBlock};
 *                         empty allows any
 * @param parent           the reseller this account buys from; {@code null} for a top-level account
 * @param balance          opening prepaid balance, micro-units
 * @param creditLimit      how far below zero the balance may go, micro-units
 * @param priceList        the price list this account is charged from (its parent's list to sell from); when
 *                         {@code null}, its user group's; with neither the account is unmetered (postpaid or
 *                         internal: nothing is rated, reserved or refunded)
 * @param userGroup        the user group it belongs to, or {@code null}
 * @param coefficient      multiplier of its price list in millionths; {@code 0} means "the user group's, else 1.0"
 * @param refundStates     receipt states whose charge is refunded (UNDELIV, EXPIRED, REJECTD, DELETED, UNKNOWN;
 *                         UNKNOWN also covers "no receipt within the DLR timeout")
 * @param dlrTimeout       a message with no final receipt this long after acceptance is refunded and closed
 * @param defaultType      message type when a submission names none: otp, transactional or commercial
 * @param senders          sender ids the account may use; empty: any well-formed sender
 * @param brands           brands it sends commercial messages for (consent is per brand)
 * @param api              HTTP API settings: API key, webhook secret and default callback, access log, rate limit
 *                         ({@link AccountApiConfig}; its keys are written flat in the account's entry)
 * @param requireTls       when true, this account may bind only over the TLS port ({@code smpp.tls-port}); a
 *                         plaintext bind is refused with ESME_RBINDFAIL before its password is checked
 * @param maxTps           submissions per second across all of the account's sessions; above it submit_sm is
 *                         answered ESME_RTHROTTLED; 0 is unlimited
 */
public record AccountConfig(String systemId, String passwordHash, int maxBinds, List<String> allowedAddresses,
                            String parent, long balance, long creditLimit, String priceList, String userGroup,
                            long coefficient, Set<String> refundStates, Duration dlrTimeout,
                            String defaultType, List<String> senders, List<BrandConfig> brands,
                            AccountApiConfig api, boolean requireTls, int maxTps) {
    /** The largest coefficient accepted: 1,000.0. */
    public static final long MAX_COEFFICIENT = 1_000L * Money.ONE;
    /** The largest balance or credit limit accepted: one trillion units of currency. */
    public static final long MAX_BALANCE = 1_000_000_000_000L * Money.ONE;
    public static final Set<String> REFUNDABLE_STATES = Set.of("UNDELIV", "EXPIRED", "REJECTD", "DELETED", "UNKNOWN");

    public AccountConfig {
        allowedAddresses = List.copyOf(allowedAddresses);
        refundStates = Set.copyOf(refundStates);
        senders = List.copyOf(senders);
        brands = List.copyOf(brands);
    }

    /** Message types a submission or an account default may name. */
    public static final Set<String> MESSAGE_TYPES = Set.of("otp", "transactional", "commercial");

    private static String defaultType(ConfigNode n) {
        String type = n.string("default-type", "transactional").toLowerCase(java.util.Locale.ROOT);
        if (!MESSAGE_TYPES.contains(type)) {
            throw n.error("default-type", "must be one of " + MESSAGE_TYPES + ", was '" + type + "'");
        }
        return type;
    }

    /** SMPP 3.4 §5.2.8 and operator practice: up to 11 alphanumeric characters or up to 15 digits. */
    private static List<String> senders(ConfigNode n) {
        List<String> senders = n.strings("senders", List.of());
        for (int i = 0; i < senders.size(); i++) {
            String sender = senders.get(i);
            boolean numeric = sender.matches("\\+?[0-9]{1,15}");
            boolean alphanumeric = sender.matches("[A-Za-z0-9 ._&-]{1,11}");
            if (!numeric && !alphanumeric) {
                throw n.error("senders[" + i + "]", "must be up to 11 letters/digits or up to 15 digits, was '"
                        + sender + "'");
            }
        }
        return senders;
    }

    /** Each entry an IP address or CIDR block as {@link AddressBlock} reads it; names are never resolved. */
    private static List<String> allowedAddresses(ConfigNode n) {
        List<String> entries = n.strings("allowed-addresses", List.of());
        for (int i = 0; i < entries.size(); i++) {
            try {
                AddressBlock.parse(entries.get(i));
            } catch (IllegalArgumentException e) {
                throw n.error("allowed-addresses[" + i + "]", "must be an IP address or CIDR block such as "
                        + "10.0.0.0/8 or 2001:db8::/32, was '" + entries.get(i) + "' (" + e.getMessage() + ")");
            }
        }
        return entries;
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
        List<String> refundStates = n.strings("refund-states", List.copyOf(REFUNDABLE_STATES));
        for (int i = 0; i < refundStates.size(); i++) {
            if (!REFUNDABLE_STATES.contains(refundStates.get(i))) {
                throw n.error("refund-states[" + i + "]", "must be one of " + REFUNDABLE_STATES);
            }
        }
        AccountConfig config = new AccountConfig(systemId, hash,
                n.integer("max-binds", 4, 1, 10_000),
                allowedAddresses(n),
                n.string("parent", null),
                n.micros("balance", 0, 0, MAX_BALANCE),
                n.micros("credit-limit", 0, 0, MAX_BALANCE),
                n.string("price-list", null),
                n.string("user-group", null),
                n.micros("coefficient", 0, 1, MAX_COEFFICIENT),
                Set.copyOf(refundStates),
                n.duration("dlr-timeout", Duration.ofHours(48), Duration.ofSeconds(1), Duration.ofDays(30)),
                defaultType(n),
                senders(n),
                n.list("brands", BrandConfig::from),
                AccountApiConfig.from(n),
                n.bool("require-tls", false),
                n.integer("max-tps", 0, 0, 1_000_000));
        n.finish();
        return config;
    }
}
