package io.ringway.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ringway.connectors.consent.HttpConsentRegistry;
import io.ringway.connectors.http.HttpProviderUpstream;
import io.ringway.connectors.smpp.SmppUpstream;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.RingIngress;
import io.ringway.engine.routing.Upstream;
import io.ringway.server.smpp.SmppRefusals;
import io.ringway.server.smpp.SmppServer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleFunction;

/**
 * Everything {@code GET /metrics} shows, in Prometheus exposition format through Micrometer. Engine and connector
 * figures are function counters and gauges that read the plain counters those threads keep when the endpoint is
 * scraped, so the ring's hot path never touches Micrometer. What the HTTP edge measures itself (requests by status,
 * submission latency, refusals at the edge) is recorded on the event loops.
 *
 * <p>Safe for concurrent use.
 */
final class ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer submissionLatency;
    private final Map<Integer, Counter> requestsByStatus = new ConcurrentHashMap<>();
    private final Map<String, Counter> edgeRejections = new ConcurrentHashMap<>();

    ApiMetrics() {
        submissionLatency = Timer.builder("ringway.http.submission.latency")
                .description("POST /api/v1/messages, request read to response ready")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** Binds the engine's, the connectors' and the SMPP server's counters; called once at start. */
    void bind(Engine engine, RingIngress ingress, Map<String, Upstream> upstreams, SmppServer smppServer,
              ReceiptRouter receipts, WebhookSender webhooks) {
        EngineCounters counters = engine.counters();
        counter("ringway.submissions", "submissions decided by the business logic", counters.submissions);
        counter("ringway.submissions.accepted", "submissions accepted", counters.accepted);
        counter("ringway.submissions.rejected", "submissions refused by the business logic", counters.rejected);
        counter("ringway.submissions.idempotent.replays",
                "submissions repeating an accepted one's Idempotency-Key, answered again and not sent",
                counters.idempotentReplays);
        counter("ringway.upstream.acks", "upstream submit_sm_resp OK", counters.upstreamAcks);
        counter("ringway.upstream.failures", "upstream permanent errors", counters.upstreamFailures);
        counter("ringway.receipts", "final receipts matched to a message", counters.receipts);
        counter("ringway.receipts.unmatched", "receipts for no known message", counters.receiptsUnmatched);
        counter("ringway.receipts.acknowledged", "receipts the customer acknowledged", counters.receiptsAcknowledged);
        counter("ringway.receipts.timeouts", "messages closed for want of a receipt", counters.receiptTimeouts);
        counter("ringway.receipts.early", "receipts that came before their submit_sm_resp, matched when it did",
                counters.receiptsEarly);
        counter("ringway.messages.held", "messages held for a usable upstream", counters.held);
        counter("ringway.messages.hold.timeouts", "held messages no upstream took within routing.hold-timeout",
                counters.holdTimeouts);
        counter("ringway.messages.given.back", "messages an upstream gave back unsent after failover-after",
                counters.givenBack);
        counter("ringway.inbound", "inbound (MO) messages received from upstreams", counters.inbound);
        counter("ringway.messages.cancelled", "scheduled messages cancelled by their customer", counters.cancelled);
        counter("ringway.messages.replaced", "scheduled messages replaced by a submission with replace_if_present",
                counters.replaced);
        counter("ringway.journal.writes", "journal records written", counters.journalWrites);
        counter("ringway.journal.failures", "journal writes that failed", counters.journalFailures);
        counter("ringway.ring.handler.exceptions", "exceptions caught in ring handlers", counters.handlerExceptions);
        counter("ringway.snapshots.written", "business-logic snapshots written", counters.snapshotsWritten);
        counter("ringway.snapshots.failures", "snapshots not written (failure, or no disk room)",
                counters.snapshotFailures);
        gauge("ringway.snapshot.last.written.seconds", "when the newest snapshot was written (epoch s), 0 before",
                counters.lastSnapshotMillis, millis -> millis.get() / 1000.0);
        gauge("ringway.snapshot.last.bytes", "size of the newest snapshot written", counters.lastSnapshotBytes,
                AtomicLong::get);
        gauge("ringway.ring.remaining", "free ring slots", ingress, RingIngress::remainingCapacity);
        gauge("ringway.ring.occupancy", "ring slots in use", ingress,
                ring -> ring.bufferSize() - ring.remainingCapacity());
        gauge("ringway.journal.lag", "events on the ring not yet written to the journal", engine, Engine::journalLag);
        gauge("ringway.journal.healthy", "1 while the journal can be written", engine,
                e -> e.journalHealthy() ? 1 : 0);
        SmppRefusals smppRefusals = smppServer.refusals();
        smppRefusals.onNewStatus(status -> FunctionCounter.builder("ringway.smpp.rejections", smppRefusals,
                        refusals -> refusals.count(status))
                .tag("status", String.format("0x%08X", status))
                .description("SMPP submissions refused, by the command_status answered").register(registry));
        gauge("ringway.smpp.connections", "open customer SMPP connections", smppServer, SmppServer::connections);
        gauge("ringway.smpp.bound", "bound customer SMPP sessions", smppServer, SmppServer::boundSessions);
        for (Upstream upstream : upstreams.values()) {
            if (upstream instanceof SmppUpstream smpp) {
                Gauge.builder("ringway.upstream.queued", smpp, SmppUpstream::queued).tag("upstream", smpp.name())
                        .description("messages waiting for a window slot").register(registry);
                Gauge.builder("ringway.upstream.in.flight", smpp, SmppUpstream::inFlight)
                        .tag("upstream", smpp.name()).description("upstream window in use").register(registry);
                Gauge.builder("ringway.upstream.binds", smpp, SmppUpstream::boundSessions)
                        .tag("upstream", smpp.name()).description("bound upstream sessions").register(registry);
                FunctionCounter.builder("ringway.upstream.retries", smpp, SmppUpstream::retries)
                        .tag("upstream", smpp.name()).description("throttled submissions retried")
                        .register(registry);
            } else if (upstream instanceof HttpProviderUpstream provider) {
                Gauge.builder("ringway.upstream.queued", provider, HttpProviderUpstream::queued)
                        .tag("upstream", provider.name()).description("messages waiting for a request slot")
                        .register(registry);
                FunctionCounter.builder("ringway.upstream.retries", provider, HttpProviderUpstream::retries)
                        .tag("upstream", provider.name()).description("requests retried after 429, 5xx or a failure")
                        .register(registry);
            }
        }
        AtomicLongArray byState = receipts.offeredByState;
        for (MessageState state : MessageState.values()) {
            if (state.isFinal()) {
                FunctionCounter.builder("ringway.receipts.handed.over", byState, a -> a.get(state.ordinal()))
                        .tag("state", state.name()).description("receipts handed to customers, by final state")
                        .register(registry);
            }
        }
        counter("ringway.webhooks.delivered", "delivery-report callbacks answered 2xx", webhooks.delivered);
        counter("ringway.webhooks.failed.attempts", "callback attempts that failed", webhooks.failedAttempts);
        counter("ringway.webhooks.given.up", "delivery reports dropped after webhook-give-up", webhooks.givenUp);
        gauge("ringway.webhooks.pending", "callbacks in flight or backing off", webhooks, WebhookSender::pending);
        counter("ringway.consent.refusals", "commercial submissions refused for consent", counters.consentRefusals);
        counter("ringway.consent.opt.out.replies", "opt-outs recorded from replies", counters.optOutReplies);
        counter("ringway.consent.lookups", "questions asked of the external consent registry", counters.consentLookups);
        counter("ringway.consent.cache.hits", "integrator-mode submissions decided from a cached registry answer",
                counters.consentCacheHits);
        counter("ringway.consent.registry.failures",
                "registry questions without a usable answer in time (submissions failed closed)",
                counters.consentRegistryFailures);
    }

    /** The external consent registry's client: pushes and their failures. */
    void bind(HttpConsentRegistry consentRegistry) {
        FunctionCounter.builder("ringway.consent.pushed", consentRegistry, HttpConsentRegistry::pushed)
                .description("consent changes the external registry took").register(registry);
        FunctionCounter.builder("ringway.consent.push.failures", consentRegistry, HttpConsentRegistry::pushFailures)
                .description("consent push attempts that failed and are retried").register(registry);
        FunctionCounter.builder("ringway.consent.push.refused", consentRegistry, HttpConsentRegistry::pushRefused)
                .description("consent changes the registry refused as invalid (not sent again)").register(registry);
        gauge("ringway.consent.push.backlog", "consent changes waiting to be pushed", consentRegistry,
                HttpConsentRegistry::pushBacklog);
    }

    /** Event loop, as each response goes out. */
    void answered(Exchange exchange) {
        requestsByStatus.computeIfAbsent(exchange.status, status -> Counter.builder("ringway.http.requests")
                .tag("status", Integer.toString(status)).description("HTTP API responses by status")
                .register(registry)).increment();
    }

    /** A submission (one recipient) refused, at the edge or by the engine, by reason code. */
    void rejected(String reason) {
        edgeRejections.computeIfAbsent(reason, code -> Counter.builder("ringway.http.rejections")
                .tag("reason", code).description("HTTP submissions refused, by reason")
                .register(registry)).increment();
    }

    /** Once every recipient of a submission is decided (responder thread, or the event loop on a full ring). */
    void submitted(SubmissionBatch batch) {
        submissionLatency.record(System.nanoTime() - batch.exchange.request.startNanos(), TimeUnit.NANOSECONDS);
        for (int i = 0; i < batch.statuses.length; i++) {
            if (batch.statuses[i] != io.ringway.engine.message.Status.OK) {
                rejected(batch.statuses[i].code());
            }
        }
    }

    String scrape() {
        return registry.scrape();
    }

    private void counter(String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
    }

    private <T> void gauge(String name, String description, T target, ToDoubleFunction<T> value) {
        Gauge.builder(name, target, value).description(description).register(registry);
    }
}
