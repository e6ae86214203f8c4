package io.ringway.config;

import java.time.Duration;
import java.util.Map;

/**
 * A named upstream: an SMSC reached through a pool of SMPP client binds ({@code type: smpp}, the default), or an
 * HTTP provider ({@code type: http}, described by {@link #http()}; the SMPP settings then do not apply, except
 * {@code tps}, {@code reconnect-min}/{@code -max} as the retry back-off, {@code costs} and
 * {@code receipt-id-format}).
 *
 * @param name                 name used by routes and in statements
 * @param host                 SMSC host
 * @param port                 SMSC port
 * @param systemId             system_id to bind with
 * @param password             password to bind with (the SMSC needs it in clear)
 * @param systemType           system_type to bind with
 * @param bindType             transceiver, or transmitter + receiver pairs
 * @param binds                sessions in the pool
 * @param window               submit_sm in flight per bind
 * @param tps                  submit_sm per second across the pool; 0 is unlimited
 * @param enquireLinkInterval  keep-alive period on an idle bind
 * @param responseTimeout      a submit_sm without a response within this time is retried
 * @param reconnectMin         first reconnect delay; doubles per failure, with jitter
 * @param reconnectMax         cap of the reconnect delay
 * @param costs                what the upstream charges per segment, by destination prefix (longest match), in
 *                             micro-units; used by least-cost routes and recorded with each message for margins
 * @param receiptIdFormat      how its receipts may write the id its submit_sm_resp gave (some SMSCs answer in
 *                             hex and report in decimal, or the reverse)
 * @param failoverAfter        how long the pool may have no bound sending session, or keep being refused a part as
 *                             busy (throttled, queue full, system error, temporary error), before it gives its
 *                             waiting messages back to routing (another upstream of their route, or held) or
 *                             fails the refused part
 * @param countryCode          the country calling code (1 to 3 digits, e.g. "90") of the numbers this SMSC writes in
 *                             national form (TON 2) in mobile-originated messages; they reach the engine as
 *                             international numbers (leading 0s dropped, the code put before). Empty: as written
 * @param http                 the HTTP provider settings of a {@code type: http} upstream; null for SMPP
 */
public record UpstreamConfig(
        String name,
        String host,
        int port,
        String systemId,
        String password,
        String systemType,
        BindType bindType,
        int binds,
        int window,
        int tps,
        Duration enquireLinkInterval,
        Duration responseTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        Map<String, Long> costs,
        ReceiptIdFormat receiptIdFormat,
        Duration failoverAfter,
        String countryCode,
        HttpUpstreamConfig http) {

    /** How the upstream is reached. */
    public enum Type { SMPP, HTTP }

    /** How the pool binds. */
    public enum BindType { TRANSCEIVER, TRANSMITTER }

    /**
     * The form of the message id in the upstream's receipts, relative to its submit_sm_resp: {@code AS_IS} (the
     * same text), {@code HEX} (receipts in hex, responses in decimal), {@code DECIMAL} (receipts in decimal,
     * responses in hex) or {@code AUTO} (a receipt whose id does not match is tried in the other form).
     */
    public enum ReceiptIdFormat { AS_IS, HEX, DECIMAL, AUTO }

    /** {@link #failoverAfter} when the configuration does not say. */
    public static final Duration DEFAULT_FAILOVER_AFTER = Duration.ofSeconds(30);

    public UpstreamConfig {
        costs = Map.copyOf(costs);
    }

    /** An SMPP upstream. */
    public UpstreamConfig(String name, String host, int port, String systemId, String password, String systemType,
                          BindType bindType, int binds, int window, int tps, Duration enquireLinkInterval,
                          Duration responseTimeout, Duration reconnectMin, Duration reconnectMax,
                          Map<String, Long> costs, ReceiptIdFormat receiptIdFormat) {
        this(name, host, port, systemId, password, systemType, bindType, binds, window, tps, enquireLinkInterval,
                responseTimeout, reconnectMin, reconnectMax, costs, receiptIdFormat, DEFAULT_FAILOVER_AFTER, "", null);
    }

    /** The upstream is an HTTP provider, not an SMSC. */
    public boolean isHttp() {
        return http != null;
    }

    /** An upstream with no cost table whose receipts may use either id form. */
    public UpstreamConfig(String name, String host, int port, String systemId, String password, String systemType,
                          BindType bindType, int binds, int window, int tps, Duration enquireLinkInterval,
                          Duration responseTimeout, Duration reconnectMin, Duration reconnectMax) {
        this(name, host, port, systemId, password, systemType, bindType, binds, window, tps, enquireLinkInterval,
                responseTimeout, reconnectMin, reconnectMax, Map.of(), ReceiptIdFormat.AUTO);
    }

    static UpstreamConfig from(ConfigNode n) {
        String name = n.requiredString("name");
        boolean http = n.enumValue("type", Type.class, Type.SMPP) == Type.HTTP;
        Duration reconnectMin = n.duration("reconnect-min", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(10));
        Duration reconnectMax = n.duration("reconnect-max", Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofHours(1));
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw n.error("reconnect-max", "must not be below reconnect-min");
        }
        UpstreamConfig config = new UpstreamConfig(name,
                http ? n.string("host", "") : n.requiredString("host"),
                n.integer("port", 2775, 1, 65535),
                http ? n.string("system-id", "") : n.requiredString("system-id"),
                n.string("password", ""),
                n.string("system-type", ""),
                n.enumValue("bind-type", BindType.class, BindType.TRANSCEIVER),
                n.integer("binds", 2, 1, 256),
                n.integer("window", 64, 1, 10_000),
                n.integer("tps", 0, 0, 10_000_000),
                n.duration("enquire-link-interval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1)),
                n.duration("response-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(10)),
                reconnectMin, reconnectMax,
                n.map("costs", (node, prefix) -> {
                    if (!prefix.matches("[0-9]{1,15}")) {
                        throw node.error(prefix, "a prefix is 1 to 15 digits of an E.164 number");
                    }
                    return node.micros(prefix, 0, 0, PriceListConfig.MAX_PRICE);
                }),
                n.enumValue("receipt-id-format", ReceiptIdFormat.class, ReceiptIdFormat.AUTO),
                n.duration("failover-after", DEFAULT_FAILOVER_AFTER, Duration.ofSeconds(1), Duration.ofHours(1)),
                countryCode(n),
                http ? HttpUpstreamConfig.from(n.child("http")) : null);
        if (!http && n.has("http")) {
            throw n.error("http", "only for an upstream of type: http");
        }
        n.finish();
        return config;
    }

    private static String countryCode(ConfigNode n) {
        String code = n.string("country-code", "");
        if (!code.isEmpty() && !code.matches("[1-9][0-9]{0,2}")) {
            throw n.error("country-code", "a country calling code is 1 to 3 digits, the first not 0 (e.g. \"90\")");
        }
        return code;
    }
}
