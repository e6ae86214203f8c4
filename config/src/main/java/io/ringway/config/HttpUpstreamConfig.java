package io.ringway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP side of an upstream of {@code type: http}: a provider that takes one message per JSON (or form) POST,
 * answers with its message id, and reports delivery when polled. Kept apart from {@link UpstreamConfig} so that an
 * SMPP upstream carries none of it ({@code UpstreamConfig.http()} is null there).
 *
 * @param profile      the request and response shape: {@code infobip} and {@code jetsms} are fixed shapes modeled
 *                     on those providers' public documentation; {@code generic} is described by {@code mapping}
 * @param url          the send endpoint
 * @param authHeader   a header sent with every request (e.g. {@code Authorization}), or null
 * @param authValue    its value (e.g. {@code App <key>})
 * @param username     account name: sent in the body when the mapping has a {@code user-field}, else as HTTP
 *                     basic authentication; null for none
 * @param password     its password
 * @param statusUrl    the delivery-report polling endpoint; {@code {id}} is replaced by the provider's message id
 *                     (polled once per pending message), without it the endpoint is polled for every pending
 *                     message at once (infobip); null: receipts are not polled
 * @param pollInterval the pause between two polls of the pending messages
 * @param timeout      a request without a whole answer within this time has timed out: a send is made once more,
 *                     then fails (the provider may have taken it); a poll is made again the next round
 * @param inFlight     requests open at once
 * @param mapping      the field mapping of {@code generic} and {@code jetsms} (null for infobip)
 * @param webhookSecret the secret a provider pushing reports to {@code POST /upstreams/<name>/receipts?secret=...}
 *                      on Ringway's HTTP port must give; null: no pushed reports are taken
 */
