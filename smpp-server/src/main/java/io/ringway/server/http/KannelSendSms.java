package io.ringway.server.http;

import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.Status;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * {@code /cgi-bin/sendsms}, answering like Kannel 1.4.5's smsbox so that existing Kannel client code can point at
 * Ringway: {@code username}/{@code password} (or {@code user}/{@code pass}) are the account's SMPP system_id and
 * password, {@code to} may hold several numbers separated by blanks, and success is
 * {@code 202 "0: Accepted for delivery"}. The parameters come in the query (GET), in {@code X-Kannel-*} headers with
 * the text as the body, or in a form body (POST): {@link KannelRequest}.
 *
 * <p>Kannel's parameters are honoured as Kannel 1.4.5 honours them where they map onto what a submission carries:
 * {@code text}, {@code charset}, {@code coding}, {@code udh}, {@code mclass} and {@code alt-dcs} make the body
 * ({@link KannelText}); {@code validity} and {@code deferred} (minutes) are the JSON API's {@code validity_seconds}
 * and {@code send_at} ({@link Submissions#validityMillis}, {@link Submissions#sendAt(long)}); {@code pid} and
 * {@code priority} go upstream as protocol_id and priority_flag, {@code rpi} as esm_class's reply path. The others
 * Kannel knows ({@link #UNSUPPORTED}) are refused with 400 naming the parameter, and so is any value Kannel would call
 * misformed (or, unlike Kannel, that is not a number): a request is never accepted to be sent otherwise than it asks.
 * With {@code dlr-url} and a {@code dlr-mask} asking for final states (1 delivered, 2 failed), the delivery report is
 * fetched from the dlr-url with Kannel's escapes substituted ({@link KannelDlrUrl}); SMSC-level and buffered reports
 * (4, 8, 16) are not produced.
 *
 * <p>Event loop; the first use of a password is checked on the authentication executor.
 */
final class KannelSendSms {
    /** dlr-mask bits for the final states this server reports. */
    static final int DELIVERED = 1;
    static final int FAILED = 2;
    /** What separates the numbers in {@code to}, as Kannel splits it into words (compiled once). */
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    /** Minutes of {@code validity} and {@code deferred} at most: the JSON API's 7 days. */
    private static final int MAX_MINUTES = Submissions.MAX_VALIDITY_SECONDS / 60;
    /** esm_class bit 7 (SMPP 3.4 §5.2.12): the reply path Kannel's {@code rpi} asks for. */
    private static final byte REPLY_PATH = (byte) 0x80;
    /** Parameters of Kannel's sendsms that Ringway cannot honour, and why; refused when given a value. */
    static final Map<String, String> UNSUPPORTED = unsupported();

    private final ApiAuthenticator authenticator;
    private final Submissions submissions;

    KannelSendSms(ApiAuthenticator authenticator, Submissions submissions) {
        this.authenticator = authenticator;
        this.submissions = submissions;
    }

    private static Map<String, String> unsupported() {
        Map<String, String> unsupported = new LinkedHashMap<>();
        unsupported.put("smsc", "Ringway routes by its route table; an upstream cannot be named");
        unsupported.put("account", "no accounting name is kept with the message");
        unsupported.put("binfo", "no billing information is passed upstream");
        unsupported.put("meta-data", "no TLVs are passed upstream");
        unsupported.put("mwi", "message waiting indications are not sent");
        return unsupported;
    }

    void handle(Exchange exchange, Executor eventLoop) {
        KannelRequest parameters = KannelRequest.of(exchange.request);
        if (parameters.unreadable() != null) {
            exchange.text(400, Exchange.TEXT_PLAIN, parameters.unreadable());
            return;
        }
        String username = parameters.text("username", "user");
        String password = parameters.text("password", "pass");
        InetAddress remote = exchange.request.remote();
        Principal principal = username == null ? ApiAuthenticator.NOBODY
                : authenticator.cachedPassword(username, password, remote);
        if (principal != null) {
            proceed(exchange, principal, parameters);
            return;
        }
        authenticator.verifyPassword(username, password, remote).whenCompleteAsync((verified, failure) ->
                proceed(exchange, failure != null ? ApiAuthenticator.BUSY : verified, parameters), eventLoop);
    }

    private void proceed(Exchange exchange, Principal principal, KannelRequest parameters) {
        if (principal == ApiAuthenticator.BUSY) {
            exchange.retryAfter = 1;
            exchange.text(503, Exchange.TEXT_PLAIN, "Sending failed.");
            return;
        }
        if (principal.account() == null) {
            exchange.text(403, Exchange.TEXT_PLAIN, "Authorization failed for sendsms");
            return;
        }
        exchange.account = principal.account();
        submit(exchange, principal.account(), parameters);
    }

    /** Checks every parameter, in about Kannel's order, and submits; anything wrong is answered 400. */
    private void submit(Exchange exchange, String account, KannelRequest parameters) {
        String to = parameters.text("to");
        if (to == null || to.isBlank()) {
            rejected(exchange, to == null ? "Missing receiver number, rejected"
                    : "Empty receiver number not allowed, rejected");
            return;
        }
        if (refusedUnsupported(exchange, parameters)) {
            return;
        }
        Numbers numbers = new Numbers(parameters);
        int coding = numbers.read("coding", "Coding", 0, 2);
        int mclass = numbers.read("mclass", "MClass", 0, 3);
        int altDcs = numbers.read("alt-dcs", "Alt-DCS", 0, 1);
        int pid = numbers.read("pid", "PID", 0, 255);
        int priority = numbers.read("priority", "Priority", 0, 3);
        int rpi = numbers.read("rpi", "RPI", 0, 2);
        int validity = numbers.read("validity", "Validity", 1, MAX_MINUTES);
        int deferred = numbers.read("deferred", "Deferred", 0, MAX_MINUTES);
        int dlrMask = numbers.read(parameters.text("dlr-mask") != null ? "dlr-mask" : "dlrmask", "DLR-Mask", 0, 63);
        if (numbers.misformed != null) {
            rejected(exchange, numbers.misformed);
            return;
        }
        boolean bothTimes = validity != KannelText.UNDEFINED && deferred != KannelText.UNDEFINED && deferred > 0;
        if (bothTimes && validity <= deferred) {
            // Kannel counts both from the request: such a message would expire before it is sent.
            rejected(exchange, "Validity ends before the deferred time, rejected");
            return;
        }
        String from = parameters.text("from");
        if (from == null || from.isBlank()) {
            rejected(exchange, "Sender missing and no global set, rejected");
            return;
        }
        String[] recipients = BLANKS.split(to.strip());
        if (recipients.length > Submissions.MAX_RECIPIENTS) {
            rejected(exchange, "Too many receivers, rejected");
            return;
        }
        String dlrUrl = parameters.text("dlr-url", "dlrurl");
        boolean reports = dlrUrl != null && dlrMask != KannelText.UNDEFINED && (dlrMask & (DELIVERED | FAILED)) != 0;
        if (reports && !Json.isHttpUrl(dlrUrl.replace("%", "0"))) {
            rejected(exchange, "Invalid dlr-url, rejected");
            return;
        }
        Submissions.EncodedText body = body(exchange, parameters, coding, mclass, altDcs, rpi);
        if (body == null) {
            return;
        }
        // Kannel's validity is a moment counted from the request, like its deferred time; what is left of it at the
        // deferred time goes upstream (Submissions' validity counts from the send time).
        long validityMillis = validity == KannelText.UNDEFINED ? 0
                : Submissions.validityMillis((validity - (bothTimes ? deferred : 0)) * 60L);
        long sendAt = deferred == KannelText.UNDEFINED ? 0
                : submissions.sendAt(submissions.now() + deferred * 60_000L);
        publish(exchange, account, new Submissions.Request(from, recipients, body, null,
                reports ? KannelDlrUrl.encode(dlrMask, dlrUrl) : null,
                (byte) (!reports ? 0 : (dlrMask & DELIVERED) != 0 ? 1 : 2), Channel.KANNEL, validityMillis, null,
                sendAt, null, (byte) Math.max(0, pid), (byte) Math.max(0, priority)));
    }

    /** The message body ({@link KannelText}), or {@code null} when it cannot be sent as asked (answered 400). */
    private static Submissions.EncodedText body(Exchange exchange, KannelRequest parameters, int coding, int mclass,
                                                int altDcs, int rpi) {
        byte[] text = parameters.octets("text");
        byte[] udh = parameters.octets("udh");
        if ((text == null || text.length == 0) && (udh == null || udh.length == 0)) {
            rejected(exchange, "Missing text, rejected");
            return null;
        }
        int defaultCoding = parameters.octetStream() ? KannelText.EIGHT_BIT : KannelText.UNDEFINED;
        KannelText.Encoded encoded = KannelText.encode(text, udh, coding == KannelText.UNDEFINED ? defaultCoding
                : coding, parameters.text("charset"), mclass, altDcs);
        if (encoded.refusal() != null) {
            rejected(exchange, encoded.refusal());
            return null;
        }
        Submissions.EncodedText body = encoded.body();
        if (rpi > 0) { // Kannel: RPI 1 or 2 asks for a reply path
            body = new Submissions.EncodedText(body.dataCoding(), (byte) (body.esmClass() | REPLY_PATH),
                    body.payload());
        }
        int parts = body.parts();
        if (parts > Segments.MAX_PARTS) {
            rejected(exchange, "Message too long (" + parts + " parts, at most " + Segments.MAX_PARTS + "), rejected");
            return null;
        }
        return body;
    }

    private void publish(Exchange exchange, String account, Submissions.Request submission) {
        switch (submissions.publish(exchange, account, submission, KannelSendSms::answer)) {
            case OVER_MAX_TPS -> rejected(exchange, "Too many receivers for the account's max-tps ("
                    + submission.to().length + ", at most " + submissions.maxTps(account) + " a second), rejected");
            case RATE_LIMITED -> {
                exchange.retryAfter = 1;
                exchange.text(429, Exchange.TEXT_PLAIN, "Sending failed.");
            }
            case PUBLISHED -> { }
        }
    }

    /** Refuses the first of {@link #UNSUPPORTED} given a value (and {@code compress} other than 0); true if so. */
    private static boolean refusedUnsupported(Exchange exchange, KannelRequest parameters) {
        for (Map.Entry<String, String> parameter : UNSUPPORTED.entrySet()) {
            String value = parameters.text(parameter.getKey());
            if (value != null && !value.isBlank()) {
                rejected(exchange, "Parameter " + parameter.getKey() + " is not supported (" + parameter.getValue()
                        + "), rejected");
                return true;
            }
        }
        String compress = parameters.text("compress");
        if (compress != null && !compress.isBlank() && !compress.strip().equals("0")
                && !compress.strip().equals("-1")) {
            rejected(exchange, "Parameter compress is not supported (messages are not compressed), rejected");
            return true;
        }
        return false;
    }

    /**
     * Reads Kannel's numeric parameters, each a whole number in its range, and remembers the first that is not,
     * in Kannel's words ({@code "Coding field misformed, rejected"}, with the range).
     */
    private static final class Numbers {
        private final KannelRequest parameters;
        /** The first misformed parameter's answer, or {@code null}. */
        String misformed;

        Numbers(KannelRequest parameters) {
            this.parameters = parameters;
        }

        /**
         * Parameter {@code name} from {@code min} to {@code max}; {@link KannelText#UNDEFINED} when it is absent,
         * empty or -1 (Kannel's "undefined"), and when it is misformed (then {@link #misformed} says so).
         */
        int read(String name, String label, int min, int max) {
            String value = parameters.text(name);
            if (value == null || value.isBlank() || value.strip().equals("-1")) {
                return KannelText.UNDEFINED;
            }
            String digits = value.strip();
            if (digits.matches("[0-9]{1,9}")) {
                int number = Integer.parseInt(digits);
                if (number >= min && number <= max) {
                    return number;
                }
            }
            if (misformed == null) {
                misformed = label + " field misformed (" + min + " to " + max + "), rejected";
            }
            return KannelText.UNDEFINED;
        }
    }

    private static void rejected(Exchange exchange, String text) {
        exchange.text(400, Exchange.TEXT_PLAIN, text);
    }

    /** Responder thread (or the event loop when every recipient was refused at the edge). */
    private static void answer(SubmissionBatch batch) {
        Exchange exchange = batch.exchange;
        Status refused = batch.allRefusedWith();
        if (refused == null) {
            exchange.text(202, Exchange.TEXT_PLAIN, "0: Accepted for delivery");
        } else if (refused.httpStatus() == 429) {
            exchange.retryAfter = 1;
            exchange.text(429, Exchange.TEXT_PLAIN, "Sending failed.");
        } else if (refused == Status.NO_ROUTE || refused == Status.NO_TARIFF) {
            exchange.text(403, Exchange.TEXT_PLAIN, "Not routable. Do not try again.");
        } else {
            exchange.text(refused.httpStatus(), Exchange.TEXT_PLAIN, "Sending failed: " + refused.description());
        }
    }
}
