package io.ringway.config;

import java.time.Duration;

/**
 * The HTTP API (JSON, Kannel-compatible sendsms, metrics).
 *
 * @param enabled              whether the HTTP server starts at all
 * @param host                 address to listen on
 * @param port                 TCP port
 * @param maxBodyBytes         request bodies larger than this are answered 413 without being buffered
 * @param idleTimeout          a connection that sends nothing for this long (a slow or stalled client, an idle
 *                             keep-alive connection) is closed (default 30s)
 * @param operatorApiKeyHash   PBKDF2 hash of the operator's API key, which may administer every account;
 *                             {@code null} (default): no operator access over HTTP
 * @param currency             ISO 4217 code of the currency all amounts are in, as the API reports it (EUR)
 * @param webhookTimeout       how long a delivery-report callback may take before it counts as failed (10s)
 * @param webhookRetryMin      first pause after a failed callback; it doubles per failure (1s)
 * @param webhookRetryMax      longest pause between callback attempts (10m)
 * @param webhookGiveUp        a delivery report still undelivered this long after the message's final state is
 *                             dropped, counted and logged (24h)
 * @param webhooksPerAccount   callback requests of one account under way at once; more wait, journaled, and a
 *                             report backing off after a failure holds no place (100)
 * @param accessLogEntries     recent access-log entries kept in memory per account (1000)
 * @param tlsPort              TCP port of the same API over HTTPS (certificate from the {@code tls} section); 0 is
 *                             off (default)
 */
public record HttpConfig(boolean enabled, String host, int port, int maxBodyBytes, Duration idleTimeout,
                         String operatorApiKeyHash, String currency, Duration webhookTimeout,
                         Duration webhookRetryMin, Duration webhookRetryMax, Duration webhookGiveUp,
                         int webhooksPerAccount, int accessLogEntries, int tlsPort) {

    static HttpConfig from(ConfigNode n) {
        String operatorKey = n.string("operator-api-key-hash", null);
        if (operatorKey != null && (!operatorKey.startsWith("pbkdf2-sha256$") || operatorKey.split("\\$").length != 4)) {
            throw n.error("operator-api-key-hash", "must be a hash made by './ringway hash-password'");
        }
        HttpConfig config = new HttpConfig(
                n.bool("enabled", true),
                n.string("host", "0.0.0.0"),
                n.integer("port", 8080, 0, 65535),
                n.integer("max-body-bytes", 4 << 20, 1024, 256 << 20),
                n.duration("idle-timeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
                operatorKey,
                n.string("currency", "EUR"),
                n.duration("webhook-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5)),
                n.duration("webhook-retry-min", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1)),
                n.duration("webhook-retry-max", Duration.ofMinutes(10), Duration.ofMillis(10), Duration.ofDays(1)),
                n.duration("webhook-give-up", Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofDays(30)),
                n.integer("webhooks-per-account", 100, 1, 100_000),
                n.integer("access-log-entries", 1000, 1, 1_000_000),
                n.integer("tls-port", 0, 0, 65535));
        if (!config.currency.matches("[A-Z]{3}")) {
            throw n.error("currency", "must be an ISO 4217 code such as EUR, was '" + config.currency + "'");
        }
        if (config.webhookRetryMax.compareTo(config.webhookRetryMin) < 0) {
            throw n.error("webhook-retry-max", "must not be shorter than webhook-retry-min");
        }
        n.finish();
        return config;
    }
}
