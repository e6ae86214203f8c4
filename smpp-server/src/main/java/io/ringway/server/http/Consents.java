package io.ringway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.engine.consent.Consent;
import io.ringway.engine.consent.ConsentCsvImport;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.consent.RecipientType;
import io.ringway.engine.message.Addresses;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.ConsentImporter;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The consent endpoints: {@code PUT /api/v1/consents/{msisdn}} records one recipient's consent for a brand,
 * {@code GET /api/v1/consents/{msisdn}?brand=} reads it, {@code POST /api/v1/consents/import} takes a CSV file.
 * Records are CONSENT ring events (journaled, applied by the business logic, which also checks that the account
 * owns the brand); reads are QUERY events. The import runs on the slow-work executor because it waits for ring
 * slots. Requests on the event loop; answers on the responder thread or the slow-work executor.
 */
final class Consents {
    private final RingIngress ingress;
    private final ConsentImporter importer;
    private final Executor slowWork;

    Consents(RingIngress ingress, ConsentImporter importer, Executor slowWork) {
        this.ingress = ingress;
        this.importer = importer;
        this.slowWork = slowWork;
    }

    /** The fields of a PUT; any other is refused, so that a misspelt one is not taken for absent. */
    private static final Set<String> FIELDS = Set.of("brand", "status", "date", "source", "recipient_type");

    /** {@code PUT}: brand, status, date, source, recipient_type. */
    void put(Exchange exchange, Principal principal, String msisdn) {
        JsonNode body = Json.parseObject(exchange);
        if (body == null || !Json.onlyKnownFields(exchange, body, FIELDS)) {
            return;
        }
        String brand = Json.requiredText(exchange, body, "brand");
        String statusText = brand == null ? null : Json.requiredText(exchange, body, "status");
        String dateText = statusText == null ? null : Json.requiredText(exchange, body, "date");
        String sourceText = dateText == null ? null : Json.requiredText(exchange, body, "source");
        String typeText = sourceText == null ? null : Json.requiredText(exchange, body, "recipient_type");
        if (exchange.ready()) {
            return;
        }
        ConsentStatus status = ConsentStatus.parse(statusText);
        long date = consentDate(dateText);
        ConsentSource source = ConsentSource.parse(sourceText);
        RecipientType type = RecipientType.parse(typeText);
        String problem = !Addresses.isE164(msisdn) ? "'" + msisdn + "' is not an E.164 number"
                : status == null ? "status must be OPT_IN or OPT_OUT"
                : date == Long.MIN_VALUE ? "date must be yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or ISO-8601"
                : date > System.currentTimeMillis() ? "date is in the future"
                : source == null ? "source must be one of WEB, SMS, CALL_CENTRE, PHYSICAL, EMAIL, MOBILE_APP, OTHER"
                : type == null ? "recipient_type must be INDIVIDUAL or MERCHANT" : null;
        if (problem != null) {
            exchange.error(422, Status.INVALID_CONSENT.code(), problem);
            return;
        }
        MessageEvent event = ingress.tryClaim(EventKind.CONSENT);
        if (event == null) {
            exchange.throttled("THROTTLED", "the engine is busy; retry later", 1);
            return;
        }
        String number = msisdn.startsWith("+") ? msisdn.substring(1) : msisdn;
        try {
            event.account = principal.account();
            event.destinationAddress = number;
            event.target = brand;
            event.consentStatus = status;
            event.consentDate = date;
            event.consentSource = source;
            event.recipientType = type;
            event.queryResponder = (correlation, decided) -> {
                if (decided.status != Status.OK) {
                    refuse(exchange, decided.status, brand);
                    return;
                }
                // The standing record: an older one than what was there is not taken, and the answer says so.
                Consent standing = decided.answer.consent;
                exchange.json(200, consentJson(number, brand,
                        standing != null ? standing : new Consent(status, date, source, type)));
            };
        } finally {
            ingress.publish(event);
        }
    }

