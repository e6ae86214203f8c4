package io.ringway.config;

/**
 * An account's settings for the HTTP API, grouped so that the account record grows by one component. The keys sit
 * directly in the account's entry of the configuration file ({@code api-key-hash: ...}), not in a sub-section.
 *
 * @param apiKeyHash    PBKDF2 hash of the account's API key (same format as {@code password-hash}, made by
 *                      {@code ./ringway hash-password KEY}); {@code null}: the account has no API key and reaches
 *                      the JSON API only with HTTP Basic credentials (system_id and SMPP password)
 * @param webhookSecret key of the HMAC-SHA256 signature ({@code X-Ringway-Signature: sha256=<hex>}) of every
 *                      delivery-report callback; {@code null}: callbacks are sent unsigned
 * @param callbackUrl   where delivery reports of HTTP submissions without their own {@code callback_url} are
 *                      POSTed; {@code null}: such submissions get no delivery report
 * @param accessLog     whether the account's API requests are recorded in its access log (default false)
 * @param maxTps        submissions per second the account may make over HTTP before it is answered 429;
 *                      {@code 0} (default): no limit beyond the ring's back-pressure
 */
public record AccountApiConfig(String apiKeyHash, String webhookSecret, String callbackUrl, boolean accessLog,
                               int maxTps) {
    /** No API key, no secret, no default callback, no access log, no rate limit. */
    public static final AccountApiConfig NONE = new AccountApiConfig(null, null, null, false, 0);

    /** Reads the flat {@code api-key-hash}, {@code webhook-secret}, {@code callback-url}, ... keys of an account. */
    static AccountApiConfig from(ConfigNode n) {
        String keyHash = n.string("api-key-hash", null);
        if (keyHash != null && (!keyHash.startsWith("pbkdf2-sha256$") || keyHash.split("\\$").length != 4)) {
            throw n.error("api-key-hash", "must be a hash made by './ringway hash-password' "
                    + "(pbkdf2-sha256$iterations$salt$hash)");
        }
        String callbackUrl = n.string("callback-url", null);
        if (callbackUrl != null && !(callbackUrl.startsWith("http://") || callbackUrl.startsWith("https://"))) {
            throw n.error("callback-url", "must be an http:// or https:// URL, was '" + callbackUrl + "'");
        }
        String secret = n.string("webhook-secret", null);
        if (secret != null && secret.length() < 16) {
            throw n.error("webhook-secret", "must be at least 16 characters");
        }
        return new AccountApiConfig(keyHash, secret, callbackUrl, n.bool("api-access-log", false),
                n.integer("max-tps", 0, 0, 1_000_000));
    }
}
