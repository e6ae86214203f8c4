package io.ringway.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.config.AccountApiConfig;
import io.ringway.config.HttpConfig;
import io.ringway.config.Money;
import io.ringway.connectors.http.BoundedExchange;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Delivers receipts of HTTP submissions as callbacks: a signed JSON POST to the message's {@code callback_url}
 * (JSON API) or a GET of its Kannel dlr-url. The engine's receipt outbox keeps every receipt, journaled, until a
 * RECEIPT_ACK comes back, and offers it again on every tick and after a restart; this sender publishes that
 * RECEIPT_ACK when the customer answered 2xx, or when the receipt has been owed longer than
 * {@code webhook-give-up} (counted and logged). Between, a failed callback is retried with doubling pauses from
 * {@code webhook-retry-min} to {@code webhook-retry-max}.
 *
 * <p>Threading: {@link #deliver} runs on the dispatcher thread and never waits: it starts an asynchronous request
 * (java.net.http) and returns. Completions and retries run on the HTTP client's and this sender's scheduler
 * threads; the per-receipt state is a concurrent map.
 */
final class WebhookSender implements CustomerSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final String SIGNATURE_HEADER = "X-Ringway-Signature";
    /** Pause before trying a full ring again when publishing an acknowledgement. */
    private static final long RING_RETRY_MILLIS = 5;

    private final HttpConfig config;
    private final AccountDirectory directory;
    private final RingIngress ingress;
    private final LongSupplier clock;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<Long, Attempt> attempts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> perAccount = new ConcurrentHashMap<>();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong givenUp = new AtomicLong();
    /** No new request is started (closing): only the answers to those under way are awaited. */
    private volatile boolean closing;
    /** Nothing more, not even an acknowledgement: the engine may be closing. */
    private volatile boolean closed;
    /** Requests sent and not yet answered. */
    private final AtomicInteger sending = new AtomicInteger();
    /** How long a close waits for the answers to requests under way. */
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    WebhookSender(HttpConfig config, AccountDirectory directory, RingIngress ingress, LongSupplier clock) {
        this.config = config;
        this.directory = directory;
        this.ingress = ingress;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "http-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        // HTTP/1.1: over plain http the client would otherwise ask every receiver for an h2c upgrade (Upgrade and
        // HTTP2-Settings headers on each POST), which strict receivers and some proxies refuse.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.webhookTimeout()).executor(executor).build();
    }

    /** True for receipts this sender delivers: HTTP or Kannel submissions that asked for a callback. */
    static boolean handles(CustomerReceipt receipt) {
        Channel channel = receipt.message().channel();
        return (channel == Channel.HTTP || channel == Channel.KANNEL) && receipt.message().callbackUrl() != null;
    }

    /** One receipt being delivered: its failures so far decide the next pause. */
    private static final class Attempt {
        final CustomerReceipt receipt;
        int failures;

        Attempt(CustomerReceipt receipt) {
            this.receipt = receipt;
        }
    }

    /** Dispatcher thread. */
    @Override
    public boolean deliver(CustomerReceipt receipt) {
        if (closing) {
            return false;
        }
        if (attempts.containsKey(receipt.messageId())) {
            return true; // still being delivered or backing off: the outbox re-offered it, nothing to start
        }
        if (inFlight(receipt).get() >= config.webhooksPerAccount()) {
            return false; // the rest wait in the outbox, journaled, for the next tick
        }
        Attempt attempt = new Attempt(receipt);
        attempts.put(receipt.messageId(), attempt);
        send(attempt);
        return true;
    }

    private void send(Attempt attempt) {
        if (closing) {
            return; // after the restart the engine offers it again
        }
        CustomerReceipt receipt = attempt.receipt;
        // Given up only after a failed attempt: a report that waited past the give-up time (its receiver behind,
        // the node down) is still tried once.
        if (attempt.failures > 0 && clock.getAsLong() - receipt.doneAt() > config.webhookGiveUp().toMillis()) {
            givenUp.incrementAndGet();
            LOG.warn("giving up the delivery report of message {} for '{}' after {} failed attempts over {}",
                    MessageIds.format(receipt.messageId()), receipt.account(), attempt.failures,
                    config.webhookGiveUp());
            finish(attempt);
            return;
        }
        HttpRequest request;
        try {
            request = request(receipt);
        } catch (IllegalArgumentException badUrl) {
            LOG.warn("delivery report of message {} dropped: callback URL is not valid",
                    MessageIds.format(receipt.messageId()));
            givenUp.incrementAndGet();
            finish(attempt);
            return;
        }
        if (request == null) {
            finish(attempt); // the Kannel dlr-mask did not ask for this outcome
            return;
        }
        AtomicInteger inFlight = inFlight(receipt);
        if (attempt.failures > 0 && inFlight.get() >= config.webhooksPerAccount()) {
            // A retry waits for room among its account's requests, like a first attempt in the outbox.
            scheduler.schedule(() -> send(attempt), config.webhookRetryMin().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        inFlight.incrementAndGet();
        sending.incrementAndGet();
        try {
            // Bounded as a whole: a receiver that sends its headers and never ends its body would otherwise hold
            // this request, and its place among the account's, for good.
            BoundedExchange.send(client, request, HttpResponse.BodyHandlers.discarding(), config.webhookTimeout())
                    .whenComplete((response, failure) -> answered(attempt, response, failure));
        } catch (RuntimeException e) {
            answered(attempt, null, e);
        }
    }

    private void answered(Attempt attempt, HttpResponse<Void> response, Throwable failure) {
        try {
            if (failure == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                finish(attempt);
                return;
            }
            failedAttempts.incrementAndGet();
            attempt.failures++;
            if (!closing) {
                retry(attempt);
            }
        } finally {
            inFlight(attempt.receipt).decrementAndGet();
            sending.decrementAndGet();
        }
    }

    /**
     * The account's requests under way: {@code webhooks-per-account} bounds them. A report backing off after a
     * failure holds no place, so a failing receiver does not hold up the account's other callbacks for long.
     */
    private AtomicInteger inFlight(CustomerReceipt receipt) {
        return perAccount.computeIfAbsent(receipt.account(), account -> new AtomicInteger());
    }

    private void retry(Attempt attempt) {
        long pause = Math.min(config.webhookRetryMax().toMillis(),
                config.webhookRetryMin().toMillis() << Math.min(attempt.failures - 1, 30));
        scheduler.schedule(() -> send(attempt), pause, TimeUnit.MILLISECONDS);
    }

    /** Acknowledges the receipt to the engine (it then forgets it). */
    private void finish(Attempt attempt) {
        if (closed) {
            return; // not acknowledged: after the restart the engine offers it again
        }
        MessageEvent event = ingress.tryClaim(EventKind.RECEIPT_ACK);
        if (event == null) {
            scheduler.schedule(() -> finish(attempt), RING_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        event.messageId = attempt.receipt.messageId();
        ingress.publish(event);
        attempts.remove(attempt.receipt.messageId());
    }

    private HttpRequest request(CustomerReceipt receipt) {
        String callback = receipt.message().callbackUrl();
        Duration timeout = config.webhookTimeout();
        if (receipt.message().channel() == Channel.KANNEL) {
            String url = KannelDlrUrl.forReceipt(callback, receipt);
            return url == null ? null : HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        }
        byte[] body = body(receipt);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(callback)).timeout(timeout)
                .header("Content-Type", Exchange.APPLICATION_JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        AccountApiConfig settings = directory.of(receipt.account());
        if (settings.webhookSecret() != null) {
            builder.header(SIGNATURE_HEADER, "sha256=" + sign(settings.webhookSecret(), body));
        }
        return builder.build();
    }

    static byte[] body(CustomerReceipt receipt) {
        ObjectNode root = Exchange.JSON.createObjectNode();
        root.put("id", MessageIds.format(receipt.messageId()));
        root.put("status", receipt.state().name());
        if (receipt.message().reference() != null) {
            root.put("reference", receipt.message().reference());
        }
        root.put("to", receipt.message().destinationAddress());
        root.put("from", receipt.message().sourceAddress());
        root.put("parts", receipt.message().segments());
        root.put("price", Money.format(receipt.message().charge()));
        root.put("error_code", receipt.errorCode());
        root.put("accepted_at", Instant.ofEpochMilli(receipt.message().acceptedAt()).toString());
        root.put("done_at", Instant.ofEpochMilli(receipt.doneAt()).toString());
        try {
            return Exchange.JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Callbacks being delivered or backing off. */
    int pending() {
        return attempts.size();
    }

    /** Stops retrying; receipts not yet acknowledged stay owed in the journal and go out after a restart. */
    @Override
    /**
     * Starts nothing more and waits a little for the answers to requests under way, so that a receiver's 2xx on its
     * way is journaled (as an acknowledgement) and its report not sent again after a restart; then stops. Reports
     * whose answer does not come in time are sent again after the restart (delivery is at least once).
     */
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        while (sending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        scheduler.shutdownNow();
    }
}