    /** {@code GET ?brand=}: the standing consent, 404 when the recipient has none for the brand. */
    void get(Exchange exchange, Principal principal, String msisdn) {
        String brand = exchange.request.parameter("brand");
        if (brand == null || brand.isBlank()) {
            exchange.error(400, "INVALID_REQUEST", "query parameter 'brand' is required");
            return;
        }
        if (!Addresses.isE164(msisdn)) {
            exchange.error(422, Status.INVALID_CONSENT.code(), "'" + msisdn + "' is not an E.164 number");
            return;
        }
        MessageEvent event = ingress.tryClaim(EventKind.QUERY);
        if (event == null) {
            exchange.throttled("THROTTLED", "the engine is busy; retry later", 1);
            return;
        }
        String number = msisdn.startsWith("+") ? msisdn.substring(1) : msisdn;
        try {
            event.account = principal.account();
            event.target = brand;
            event.destinationAddress = number;
            event.queryResponder = (correlation, decided) -> {
                if (decided.status != Status.OK) {
                    refuse(exchange, decided.status, brand);
                } else if (decided.answer.consent == null) {
                    exchange.error(404, "NOT_FOUND", "no consent of " + number + " for brand " + brand);
                } else {
                    exchange.json(200, consentJson(number, brand, decided.answer.consent));
                }
            };
        } finally {
            ingress.publish(event);
        }
    }

    /** {@code POST /import}: a CSV body; answers counts and each rejected row's line and reason. */
    void importCsv(Exchange exchange, Principal principal) {
        byte[] body = exchange.request.body();
        String account = principal.account();
        try {
            slowWork.execute(() -> {
                ConsentCsvImport.Result result;
                try {
                    result = importer.importCsv(new InputStreamReader(new ByteArrayInputStream(body),
                            StandardCharsets.UTF_8), account, rows -> { });
                } catch (IllegalArgumentException malformed) {
                    exchange.error(400, "INVALID_CSV", malformed.getMessage());
                    return;
                } catch (RuntimeException e) { // answered, not left waiting: this thread is no event loop
                    exchange.error(500, Status.SYSTEM_ERROR.code(), "internal error");
                    throw e;
                }
                ObjectNode root = Exchange.JSON.createObjectNode();
                root.put("rows", result.rows());
                root.put("applied", result.applied());
                root.put("rejected", result.rejected());
                ArrayNode rejections = root.putArray("rejections");
                for (ConsentCsvImport.Rejection rejection : result.rejections()) {
                    rejections.addObject().put("line", rejection.line()).put("reason", rejection.reason());
                }
                exchange.json(200, root);
            });
        } catch (RejectedExecutionException busy) {
            exchange.throttled("BUSY", "another import or slow request is running; retry later", 5);
        }
    }

    /**
     * The consent date in epoch milliseconds, or {@code Long.MIN_VALUE} when it is not one. A date beyond what
     * milliseconds since 1970 can hold (the year -999999999) parses but cannot be converted: not a date either.
     */
    private static long consentDate(String text) {
        try {
            return ConsentCsvImport.parseDate(text);
        } catch (ArithmeticException | DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private static void refuse(Exchange exchange, Status status, String brand) {
        if (status == Status.INVALID_CONSENT) {
            exchange.error(422, status.code(), "no brand named '" + brand + "'");
        } else if (status == Status.FORBIDDEN) {
            exchange.error(403, status.code(), "brand '" + brand + "' belongs to another account");
        } else {
            exchange.error(status.httpStatus(), status.code(), status.description());
        }
    }

    private static ObjectNode consentJson(String msisdn, String brand, Consent consent) {
        ObjectNode root = Exchange.JSON.createObjectNode();
        root.put("msisdn", msisdn);
        root.put("brand", brand);
        root.put("status", consent.status().name());
        root.put("date", Instant.ofEpochMilli(consent.date()).toString());
        root.put("source", consent.source().name());
        root.put("recipient_type", consent.recipientType().name());
        return root;
    }
}