public record HttpUpstreamConfig(
        Profile profile,
        URI url,
        String authHeader,
        String authValue,
        String username,
        String password,
        String statusUrl,
        Duration pollInterval,
        Duration timeout,
        int inFlight,
        FieldMapping mapping,
        String webhookSecret) {

    /** The shape of the provider's API. */
    public enum Profile { GENERIC, INFOBIP, JETSMS }

    /** How the body of a send request is written. */
    public enum BodyFormat { JSON, FORM }

    /**
     * Where a mapped profile puts a message in its request and finds the answer in the responses.
     *
     * @param format        JSON object or form-encoded body
     * @param toField       field of the destination number
     * @param fromField     field of the sender (originator)
     * @param textField     field of the text (whole, however long: the provider splits it)
     * @param userField     field of {@code username} in the body, or null (then basic authentication)
     * @param passwordField field of {@code password} in the body, or null
     * @param idPath        JSON pointer to the message id in the send response
     * @param statusPath    JSON pointer to the status in a status response
     * @param errorPath     JSON pointer to a numeric error code in a status response, or null
     * @param statuses      provider status value to receipt stat word (DELIVRD, UNDELIV, EXPIRED, REJECTD,
     *                      DELETED, UNKNOWN); any other value is not final and is polled again
     */
    public record FieldMapping(
            BodyFormat format,
            String toField,
            String fromField,
            String textField,
            String userField,
            String passwordField,
            String idPath,
            String statusPath,
            String errorPath,
            Map<String, String> statuses) {

        public FieldMapping {
            statuses = Map.copyOf(statuses);
        }

        /**
         * JetSMS's HttpSmsSend form (as its public client libraries send it): credentials in the body, the
         * originator as {@code TransmissionID}; its text answer is read by the connector's jetsms profile. The id,
         * status and error paths read status responses (JSON, polled per id or pushed), which JetSMS does not
         * describe publicly.
         */
        public static final FieldMapping JETSMS = new FieldMapping(BodyFormat.FORM, "Msisdns", "TransmissionID",
                "Messages", "Username", "Password", "/messageId", "/status", "/errorCode",
                Map.of("DELIVERED", "DELIVRD", "UNDELIVERED", "UNDELIV", "EXPIRED", "EXPIRED",
                        "REJECTED", "REJECTD"));

        /** Defaults of the generic profile: a flat JSON body, {@code id} and {@code status} at the top. */
        public static final FieldMapping GENERIC = new FieldMapping(BodyFormat.JSON, "to", "from", "text", null, null,
                "/id", "/status", null,
                Map.of("DELIVERED", "DELIVRD", "UNDELIVERED", "UNDELIV", "EXPIRED", "EXPIRED",
                        "REJECTED", "REJECTD"));

        static FieldMapping from(ConfigNode n, FieldMapping defaults) {
            FieldMapping mapping = new FieldMapping(
                    n.enumValue("format", BodyFormat.class, defaults.format()),
                    n.string("to-field", defaults.toField()),
                    n.string("from-field", defaults.fromField()),
                    n.string("text-field", defaults.textField()),
                    n.string("user-field", defaults.userField()),
                    n.string("password-field", defaults.passwordField()),
                    pointer(n, "id-path", defaults.idPath()),
                    pointer(n, "status-path", defaults.statusPath()),
                    pointer(n, "error-path", defaults.errorPath()),
                    n.has("statuses") ? n.map("statuses", (node, value) -> stat(node, value)) : defaults.statuses());
            n.finish();
            return mapping;
        }

        private static String pointer(ConfigNode n, String key, String defaultValue) {
            String value = n.string(key, defaultValue);
            if (value != null && !value.startsWith("/")) {
                throw n.error(key, "must be a JSON pointer starting with '/', was '" + value + "'");
            }
            return value;
        }

        private static String stat(ConfigNode n, String value) {
            String stat = n.requiredString(value);
            if (!stat.matches("DELIVRD|UNDELIV|EXPIRED|REJECTD|DELETED|UNKNOWN")) {
                throw n.error(value, "must be one of DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, UNKNOWN, was '"
                        + stat + "'");
            }
            return stat;
        }
    }

    static HttpUpstreamConfig from(ConfigNode n) {
        Profile profile = n.enumValue("profile", Profile.class, Profile.GENERIC);
        URI url = uri(n, "url", n.requiredString("url"));
        ConfigNode auth = n.child("auth");
        String header = auth.string("header", null);
        String value = auth.string("value", null);
        if (header != null && (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")
                || header.toLowerCase(Locale.ROOT).matches("connection|content-length|expect|host|upgrade"))) {
            throw auth.error("header", "must be a header name other than Connection, Content-Length, Expect, Host "
                    + "and Upgrade, was '" + header + "'");
        }
        if ((header == null) != (value == null)) {
            throw header == null ? auth.error("header", "is required with value")
                    : auth.error("value", "is required with header");
        }
        String username = auth.string("user", null);
        String password = auth.string("password", null);
        auth.finish();
        String statusUrl = n.string("status-url", null);
        if (statusUrl != null) {
            uri(n, "status-url", statusUrl.replace("{id}", "id"));
        }
        Duration pollInterval = n.duration("poll-interval", Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofHours(1));
        Duration timeout = n.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofMinutes(10));
        int inFlight = n.integer("in-flight", 16, 1, 1024);
        String webhookSecret = n.string("webhook-secret", null);
        if (webhookSecret != null && webhookSecret.length() < 16) {
            throw n.error("webhook-secret", "must be at least 16 characters");
        }
        FieldMapping mapping = switch (profile) {
            case INFOBIP -> {
                if (n.has("mapping")) {
                    throw n.error("mapping",
                            "the infobip profile has a fixed shape; use profile: generic to map fields");
                }
                yield null;
            }
            case JETSMS -> FieldMapping.from(n.child("mapping"), FieldMapping.JETSMS);
            case GENERIC -> FieldMapping.from(n.child("mapping"), FieldMapping.GENERIC);
        };
        n.finish();
        return new HttpUpstreamConfig(profile, url, header, value, username, password, statusUrl, pollInterval,
                timeout, inFlight, mapping, webhookSecret);
    }

    private static URI uri(ConfigNode n, String key, String text) {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw n.error(key, "must be an http:// or https:// URL, was '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw n.error(key, "is not a URL: " + e.getMessage());
        }
    }
}
