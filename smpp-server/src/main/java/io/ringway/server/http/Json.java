package io.ringway.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ringway.config.Money;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reading request bodies: each helper answers the exchange with the right error (400 for malformed JSON or a
 * field of the wrong JSON type) and returns {@code null} when the request cannot go on. Stateless.
 */
final class Json {
    /**
     * Reads one JSON value and nothing after it: trailing content ({@code {...} garbage}, a second object) is
     * malformed, not ignored, and so is a name given twice in one object (which value was meant cannot be known).
     * Jackson's input limits (nesting depth, number and name lengths) apply.
     */
    private static final ObjectReader READER = Exchange.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withFeatures(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    /** The body as a JSON object, or {@code null} after answering 400. */
    static JsonNode parseObject(Exchange exchange) {
        byte[] body = exchange.request.body();
        if (body.length == 0) {
            exchange.error(400, "INVALID_JSON", "a JSON object body is required");
            return null;
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation(); // none for a broken input limit (nesting depth, number length)
            exchange.error(400, "INVALID_JSON", "the body is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            return null;
        } catch (IOException e) {
            exchange.error(400, "INVALID_JSON", "the body is not valid JSON");
            return null;
        }
        if (node == null || !node.isObject()) {
            exchange.error(400, "INVALID_JSON", "the body must be a JSON object");
            return null;
        }
        return node;
    }

    /**
     * Whether {@code body} has only fields named in {@code known}; else answers 400 naming the first other one. A
     * misspelt option ({@code validity} for {@code validity_seconds}, {@code sendAt}) would otherwise be ignored,
     * and the message sent as the client did not mean it.
     */
    static boolean onlyKnownFields(Exchange exchange, JsonNode body, Set<String> known) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                exchange.error(400, "INVALID_REQUEST", "unknown field '" + name + "'; the fields are "
                        + String.join(", ", new TreeSet<>(known)));
                return false;
            }
        }
        return true;
    }

    /** A required string field, or {@code null} after answering 400. */
    static String requiredText(Exchange exchange, JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            exchange.error(400, "INVALID_REQUEST", "'" + field + "' is required");
            return null;
        }
        if (!value.isTextual()) {
            exchange.error(400, "INVALID_REQUEST", "'" + field + "' must be a string");
            return null;
        }
        return value.asText();
    }

    /** An optional string field: {@code null} when absent, or after answering 400 when not a string. */
    static String optionalText(Exchange exchange, JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            exchange.error(400, "INVALID_REQUEST", "'" + field + "' must be a string");
            return null;
        }
        return value.asText();
    }

    /**
     * An optional decimal amount written as a string ("12.50"): digits, optionally a point and one to six more, a
     * leading minus. {@code absent} when the field is not given. A value of another JSON type is answered 400, one
     * not written so ({@code "1e3"}, {@code " 5"}, {@code "+5"}, seven places) or outside {@code min} to {@code max}
     * 422 INVALID_AMOUNT naming the field and its range; the exchange is then {@link Exchange#ready} and the value
     * returned means nothing (an amount of money has no value left over to signal an error with).
     */
    static long optionalMoney(Exchange exchange, JsonNode body, String field, long absent, long min, long max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isTextual()) {
            exchange.error(400, "INVALID_REQUEST", "'" + field + "' must be a decimal string such as \"10.00\"");
            return absent;
        }
        long amount = amount(value.asText());
        if (amount == NOT_AN_AMOUNT || amount < min || amount > max) {
            exchange.error(422, "INVALID_AMOUNT", "'" + field + "' must be a decimal string from " + Money.format(min)
                    + " to " + Money.format(max) + " with at most 6 decimal places");
            return absent;
        }
        return amount;
    }

    /** What {@link #amount} answers for a text that is not an amount as the API writes amounts. */
    static final long NOT_AN_AMOUNT = Long.MIN_VALUE;
    private static final Pattern AMOUNT = Pattern.compile("-?[0-9]+(\\.[0-9]{1,6})?");

    /**
     * {@code text} in micro-units when it is written as the API writes amounts (see {@link #optionalMoney}) and fits
     * a long above {@link #NOT_AN_AMOUNT}; otherwise {@link #NOT_AN_AMOUNT}.
     */
    static long amount(String text) {
        if (!AMOUNT.matcher(text).matches()) {
            return NOT_AN_AMOUNT;
        }
        try {
            return Money.parse(text);
        } catch (NumberFormatException tooLarge) {
            return NOT_AN_AMOUNT;
        }
    }

    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
