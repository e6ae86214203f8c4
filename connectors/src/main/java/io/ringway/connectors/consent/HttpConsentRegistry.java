package io.ringway.connectors.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.config.ConsentRegistryConfig;
import io.ringway.connectors.http.BoundedExchange;
import io.ringway.engine.consent.Consent;
import io.ringway.engine.consent.ConsentChange;
import io.ringway.engine.consent.ConsentRegistryEvents;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.consent.ExternalConsentRegistry;
import io.ringway.engine.consent.RecipientType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The external consent registry over HTTP and JSON (the contract is in README.md, "External consent registry").
 *
 * <p>Lookups: {@code GET {url}/brands/{brand}/consents/{msisdn}?channel=SMS}; 200 with a consent, 404 for none on
 * record; anything else, a time-out or a body that does not follow the contract is "unavailable" (the engine
 * then fails closed). At most {@link #MAX_LOOKUPS_IN_FLIGHT} questions are open at once; more wait their turn.
 *
 * <p>Pushes: {@code POST {url}/brands/{brand}/consents} with up to {@code push-batch} changes of one brand, in
 * change order, on one thread. 2xx: the registry took them (reported to the engine, journaled). 429, 5xx, a
 * time-out or a connection failure: the same batch again after a back-off (1 s doubling to 60 s), so order holds.
 * Another 4xx: the registry refuses the records themselves, so sending them again cannot help: logged, counted
 * and passed over. Every change carries its {@code change_id}, so a registry can drop a batch it already took
 * (after a restart the changes not acknowledged are pushed again).
 *
 * <p>Results reach the engine through one reporter thread, because {@link ConsentRegistryEvents} may block on a
 * full ring and the HTTP client's threads must not.
 */
public final class HttpConsentRegistry implements ExternalConsentRegistry, AutoCloseable {
    static final int MAX_LOOKUPS_IN_FLIGHT = 128;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(60);
    /** A registry that is down fails every lookup: one warning per interval, not one per message. */
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(HttpConsentRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsentRegistryConfig config;
    private final String baseUrl;
    private final ConsentRegistryEvents events;
    private final HttpClient client;
    private final ExecutorService reporter;
    private final Thread pusher;
    private final BlockingQueue<ConsentChange> toPush = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<String[]> waitingLookups = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lookupsInFlight = new AtomicInteger();
    private final Duration firstRetry;

    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong lookupFailures = new AtomicLong();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong pushFailures = new AtomicLong();
    private final AtomicLong pushRefused = new AtomicLong();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS);
    private volatile boolean closed;

    public HttpConsentRegistry(ConsentRegistryConfig config, ConsentRegistryEvents events) {
        this(config, events, FIRST_RETRY);
    }

    /** With another first back-off, for tests that would otherwise wait seconds for a retry. */
    HttpConsentRegistry(ConsentRegistryConfig config, ConsentRegistryEvents events, Duration firstRetry) {
        if (!config.configured()) {
            throw new IllegalArgumentException("consent.registry.url is not set");
        }
        this.config = config;
        this.baseUrl = config.baseUrl();
        this.events = events;
        this.firstRetry = firstRetry;
        // HTTP/1.1: without TLS the client would otherwise offer an h2c upgrade, which some front ends refuse
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .build();
        this.reporter = Executors.newSingleThreadExecutor(task -> daemon(task, "ringway-consent-registry-reporter"));
        this.pusher = daemon(this::pushLoop, "ringway-consent-registry-push");
        this.pusher.start();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    // ---- Lookups ----

    /** Dispatcher thread: never blocks. */
    @Override
    public void lookup(String brand, String msisdn) {
        lookups.incrementAndGet();
        waitingLookups.add(new String[] {brand, msisdn});
        startLookups();
    }

    private void startLookups() {
        while (!waitingLookups.isEmpty()) {
            int open = lookupsInFlight.get();
            if (open >= MAX_LOOKUPS_IN_FLIGHT) {
                return;
            }
            if (!lookupsInFlight.compareAndSet(open, open + 1)) {
                continue;
            }
            String[] question = waitingLookups.poll();
            if (question == null) {
                lookupsInFlight.decrementAndGet();
                return;
            }
            send(question[0], question[1]);
        }
    }

    private void send(String brand, String msisdn) {
        HttpRequest request;
        try {
            request = request(consentUrl(brand, msisdn) + "?channel=SMS").GET().build();
        } catch (IllegalArgumentException e) {
            lookupDone();
            failed(brand, msisdn, "cannot build the request: " + e.getMessage());
            return;
        }
        exchange(request).whenComplete((response, failure) -> {
            lookupDone();
            if (failure != null) {
                failed(brand, msisdn, failure.toString());
                return;
            }
            answer(brand, msisdn, response);
        });
    }

    private void lookupDone() {
        lookupsInFlight.decrementAndGet();
        if (!closed) {
            startLookups();
        }
    }

    private void answer(String brand, String msisdn, HttpResponse<String> response) {
        if (response.statusCode() == 404) {
            report(() -> events.answered(brand, msisdn, null));
            return;
        }
        if (response.statusCode() != 200) {
            failed(brand, msisdn, "HTTP " + response.statusCode());
            return;
        }
        Consent consent;
        try {
            consent = parseConsent(JSON.readTree(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            failed(brand, msisdn, "answer does not follow the contract: " + e.getMessage());
            return;
        }
        report(() -> events.answered(brand, msisdn, consent));
    }

    private void failed(String brand, String msisdn, String why) {
        long failures = lookupFailures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= FAILURE_LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
            LOG.warn("consent registry: no answer for brand {} ({}); failing closed ({} lookups failed so far)",
                    brand, why, failures);
        }
        report(() -> events.unavailable(brand, msisdn));
    }

    /**
     * A consent as the contract writes it: {@code status} (OPT_IN/OPT_OUT, or IYS ONAY/RET) and {@code date}
     * (ISO-8601 with an offset) required; {@code source} and {@code recipient_type} optional (OTHER, INDIVIDUAL).
     */
    static Consent parseConsent(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        ConsentStatus status = ConsentStatus.parse(text(body, "status"));
        if (status == null) {
            throw new IllegalArgumentException("'status' must be OPT_IN or OPT_OUT");
        }
        String dateText = text(body, "date");
        if (dateText == null) {
            throw new IllegalArgumentException("'date' is required");
        }
        long date;
        try {
            date = OffsetDateTime.parse(dateText).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'date' must be ISO-8601 with an offset, was '" + dateText + "'");
        }
        String sourceText = text(body, "source");
        ConsentSource source = sourceText == null ? ConsentSource.OTHER : ConsentSource.parse(sourceText);
        if (source == null) {
            throw new IllegalArgumentException("unknown 'source' '" + sourceText + "'");
        }
        String typeText = text(body, "recipient_type");
        RecipientType type = typeText == null ? RecipientType.INDIVIDUAL : RecipientType.parse(typeText);
        if (type == null) {
            throw new IllegalArgumentException("unknown 'recipient_type' '" + typeText + "'");
        }
        return new Consent(status, date, source, type);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    // ---- Pushes ----

    /** Dispatcher thread (or the engine's start): never blocks. */
    @Override
    public void push(ConsentChange change) {
        toPush.add(change);
    }

    private void pushLoop() {
        List<ConsentChange> drained = new ArrayList<>(config.pushBatch());
        while (!closed) {
            try {
                ConsentChange first = toPush.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                toPush.drainTo(drained, config.pushBatch() - 1);
                for (Map.Entry<String, List<ConsentChange>> brand : byBrand(drained).entrySet()) {
                    pushUntilTaken(brand.getKey(), brand.getValue());
                }
                drained.clear();
            } catch (InterruptedException e) {
                return; // closing: what is not acknowledged is pushed again after the next start
            }
        }
    }

    /** The changes grouped by brand, each group in change order. */
    private static Map<String, List<ConsentChange>> byBrand(List<ConsentChange> changes) {
        Map<String, List<ConsentChange>> groups = new LinkedHashMap<>();
        for (ConsentChange change : changes) {
            groups.computeIfAbsent(change.brand(), b -> new ArrayList<>()).add(change);
        }
        return groups;
    }

    private void pushUntilTaken(String brand, List<ConsentChange> batch) throws InterruptedException {
        HttpRequest request = request(baseUrl + "/brands/" + encode(brand) + "/consents")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(pushBody(batch), StandardCharsets.UTF_8)).build();
        long lastId = batch.get(batch.size() - 1).id();
        Duration backoff = firstRetry;
        while (!closed) {
            int status;
            String body;
            try {
                HttpResponse<String> response = exchange(request).get();
                status = response.statusCode();
                body = response.body();
            } catch (ExecutionException | CancellationException e) {
                status = 0;
                body = String.valueOf(e.getCause() != null ? e.getCause() : e);
            }
            if (status / 100 == 2) {
                pushed.addAndGet(batch.size());
                events.pushed(brand, lastId);
                return;
            }
            if (status >= 400 && status < 500 && status != 429 && status != 408) {
                pushRefused.addAndGet(batch.size());
                LOG.error("consent registry refused {} changes of brand {} (ids {}..{}) with HTTP {}: {}; not sent "
                        + "again", batch.size(), brand, batch.get(0).id(), lastId, status, excerpt(body));
                events.pushed(brand, lastId);
                return;
            }
            pushFailures.incrementAndGet();
            LOG.warn("consent registry push of brand {} failed ({}); again in {} ms", brand,
                    status == 0 ? excerpt(body) : "HTTP " + status, backoff.toMillis());
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
        }
        throw new InterruptedException("closed");
    }

    static String pushBody(List<ConsentChange> batch) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode consents = root.putArray("consents");
        for (ConsentChange change : batch) {
            ObjectNode record = consents.addObject();
            record.put("change_id", change.id());
            record.put("msisdn", change.msisdn());
            record.put("channel", "SMS");
            record.put("status", change.consent().status().name());
            record.put("date", Instant.ofEpochMilli(change.consent().date()).toString());
            record.put("source", change.consent().source().name());
            record.put("recipient_type", change.consent().recipientType().name());
        }
        return root.toString();
    }

    // ---- Common ----

    /**
     * Sends {@code request}, the whole exchange bounded by the registry's {@code timeout} ({@link BoundedExchange}):
     * a registry that sent its headers and never ended its body held a lookup's place for good (all of them, in the
     * end) or stopped the pushes.
     */
    private CompletableFuture<HttpResponse<String>> exchange(HttpRequest request) {
        return BoundedExchange.send(client, request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
                config.timeout());
    }

    /**
     * The contract names a recipient by its E.164 digits without '+'; an SMPP customer may write its destination
     * with one, and the engine asks (and is answered) under the number as written.
     */
    private String consentUrl(String brand, String msisdn) {
        String digits = msisdn.startsWith("+") ? msisdn.substring(1) : msisdn;
        return baseUrl + "/brands/" + encode(brand) + "/consents/" + encode(digits);
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                .header("Accept", "application/json").header("User-Agent", "Ringway");
        if (config.apiKey() != null) {
            builder.header("Authorization", "Bearer " + config.apiKey());
        }
        return builder;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String line = body.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private void report(Runnable report) {
        try {
            reporter.execute(report);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the engine answers open questions "unavailable" when it starts again
        }
    }

    /** Questions asked. */
    public long lookups() {
        return lookups.get();
    }

    /** Questions that got no usable answer. */
    public long lookupFailures() {
        return lookupFailures.get();
    }

    /** Changes the registry took. */
    public long pushed() {
        return pushed.get();
    }

    /** Push attempts that failed and were retried. */
    public long pushFailures() {
        return pushFailures.get();
    }

    /** Changes the registry refused as invalid (4xx), not sent again. */
    public long pushRefused() {
        return pushRefused.get();
    }

    /** Changes waiting to be pushed (not counting the batch being sent). */
    public int pushBacklog() {
        return toPush.size();
    }

    /** Stops pushing and asking; waits briefly for answers already on their way to the engine. */
    @Override
    public void close() {
        closed = true;
        pusher.interrupt();
        reporter.shutdown();
        try {
            if (!reporter.awaitTermination(2, TimeUnit.SECONDS)) {
                reporter.shutdownNow();
            }
            pusher.join(2_000);
        } catch (InterruptedException e) {
            reporter.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
