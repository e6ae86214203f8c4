package io.ringway.server.http;

import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.Status;

import java.net.InetAddress;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * {@code GET /cgi-bin/sendsms}, answering like Kannel's smsbox so that existing Kannel client code can point at
 * Ringway: {@code username}/{@code password} are the account's SMPP system_id and password, {@code to} may hold
 * several numbers separated by spaces, and success is {@code 202 "0: Accepted for delivery"}. With {@code dlr-url}
 * and a {@code dlr-mask} asking for final states (1 delivered, 2 failed), the delivery report is fetched from the
 * dlr-url with Kannel's escapes substituted ({@link KannelDlrUrl}); SMSC-level reports (8, 16) are not produced.
 *
 * <p>Event loop; the first use of a password is checked on the authentication executor.
 */
final class KannelSendSms {
    /** dlr-mask bits for the final states this server reports. */
    static final int DELIVERED = 1;
    static final int FAILED = 2;
    /** What separates the numbers in {@code to} (compiled once: {@code String.split} compiles it on every call). */
    private static final Pattern SPACES = Pattern.compile(" +");

    private final ApiAuthenticator authenticator;
    private final Submissions submissions;

    KannelSendSms(ApiAuthenticator authenticator, Submissions submissions) {
        this.authenticator = authenticator;
        this.submissions = submissions;
    }

    void handle(Exchange exchange, Executor eventLoop) {
        ApiRequest request = exchange.request;
        String username = request.parameter("username");
        String password = request.parameter("password");
        InetAddress remote = request.remote();
        Principal principal = username == null ? ApiAuthenticator.NOBODY
                : authenticator.cachedPassword(username, password, remote);
        if (principal != null) {
            proceed(exchange, principal);
            return;
        }
        authenticator.verifyPassword(username, password, remote).whenCompleteAsync((verified, failure) ->
                proceed(exchange, failure != null ? ApiAuthenticator.BUSY : verified), eventLoop);
    }

    private void proceed(Exchange exchange, Principal principal) {
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
        ApiRequest request = exchange.request;
        String to = request.parameter("to");
        String from = request.parameter("from");
        String text = request.parameter("text");
        if (to == null || to.isBlank()) {
            exchange.text(400, Exchange.TEXT_PLAIN, "Missing receiver number, rejected");
            return;
        }
        if (from == null || from.isBlank()) {
            exchange.text(400, Exchange.TEXT_PLAIN, "Sender missing and no global set, rejected");
            return;
        }
        if (text == null || text.isEmpty() || text.length() > Submissions.MAX_TEXT_CHARS) {
            exchange.text(400, Exchange.TEXT_PLAIN, "Missing or too long text, rejected");
            return;
        }
        String[] recipients = SPACES.split(to.trim());
        if (recipients.length > Submissions.MAX_RECIPIENTS) {
            exchange.text(400, Exchange.TEXT_PLAIN, "Too many receivers, rejected");
            return;
        }
        int mask = 0;
        String dlrUrl = request.parameter("dlr-url");
        if (request.parameter("dlr-mask") != null) {
            try {
                mask = Integer.parseInt(request.parameter("dlr-mask").trim());
            } catch (NumberFormatException e) {
                exchange.text(400, Exchange.TEXT_PLAIN, "Invalid dlr-mask, rejected");
                return;
            }
        }
        byte registeredDelivery = 0;
        String callback = null;
        if (dlrUrl != null && (mask & (DELIVERED | FAILED)) != 0) {
            if (!Json.isHttpUrl(dlrUrl.replace("%", "0"))) {
                exchange.text(400, Exchange.TEXT_PLAIN, "Invalid dlr-url, rejected");
                return;
            }
            registeredDelivery = (byte) ((mask & DELIVERED) != 0 ? 1 : 2);
            callback = KannelDlrUrl.encode(mask, dlrUrl);
        }
        Submissions.EncodedText encoded = Submissions.EncodedText.of(text);
        int parts = encoded.parts();
        if (parts > Segments.MAX_PARTS) {
            exchange.text(400, Exchange.TEXT_PLAIN, "Message too long (" + parts + " parts, at most "
                    + Segments.MAX_PARTS + "), rejected");
            return;
        }
        Submissions.Request submission = new Submissions.Request(from, recipients, encoded, null, callback,
                registeredDelivery, Channel.KANNEL);
        switch (submissions.publish(exchange, principal.account(), submission, KannelSendSms::answer)) {
            case OVER_MAX_TPS -> exchange.text(400, Exchange.TEXT_PLAIN, "Too many receivers for the account's "
                    + "max-tps (" + recipients.length + ", at most " + submissions.maxTps(principal.account())
                    + " a second), rejected");
            case RATE_LIMITED -> {
                exchange.retryAfter = 1;
                exchange.text(429, Exchange.TEXT_PLAIN, "Sending failed.");
            }
            case PUBLISHED -> { }
        }
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
