package io.ringway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.config.Money;
import io.ringway.engine.message.Addresses;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.Status;
import io.ringway.engine.message.TextEncoding;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@code POST /api/v1/messages}: validates the request, then puts one SUBMIT event per recipient on the ring, the
 * same way an SMPP session does (claim without waiting, fill, publish in {@code finally}), and answers 202 once the
 * engine has decided every recipient. The engine rates, reserves, routes and journals exactly as for SMPP.
 *
 * <p>{@code validity_seconds}, {@code reference} and {@code send_at} travel with the SUBMIT and are journaled with
 * it: the upstream submit_sm carries the validity, status answers and callbacks carry the reference, and a
 * {@code send_at} more than a second ahead (at most {@value #MAX_SEND_AHEAD_DAYS} days) makes the message
 * SCHEDULED: rated and paid for now, sent by the engine when its time comes. Kannel's sendsms maps its
 * {@code validity} and {@code deferred} through the same {@link #validityMillis} and {@link #sendAt(long)}, and
 * publishes through {@link #publish} as well.
 *
 * <p>An {@code Idempotency-Key} header ({@value #MAX_IDEMPOTENCY_KEY} printable ASCII characters at most) travels
 * with each recipient's SUBMIT, with the recipient's index: the business logic answers a retry of an accepted
 * request from what it remembered (202 again, same ids, nothing charged or sent; the response then carries
 * {@code Idempotent-Replayed: true}) and refuses the key reused for another body (422 IDEMPOTENCY_KEY_REUSED).
 *
 * <p>Event loop only; answers arrive through {@link SubmissionBatch} on the responder thread.
 */
final class Submissions {
    static final int MAX_RECIPIENTS = 1000;
    /** Characters of text accepted: the engine takes bodies up to 65,535 octets, UCS-2 needs two per character. */
    static final int MAX_TEXT_CHARS = 32_767;
    static final int MAX_VALIDITY_SECONDS = 7 * 24 * 3600;
    static final int MAX_REFERENCE = 64;
    static final int MAX_IDEMPOTENCY_KEY = 64;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** A send_at this close to now (or earlier) means "now". */
    private static final long SEND_AT_SLACK_MILLIS = 1_000;
    static final int MAX_SEND_AHEAD_DAYS = 7;
    private static final long MAX_SEND_AHEAD_MILLIS = MAX_SEND_AHEAD_DAYS * 24 * 3_600_000L;

    private final RingIngress ingress;
    private final AccountDirectory directory;
    private final RateLimits limits;
    private final ApiMetrics metrics;
    private final LongSupplier clock;

    Submissions(RingIngress ingress, AccountDirectory directory, RateLimits limits, ApiMetrics metrics,
                LongSupplier clock) {
        this.ingress = ingress;
        this.directory = directory;
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * A submission that passed the edge's checks, ready for the ring.
     *
     * @param validityMillis how long the network may try, 0 for the upstream's default ({@link #validityMillis})
     * @param reference      the customer's own reference, or null
     * @param sendAt         when to send (epoch ms), 0 for now ({@link #sendAt(long)})
     * @param idempotencyKey the validated Idempotency-Key header, or null
     * @param protocolId     the submit_sm protocol_id to send with (SMPP 3.4 §5.2.13), 0 for none
     * @param priorityFlag   the submit_sm priority_flag (§5.2.14), 0-3
     */
    record Request(String from, String[] to, EncodedText text, String type, String callbackUrl,
                   byte registeredDelivery, Channel channel, long validityMillis, String reference, long sendAt,
                   String idempotencyKey, byte protocolId, byte priorityFlag) {
    }

    /**
     * A message body as the ring carries it: its data_coding, its esm_class (UDHI when the body begins with the
     * customer's own user data header, which makes it one message never split further) and its octets, exactly as
     * they are published.
     */
    record EncodedText(byte dataCoding, byte esmClass, byte[] payload) {
        /** {@code text} in the data coding with the most characters per segment that holds all of it; no UDH. */
        static EncodedText of(String text) {
            byte coding = TextEncoding.cheapest(text);
            return new EncodedText(coding, (byte) 0, TextEncoding.encode(text, coding));
        }

        /** The concatenated parts it goes out in, counted as the engine rates and splits it. */
        int parts() {
            return Segments.count(payload, dataCoding, esmClass);
        }
    }

    /** {@link #validityMillis} and {@link #sendAt(long)}'s answer for a value outside what the API takes. */
    static final long INVALID = -1;

    /**
     * A validity of {@code seconds} as the ring carries it, in milliseconds (the upstream's submit_sm then carries it
     * as a relative validity_period), or {@link #INVALID} outside 1 s to {@value #MAX_VALIDITY_SECONDS} s (7 days).
     */
    static long validityMillis(long seconds) {
        return seconds < 1 || seconds > MAX_VALIDITY_SECONDS ? INVALID : seconds * 1000;
    }

    /**
     * A message asked to go at {@code when} (epoch ms) as the ring carries it: 0 (now) for a time already past or
     * within the second, {@code when} itself (scheduled: rated and paid for now, sent by the engine's timer then),
     * or {@link #INVALID} for more than {@value #MAX_SEND_AHEAD_DAYS} days ahead.
     */
    long sendAt(long when) {
        long now = clock.getAsLong();
        if (when > now + MAX_SEND_AHEAD_MILLIS) {
            return INVALID;
        }
        return when > now + SEND_AT_SLACK_MILLIS ? when : 0;
    }

    /** The engine's clock, epoch ms, for an edge that schedules relative to now. */
    long now() {
        return clock.getAsLong();
    }

    /** The fields of a JSON submission; any other is refused (a misspelt option must not be ignored). */
    private static final Set<String> SUBMISSION_FIELDS = Set.of("from", "to", "text", "type",
            "reference", "callback_url", "validity_seconds", "send_at");

    void submitJson(Exchange exchange, String account) {
        String idempotencyKey = exchange.request.idempotencyKey();
        if (idempotencyKey != null && !isIdempotencyKey(idempotencyKey)) {
            exchange.error(400, "INVALID_REQUEST", "'" + IDEMPOTENCY_KEY + "' must be 1 to " + MAX_IDEMPOTENCY_KEY
                    + " printable ASCII characters (0x21-0x7E)");
            return;
        }
        JsonNode body = Json.parseObject(exchange);
        if (body == null || !Json.onlyKnownFields(exchange, body, SUBMISSION_FIELDS)) {
            return;
        }
        String from = Json.requiredText(exchange, body, "from");
        String text = from == null ? null : Json.requiredText(exchange, body, "text");
        if (text == null) {
            return;
        }
        String[] to = recipients(exchange, body.get("to"));
        if (to == null) {
            return;
        }
        String type = Json.optionalText(exchange, body, "type");
        String callbackUrl = Json.optionalText(exchange, body, "callback_url");
        String reference = Json.optionalText(exchange, body, "reference");
        if (exchange.ready() || !validOptions(exchange, body, type, callbackUrl, reference, text)) {
            return;
        }
        EncodedText encoded = EncodedText.of(text);
        int parts = encoded.parts();
        if (parts > Segments.MAX_PARTS) {
            exchange.error(422, Status.INVALID_MESSAGE_LENGTH.code(), "'text' needs " + parts + " parts; a message "
                    + "may have at most " + Segments.MAX_PARTS);
            return;
        }
        if (callbackUrl == null) {
            callbackUrl = directory.of(account).callbackUrl();
        }
        JsonNode validity = body.get("validity_seconds");
        long validityMillis = validity == null || validity.isNull() ? 0 : validityMillis(validity.asLong());
        JsonNode sendAtText = body.get("send_at");
        long sendAt = sendAtText == null || sendAtText.isNull() ? 0 : sendAt(epochMillis(sendAtText.asText()));
        Request request = new Request(from, to, encoded, type, callbackUrl, (byte) (callbackUrl == null ? 0 : 1),
                Channel.HTTP, validityMillis, reference, sendAt, idempotencyKey, (byte) 0, (byte) 0);
        switch (publish(exchange, account, request, batch -> answerJson(batch, reference, sendAt))) {
            case OVER_MAX_TPS -> exchange.error(422, "TOO_MANY_RECIPIENTS", to.length + " recipients, but the "
                    + "account may submit at most " + maxTps(account) + " a second (max-tps) and a request is "
                    + "admitted whole: it never can be; send at most " + maxTps(account) + " recipients a request");
            case RATE_LIMITED -> exchange.throttled("RATE_LIMITED", "the account's max-tps is reached; retry later",
                    1);
            case PUBLISHED -> { }
        }
    }

    /**
     * Whether {@link #publish} put a request's recipients on the ring, or why it refused the request whole before
     * any of them went: the account's {@code max-tps} is reached for now ({@link #RATE_LIMITED}, worth a retry), or
     * the request has more recipients than {@code max-tps} allows in a second, so that it can never be admitted
     * whole ({@link #OVER_MAX_TPS}).
     */
    enum Admission {
        PUBLISHED, RATE_LIMITED, OVER_MAX_TPS
    }

    /** The account's max-tps, 0 for none: the most recipients one request may have. */
    int maxTps(String account) {
        return limits.maxTps(account);
    }

    /**
     * Puts every recipient on the ring; the completion runs once all are decided. A request refused whole is not
     * answered here: the caller answers it in its own form. Event loop.
     */
    Admission publish(Exchange exchange, String account, Request request, SubmissionBatch.Completion completion) {
        int maxTps = limits.maxTps(account);
        if (maxTps > 0 && request.to().length > maxTps) {
            metrics.rejected("OVER_MAX_TPS");
            return Admission.OVER_MAX_TPS;
        }
        if (!limits.tryAcquire(account, request.to().length)) {
            metrics.rejected("RATE_LIMITED");
            return Admission.RATE_LIMITED;
        }
        SubmissionBatch batch = new SubmissionBatch(exchange, request.to(), decided -> {
            metrics.submitted(decided);
            completion.complete(decided);
        });
        boolean alphanumeric = !Addresses.isNumber(request.from());
        for (int i = 0; i < request.to().length; i++) {
            MessageEvent event = ingress.tryClaim(EventKind.SUBMIT);
            if (event == null) {
                batch.rejected(i, Status.THROTTLED);
                continue;
            }
            try {
                event.account = account;
                event.channel = request.channel();
                event.serviceType = request.type();
                event.sourceAddress = alphanumeric ? request.from() : stripPlus(request.from());
                event.sourceTon = (byte) (alphanumeric ? 5 : 1);
                event.sourceNpi = (byte) (alphanumeric ? 0 : 1);
                event.destinationAddress = stripPlus(request.to()[i]);
                event.destinationTon = 1;
                event.destinationNpi = 1;
                event.dataCoding = request.text().dataCoding();
                event.esmClass = request.text().esmClass();
                event.payload = request.text().payload();
                event.protocolId = request.protocolId();
                event.priorityFlag = request.priorityFlag();
                event.registeredDelivery = request.registeredDelivery();
                event.callbackUrl = request.callbackUrl();
                event.validityMillis = request.validityMillis();
                event.reference = request.reference();
                event.sendAt = request.sendAt();
                event.idempotencyKey = request.idempotencyKey();
                event.idempotencyRecipient = i;
                event.responder = batch;
                event.correlation = i;
            } catch (RuntimeException e) {
                event.kind = EventKind.NOOP;
                batch.rejected(i, Status.SYSTEM_ERROR);
                throw e;
            } finally {
                ingress.publish(event);
            }
        }
        return Admission.PUBLISHED;
    }

    private void answerJson(SubmissionBatch batch, String reference, long sendAt) {
        Exchange exchange = batch.exchange;
        Status refused = batch.allRefusedWith();
        if (refused != null) {
            if (refused.httpStatus() == 429) {
                exchange.throttled(refused.code(), refused.description(), 1);
            } else {
                exchange.error(refused.httpStatus(), refused.code(), refused.description());
            }
            return;
        }
        ObjectNode root = Exchange.JSON.createObjectNode();
        if (reference != null) {
            root.put("reference", reference);
        }
        long answeredSendAt = sendAt;
        for (int i = 0; i < batch.recipients.length && answeredSendAt == 0; i++) {
            answeredSendAt = batch.replayed[i] ? batch.originalSendAt[i] : 0; // as the original request was answered
        }
        if (answeredSendAt != 0) {
            root.put("send_at", Instant.ofEpochMilli(answeredSendAt).toString());
        }
        ArrayNode messages = root.putArray("messages");
        for (int i = 0; i < batch.recipients.length; i++) {
            ObjectNode message = messages.addObject();
            Status status = batch.statuses[i];
            if (status == Status.OK) {
                boolean scheduled = batch.replayed[i] ? batch.originalSendAt[i] != 0 : sendAt != 0;
                message.put("id", MessageIds.format(batch.ids[i]));
                message.put("to", batch.recipients[i]);
                message.put("status", scheduled ? "SCHEDULED" : "ACCEPTED");
                message.put("parts", batch.parts[i]);
                message.put("price", Money.format(batch.prices[i]));
            } else {
                message.put("to", batch.recipients[i]);
                message.put("status", "REJECTED");
                message.set("error", Exchange.errorBody(status.code(), status.description()).get("error"));
            }
        }
        exchange.idempotentReplayed = batch.anyReplayed();
        exchange.json(202, root);
    }

    /** 1 to {@value #MAX_IDEMPOTENCY_KEY} printable ASCII characters, no space (0x21-0x7E). */
    static boolean isIdempotencyKey(String key) {
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static String[] recipients(Exchange exchange, JsonNode to) {
        if (to == null || to.isNull()) {
            exchange.error(400, "INVALID_REQUEST", "'to' is required: an E.164 number or a list of them");
            return null;
        }
        if (to.isTextual()) {
            return new String[] {to.asText()};
        }
        if (!to.isArray() || to.isEmpty()) {
            exchange.error(400, "INVALID_REQUEST", "'to' must be an E.164 number or a non-empty list of them");
            return null;
        }
        if (to.size() > MAX_RECIPIENTS) {
            exchange.error(422, "TOO_MANY_RECIPIENTS", "at most " + MAX_RECIPIENTS + " recipients per request");
            return null;
        }
        String[] recipients = new String[to.size()];
        for (int i = 0; i < recipients.length; i++) {
            if (!to.get(i).isTextual()) {
                exchange.error(400, "INVALID_REQUEST", "'to[" + i + "]' must be a string");
                return null;
            }
            recipients[i] = to.get(i).asText();
        }
        return recipients;
    }

    private boolean validOptions(Exchange exchange, JsonNode body, String type, String callbackUrl, String reference,
                                 String text) {
        if (text.isEmpty() || text.length() > MAX_TEXT_CHARS) {
            exchange.error(422, Status.INVALID_MESSAGE_LENGTH.code(), "'text' must have 1 to " + MAX_TEXT_CHARS
                    + " characters");
            return false;
        }
        if (type != null && MessageType.fromText(type) == null) {
            exchange.error(422, "INVALID_TYPE", "'type' must be otp, transactional or commercial");
            return false;
        }
        if (callbackUrl != null && !Json.isHttpUrl(callbackUrl)) {
            exchange.error(422, "INVALID_CALLBACK_URL", "'callback_url' must be an absolute http or https URL");
            return false;
        }
        if (reference != null && reference.length() > MAX_REFERENCE) {
            exchange.error(422, "INVALID_REFERENCE", "'reference' must have at most " + MAX_REFERENCE + " characters");
            return false;
        }
        JsonNode validity = body.get("validity_seconds");
        if (validity != null && !validity.isNull()) {
            if (!validity.isIntegralNumber()) {
                exchange.error(400, "INVALID_REQUEST", "'validity_seconds' must be a whole number");
                return false;
            }
            if (!validity.canConvertToLong() || validityMillis(validity.asLong()) == INVALID) {
                exchange.error(422, "INVALID_VALIDITY", "'validity_seconds' must be from 1 to "
                        + MAX_VALIDITY_SECONDS);
                return false;
            }
        }
        JsonNode sendAt = body.get("send_at");
        if (sendAt != null && !sendAt.isNull()) {
            if (!sendAt.isTextual()) {
                exchange.error(400, "INVALID_REQUEST", "'send_at' must be a string");
                return false;
            }
            long when = epochMillis(sendAt.asText());
            if (when == Long.MIN_VALUE) {
                exchange.error(422, "INVALID_SEND_AT", "'send_at' must be an ISO-8601 UTC time such as "
                        + "2030-01-31T12:00:00Z");
                return false;
            }
            if (sendAt(when) == INVALID) {
                exchange.error(422, "INVALID_SEND_AT", "'send_at' may be at most " + MAX_SEND_AHEAD_DAYS
                        + " days ahead");
                return false;
            }
        }
        return true;
    }

    /**
     * An ISO-8601 instant in epoch milliseconds, or {@code Long.MIN_VALUE} when it is not one or lies beyond what
     * milliseconds since 1970 can hold (years past about 292 million, which {@link Instant} still parses).
     */
    private static long epochMillis(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * An E.164 number as the ring carries it, without its single leading '+'. Only one is taken off: a second one
     * stays, so that "++90..." is refused as the invalid address it is rather than made valid.
     */
    static String stripPlus(String address) {
        return address != null && address.startsWith("+") && !address.startsWith("++") ? address.substring(1)
                : address;
    }
}
