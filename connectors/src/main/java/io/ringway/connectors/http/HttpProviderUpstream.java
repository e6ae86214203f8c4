package io.ringway.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.config.HttpUpstreamConfig;
import io.ringway.config.UpstreamConfig;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.TextEncoding;
import io.ringway.engine.routing.ReportAcknowledgement;
import io.ringway.engine.routing.Upstream;
import io.ringway.engine.routing.UpstreamEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upstream HTTP provider: each message is one POST in the provider's shape ({@link ProviderProfile}), whose
 * answer carries the provider's message id; delivery is learnt by polling the provider's status URL for every
 * acknowledged message until it reports a final state, or from reports the provider pushes to Ringway's HTTP port
 * ({@link #receiptsPushed}). A pushed report that beats the answer to its send request is held until that answer
 * (at most {@link #EARLY_PUSH_HOLD}), so that every part of the message is acknowledged before its receipt.
 *
 * <p>Outcomes: a 2xx answer with an id acknowledges every part of the message under that one id (the provider
 * splits a long text itself; the engine finishes all those parts with the one receipt); 429, 5xx and connections
 * that fail before the request goes out are retried with exponential back-off and jitter between
 * {@code reconnect-min} and {@code reconnect-max}, never dropped; a request that went out unanswered (a time-out, a
 * connection lost) is sent once more, then fails ({@link #UNANSWERED_LIMIT}); any other answer (a 4xx, or a 2xx without an id) fails the message
 * permanently with the HTTP status as its error code. {@value #DOWN_AFTER_FAILURES} connection failures in a row
 * report the upstream down (availability 0) so routing goes elsewhere; the retried messages probe it, and the
 * first answer reports it up again.
 *
 * <p>Threading: {@link #submit} is called by the dispatcher thread and only enqueues. One worker thread owns the
 * in-flight count, the pending and early-pushed receipts and the availability state: it sends, handles every
 * answer (the HTTP client's threads only hand answers over to it), polls and takes pushed reports, which
 * {@link #receiptsPushed} parses on the HTTP event loop that received them and hands over. Everything the engine
 * hears goes through one reporter thread, because {@link UpstreamEvents} may block, in the order the worker learnt
 * it, so a message's {@code submitted} always precedes its receipt.
 */
public final class HttpProviderUpstream implements Upstream {
    /** Connection failures or time-outs in a row after which the upstream is reported down. */
    public static final int DOWN_AFTER_FAILURES = 3;
    /**
     * Attempts of one message that may have reached the provider unanswered (sent, then a time-out or the
     * connection lost) after which it fails rather than go out again: each might have been taken, and sent again
     * without end a message would reach its recipient as often as the provider answers late. As an SMPP upstream's
     * submit_sm unanswered within its response-timeout, it is sent once more.
     */
    static final int UNANSWERED_LIMIT = 2;
    /** The error code of a message failed so after a time-out: HTTP 504, the provider did not answer in time. */
    static final int HTTP_GATEWAY_TIMEOUT = 504;
    /** The error code of a message failed so after a connection lost mid-request: HTTP 502. */
    static final int HTTP_BAD_GATEWAY = 502;
    /** How long a pushed report for an id not acknowledged yet waits for the acknowledgement. */
    public static final Duration EARLY_PUSH_HOLD = Duration.ofSeconds(10);
    /** Acknowledged ids awaiting their final status, at most; beyond it the oldest is given up (receipt timeout). */
    static final int PENDING_LIMIT = 100_000;
    /** How long {@link #close()} waits for queued reports to reach the engine. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(HttpProviderUpstream.class);

    private final UpstreamConfig config;
    private final HttpUpstreamConfig http;
    private final ProviderProfile profile;
    private final UpstreamEvents events;
    private final HttpClient client;
    private final ScheduledExecutorService worker;
    private final ExecutorService reporter;
    private final ConcurrentLinkedDeque<Send> queue = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong retries = new AtomicLong();
    private final long tpsIntervalNanos;
    private volatile boolean available = true;
    private volatile boolean started;
    private volatile boolean closed;

    // Worker thread only.
    private int inFlight;
    private int failuresInARow;
    private long nextSendNanos;
    private int pollsOpen;
    /** A drain is scheduled for when the {@code tps} pace allows the next request. */
    private boolean paced;
    /** Provider ids acknowledged and not yet final, oldest polled first. */
    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    /** Pushed final statuses whose id was not acknowledged yet, by provider id. */
    private final Map<String, Pushed> early = new HashMap<>();

    public HttpProviderUpstream(UpstreamConfig config, UpstreamEvents events) {
        if (!config.isHttp()) {
            throw new IllegalArgumentException("upstream " + config.name() + " is not of type http");
        }
        this.config = config;
        this.http = config.http();
        this.profile = ProviderProfile.of(http);
        this.events = events;
        // HTTP/1.1: without TLS the client would otherwise offer an h2c upgrade, which some provider front ends refuse
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(http.timeout())
                .build();
        this.tpsIntervalNanos = config.tps() > 0 ? TimeUnit.SECONDS.toNanos(1) / config.tps() : 0;
        this.worker = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "worker"));
        this.reporter = Executors.newSingleThreadExecutor(task -> daemon(task, "reporter"));
    }

    private Thread daemon(Runnable task, String role) {
        Thread thread = new Thread(task, "ringway-upstream-" + config.name() + "-" + role);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String name() {
        return config.name();
    }

    /**
     * Reports the upstream up (sending needs no connection set-up; a down state journaled before a restart must
     * not outlive it) and starts polling for receipts.
     */
    @Override
    public void start() {
        if (started || closed) {
            return;
        }
        started = true;
        report(() -> events.availability(config.name(), 1));
        if (http.statusUrl() != null) {
            long interval = http.pollInterval().toNanos();
            worker.scheduleWithFixedDelay(() -> guarded(this::poll), interval, interval, TimeUnit.NANOSECONDS);
        }
        wake();
    }

    @Override
    public boolean isAvailable() {
        return available && !closed;
    }

    /**
     * Queues the message with the parts to acknowledge, those not acknowledged already (a message recovered from
     * the journal may have some), and wakes the worker; nothing when every part was. Never blocks, never drops
     * (after close it stays queued and recovery dispatches it again). The parts are read here, on the dispatcher
     * thread, because the business logic writes them once they are acknowledged.
     */
    @Override
    public void submit(Message message) {
        int[] parts = new int[message.segments()];
        int count = 0;
        for (int part = 0; part < parts.length; part++) {
            if (message.partUpstreamId(part) == null) {
                parts[count++] = part;
            }
        }
        if (count > 0) {
            queue.offerLast(new Send(message, count == parts.length ? parts : Arrays.copyOf(parts, count)));
            wake();
        }
    }

    /**
     * Stops sending and polling and waits at most {@link #CLOSE_WAIT} for queued reports. Messages not yet
     * acknowledged are neither sent again nor reported; the engine's recovery dispatches them again. Receipts
     * still pending are not polled any more; those messages end by the receipt timeout.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.shutdownNow();
        reporter.shutdown();
        try {
            if (!reporter.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("upstream {}: reports still queued after {} ms; abandoning them (recovery re-dispatches)",
                        config.name(), CLOSE_WAIT.toMillis());
                reporter.shutdownNow();
            }
        } catch (InterruptedException e) {
            reporter.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("upstream {}: closed with {} messages queued", config.name(), queue.size());
    }

    /**
     * Takes the reports a provider pushed in {@code body} (the shape its status responses have). Returns false
     * when the body is not JSON (then {@code answer} is told nothing). Otherwise {@code answer} is told once, on
     * any thread, how many final statuses the body held and whether every one of them is in the journal, so that
     * the push may be answered as taken; or, as soon as one could not be journaled (the journal refused it, or the
     * upstream is closing), that they are not, so that the provider pushes them again. A status for an id not
     * acknowledged yet is journaled once it is, or after {@link #EARLY_PUSH_HOLD}. Called on an HTTP event loop;
     * never blocks.
     */
    public boolean receiptsPushed(byte[] body, PushAnswer answer) {
        JsonNode json = ProviderProfile.json(body);
        if (json.isMissingNode()) {
            return false;
        }
        List<ProviderStatus> statuses = new ArrayList<>();
        profile.statuses(json, null, statuses);
        int receipts = statuses.size();
        if (receipts == 0) {
            answer.answer(0, true);
            return true;
        }
        ReportAcknowledgement each = eachJournaled(receipts, journaled -> answer.answer(receipts, journaled));
        try {
            worker.execute(() -> guarded(() -> statuses.forEach(status -> pushed(status, each))));
        } catch (RejectedExecutionException e) {
            answer.answer(receipts, false);
        }
        return true;
    }

    /** How a push of reports is answered ({@link #receiptsPushed}). */
    @FunctionalInterface
    public interface PushAnswer {
        /** Told once: the push held {@code receipts} final statuses, all journaled or not. */
        void answer(int receipts, boolean journaled);
    }

    /**
     * An acknowledgement to tell for each of {@code count} reports, which tells {@code all} once: true after the
     * last of them was journaled, false at the first that was not. Any thread.
     */
    static ReportAcknowledgement eachJournaled(int count, ReportAcknowledgement all) {
        AtomicInteger remaining = new AtomicInteger(count);
        AtomicBoolean told = new AtomicBoolean();
        return journaled -> {
            boolean decided = !journaled || remaining.decrementAndGet() == 0;
            if (decided && told.compareAndSet(false, true)) {
                all.journaled(journaled);
            }
        };
    }

    /** {@code secret} is this upstream's {@code webhook-secret} (false when it has none); constant time. */
    public boolean acceptsPushFrom(String secret) {
        return http.webhookSecret() != null && secret != null && MessageDigest.isEqual(
                http.webhookSecret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Messages waiting to be sent (retries waiting out their back-off not counted); counts the queue, for metrics. */
    public int queued() {
        return queue.size();
    }

    /** Send requests made again after a 429, a 5xx, a time-out or a connection failure. */
    public long retries() {
        return retries.get();
    }

    // ---- Worker thread.

    private void wake() {
        if (started && drainScheduled.compareAndSet(false, true)) {
            onWorker(this::drain);
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("upstream {}: closed, task dropped", config.name());
        }
    }

    /** Runs a worker task; an exception is logged rather than lost in the executor (and the polling goes on). */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("upstream {}: worker task failed", config.name(), e);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Send send;
        while (inFlight < http.inFlight() && (send = queue.pollFirst()) != null) {
            if (tpsIntervalNanos > 0) {
                long now = System.nanoTime();
                if (nextSendNanos - now > 0) {
                    queue.offerFirst(send);
                    if (!paced) {
                        paced = true;
                        worker.schedule(() -> guarded(() -> {
                            paced = false;
                            drain();
                        }), nextSendNanos - now, TimeUnit.NANOSECONDS);
                    }
                    return;
                }
                nextSendNanos = now + tpsIntervalNanos;
            }
            send(send);
        }
    }

    private void send(Send send) {
        HttpRequest request = authorised(profile.send(send.message, text(send.message))).build();
        send.bodyWritten = new AtomicBoolean();
        request = HttpRequest.newBuilder(request, (name, value) -> true)
                .method(request.method(), new WrittenBody(request.bodyPublisher().orElseThrow(), send.bodyWritten))
                .build();
        inFlight++;
        exchange(request).whenComplete((response, failure) -> onWorker(() -> answered(send, response, failure)));
    }

    /** Sends {@code request}, the whole exchange (answer body included) bounded by {@code timeout}. */
    private CompletableFuture<HttpResponse<byte[]>> exchange(HttpRequest request) {
        return BoundedExchange.send(client, request, HttpResponse.BodyHandlers.ofByteArray(), http.timeout());
    }

    private void answered(Send send, HttpResponse<byte[]> response, Throwable failure) {
        inFlight--;
        if (failure != null) {
            connectionFailed(failure);
            if (send.bodyWritten.get() && ++send.unanswered == UNANSWERED_LIMIT) {
                int error = timeOut(failure) ? HTTP_GATEWAY_TIMEOUT : HTTP_BAD_GATEWAY;
                LOG.warn("upstream {}: message {} went out {} times without an answer ({}); failed with {}, not sent "
                        + "again (the provider may have taken it)", config.name(), send.message.id(),
                        UNANSWERED_LIMIT, failure.toString(), error);
                failed(send, error);
            } else {
                retry(send);
            }
        } else {
            endpointAnswered();
            int status = response.statusCode();
            SendAnswer answer = status / 100 == 2 ? profile.sendAnswer(response.body()) : SendAnswer.UNREADABLE;
            if (answer.id() != null) {
                acknowledged(send, answer.id());
            } else if (answer.isRefusal()) {
                LOG.warn("upstream {}: message {} refused with the provider's error {} (HTTP {})", config.name(),
                        send.message.id(), answer.error(), status);
                failed(send, answer.error());
            } else if (status == 429 || status / 100 == 5 || answer == SendAnswer.TRY_AGAIN) {
                retry(send);
            } else {
                LOG.warn("upstream {}: message {} refused with HTTP {}{}", config.name(), send.message.id(), status,
                        status / 100 == 2 ? " (an answer without a message id)" : "");
                failed(send, status);
            }
        }
        drain();
    }

    private void acknowledged(Send send, String providerId) {
        long messageId = send.message.id();
        for (int part : send.parts) {
            report(() -> events.submitted(messageId, part, config.name(), providerId));
        }
        Pushed pushedEarly = early.remove(providerId);
        if (pushedEarly != null) {
            reportReceipt(pushedEarly.status, pushedEarly.journaled);
        } else if (http.statusUrl() != null || http.webhookSecret() != null) {
            if (pending.size() >= PENDING_LIMIT) {
                Iterator<String> oldest = pending.iterator();
                LOG.warn("upstream {}: {} ids await a status; giving up on {}", config.name(), PENDING_LIMIT,
                        oldest.next());
                oldest.remove();
            }
            pending.add(providerId);
        }
    }

    /**
     * Ids acknowledged before a restart whose final status has not come: polled again (and a pushed report for
     * one is taken at once). Recovery calls this before {@link #start()}.
     */
    @Override
    public void awaitReceipts(List<String> providerIds) {
        if (http.statusUrl() == null && http.webhookSecret() == null) {
            return;
        }
        List<String> ids = List.copyOf(providerIds);
        onWorker(() -> {
            for (String id : ids) {
                if (pending.size() >= PENDING_LIMIT) {
                    LOG.warn("upstream {}: {} ids await a status; not polling the rest of those recovered",
                            config.name(), PENDING_LIMIT);
                    return;
                }
                pending.add(id);
            }
            LOG.info("upstream {}: {} ids acknowledged before the restart await their status", config.name(),
                    ids.size());
        });
    }

    /** Worker thread: a pushed final status, whose push waits for {@code journaled}. */
    private void pushed(ProviderStatus status, ReportAcknowledgement journaled) {
        if (pending.remove(status.providerId())) {
            reportReceipt(status, journaled);
            return;
        }
        // Not acknowledged yet (or by a process before a restart): wait for the answer, then report it anyway. The
        // same id pushed again meanwhile: the newer status is reported, and both pushes are answered by it.
        Pushed before = early.get(status.providerId());
        ReportAcknowledgement answers = before == null ? journaled : written -> {
            before.journaled.journaled(written);
            journaled.journaled(written);
        };
        early.put(status.providerId(), new Pushed(status, answers));
        worker.schedule(() -> guarded(() -> {
            Pushed held = early.remove(status.providerId());
            if (held != null) {
                reportReceipt(held.status, held.journaled);
            }
        }), EARLY_PUSH_HOLD.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A polled final status: {@link #reportReceipt(ProviderStatus, ReportAcknowledgement)} with no push waiting. */
    private void reportReceipt(ProviderStatus status) {
        reportReceipt(status, journaled -> { });
    }

    /**
     * Reports a final status; one the journal could not take is awaited again ({@link #pollAgain}), as if it had
     * not come, rather than lost, and {@code push} is told whether it was journaled.
     */
    private void reportReceipt(ProviderStatus status, ReportAcknowledgement push) {
        String providerId = status.providerId();
        boolean queued = report(() -> {
            try {
                events.receipt(config.name(), providerId, status.stat(), status.errorCode(), 0L, journaled -> {
                    if (!journaled) {
                        pollAgain(providerId);
                    }
                    push.journaled(journaled);
                });
            } catch (RuntimeException refused) {
                push.journaled(false);
                throw refused;
            }
        });
        if (!queued) {
            push.journaled(false);
        }
    }

    /**
     * Any thread: {@code providerId} awaits its status again, polled where the provider has a status URL; a push
     * the journal refused is answered so that the provider pushes it again, and that push is then taken at once.
     */
    private void pollAgain(String providerId) {
        onWorker(() -> pending.add(providerId));
    }

    private void failed(Send send, int status) {
        long messageId = send.message.id();
        for (int part : send.parts) {
            report(() -> events.submitFailed(messageId, part, config.name(), status));
        }
    }

    private void retry(Send send) {
        retries.incrementAndGet();
        long delay = send.nextDelayNanos(config.reconnectMin().toNanos(), config.reconnectMax().toNanos());
        try {
            worker.schedule(() -> guarded(() -> {
                queue.offerFirst(send);
                drain();
            }), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("upstream {}: closed, message {} left to recovery", config.name(), send.message.id());
        }
    }

    private void connectionFailed(Throwable failure) {
        LOG.debug("upstream {}: request failed", config.name(), failure);
        if (++failuresInARow == DOWN_AFTER_FAILURES && available) {
            LOG.warn("upstream {}: {} requests in a row failed ({}); reported down", config.name(),
                    DOWN_AFTER_FAILURES, failure.toString());
            available = false;
            report(() -> events.availability(config.name(), 0));
        }
    }

    private void endpointAnswered() {
        failuresInARow = 0;
        if (!available) {
            LOG.info("upstream {}: answering again; reported up", config.name());
            available = true;
            report(() -> events.availability(config.name(), 1));
        }
    }

    /** One round: the bulk status URL once, or the per-id URL for up to {@code in-flight} pending ids. */
    private void poll() {
        if (pollsOpen > 0 || pending.isEmpty()) {
            return;
        }
        String url = http.statusUrl();
        if (!url.contains("{id}")) {
            poll(URI.create(url), null);
            return;
        }
        List<String> round = new ArrayList<>();
        Iterator<String> ids = pending.iterator();
        while (ids.hasNext() && round.size() < http.inFlight()) {
            round.add(ids.next());
            ids.remove();
        }
        pending.addAll(round); // polled ones go to the back; finished ones are removed as their answers come
        for (String id : round) {
            poll(URI.create(url.replace("{id}", URLEncoder.encode(id, StandardCharsets.UTF_8))), id);
        }
    }

    private void poll(URI uri, String polledId) {
        pollsOpen++;
        HttpRequest request = authorised(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET())
                .build();
        exchange(request).whenComplete((response, failure) -> onWorker(() -> polled(polledId, response, failure)));
    }

    private void polled(String polledId, HttpResponse<byte[]> response, Throwable failure) {
        pollsOpen--;
        if (failure != null || response.statusCode() / 100 != 2) {
            LOG.debug("upstream {}: status poll failed: {}", config.name(),
                    failure != null ? failure.toString() : "HTTP " + response.statusCode());
            return; // polled again next round
        }
        List<ProviderStatus> statuses = new ArrayList<>();
        profile.statuses(ProviderProfile.json(response.body()), polledId, statuses);
        boolean awaited = false;
        for (ProviderStatus status : statuses) {
            awaited |= pending.remove(status.providerId());
            reportReceipt(status);
        }
        if (polledId == null && awaited && !pending.isEmpty()) {
            // A bulk reports URL hands out a batch at a time, each report once (Infobip: 50 unless asked for up to
            // 1,000): one batch a poll-interval fell behind any traffic above it, and reports older than the
            // provider keeps them (Infobip: 48 h) were never fetched. The next batch is fetched at once while
            // batches bring reports awaited.
            poll();
        }
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder request) {
        request.timeout(http.timeout());
        if (http.authHeader() != null) {
            request.header(http.authHeader(), http.authValue());
        }
        boolean credentialsInBody = http.mapping() != null && http.mapping().userField() != null;
        if (http.username() != null && !credentialsInBody) {
            String credentials = http.username() + ":" + (http.password() == null ? "" : http.password());
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /** Queues a report for the engine; false when the upstream is closed and it will not be made. */
    private boolean report(Runnable report) {
        try {
            reporter.execute(() -> {
                try {
                    report.run();
                } catch (RuntimeException e) {
                    LOG.error("upstream {}: the engine refused a report", config.name(), e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            LOG.debug("upstream {}: closed, report not made", config.name());
            return false;
        }
    }

    /** The whole text of a message, without a user data header the customer put in front of it. */
    static String text(Message message) {
        byte[] payload = message.payload();
        int offset = (message.esmClass() & 0x40) != 0 && payload.length > 0
                ? Math.min(payload.length, (payload[0] & 0xFF) + 1) : 0;
        return TextEncoding.decode(payload, offset, payload.length - offset, message.dataCoding());
    }

    /** A time-out (the client's, or the whole exchange's deadline) rather than a connection lost. */
    private static boolean timeOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A request body that tells when the client starts writing it: after the connection (and any TLS handshake)
     * and the headers, so that a failure before it proves the provider got nothing.
     */
    private record WrittenBody(HttpRequest.BodyPublisher body, AtomicBoolean written)
            implements HttpRequest.BodyPublisher {
        @Override
        public long contentLength() {
            return body.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            written.set(true);
            body.subscribe(subscriber);
        }
    }

    /** One message on its way: the parts its answer acknowledges, and its back-off state (worker thread only). */
    private static final class Send {
        final Message message;
        final int[] parts;
        private int attempts;
        /** Whether the current attempt's body started to go out (set on the client's thread). */
        AtomicBoolean bodyWritten;
        /** Attempts that went out and got no answer (a time-out or a connection lost): the provider may have it. */
        int unanswered;

        Send(Message message, int[] parts) {
            this.message = message;
            this.parts = parts;
        }

        /** Exponential from {@code min}, capped at {@code max}, drawn from [c/2, c] so retries spread out. */
        long nextDelayNanos(long min, long max) {
            long ceiling = Math.min(max, min << Math.min(attempts++, 20));
            long floor = Math.max(min, ceiling / 2);
            return floor + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - floor + 1));
        }
    }

    /** A pushed final status held for its id's acknowledgement, and what its push (or pushes) wait for. */
    private record Pushed(ProviderStatus status, ReportAcknowledgement journaled) {
    }
}
