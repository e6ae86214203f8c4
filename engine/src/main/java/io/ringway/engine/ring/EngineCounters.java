package io.ringway.engine.ring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Plain counters the ring handlers keep. Each counter has a single writer (the handler thread that owns it),
 * which increments with an ordered store and no read-modify-write; the metrics sampler reads them from another
 * thread and publishes them. Nothing on the hot path touches Micrometer.
 */
public final class EngineCounters {
    public final AtomicLong submissions = new AtomicLong();
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();
    /** Submissions that repeated an accepted one's idempotency key and body: answered again, not sent again. */
    public final AtomicLong idempotentReplays = new AtomicLong();
    public final AtomicLong upstreamAcks = new AtomicLong();
    public final AtomicLong upstreamFailures = new AtomicLong();
    public final AtomicLong receipts = new AtomicLong();
    /** Receipts matching no message, including those held for an acknowledgement that never came. */
    public final AtomicLong receiptsUnmatched = new AtomicLong();
    /** Receipts that came before their submit_sm_resp and were matched when it arrived. */
    public final AtomicLong receiptsEarly = new AtomicLong();
    /** Messages accepted while no upstream of their route was usable, held for one. */
    public final AtomicLong held = new AtomicLong();
    /** Held messages that no upstream took within the hold timeout: REJECTED and refunded. */
    public final AtomicLong holdTimeouts = new AtomicLong();
    /** Messages an upstream gave back unsent after failover-after down (routed again, held, or failed). */
    public final AtomicLong givenBack = new AtomicLong();
    /** Scheduled messages their customer cancelled before their send time: DELETED (refunded by default). */
    public final AtomicLong cancelled = new AtomicLong();
    /** Scheduled messages a later submission with replace_if_present replaced before their send time: DELETED. */
    public final AtomicLong replaced = new AtomicLong();
    public final AtomicLong receiptsAcknowledged = new AtomicLong();
    /** Messages closed as UNKNOWN because no receipt came within the account's DLR timeout. */
    public final AtomicLong receiptTimeouts = new AtomicLong();
    /** Attempts to hand a receipt to a customer session (dispatcher thread). */
    public final AtomicLong receiptOffers = new AtomicLong();
    /** Commercial submissions refused for missing consent or an opt-out. */
    public final AtomicLong consentRefusals = new AtomicLong();
    /** Questions asked of the external consent registry (integrator-mode brands). */
    public final AtomicLong consentLookups = new AtomicLong();
    /** Commercial submissions of integrator-mode brands decided from a cached registry answer. */
    public final AtomicLong consentCacheHits = new AtomicLong();
    /** Registry questions that got no usable answer in time: their submissions were refused (fail closed). */
    public final AtomicLong consentRegistryFailures = new AtomicLong();
    /** Acknowledgements of consent pushes applied (each covers a batch of changes). */
    public final AtomicLong consentPushAcks = new AtomicLong();
    /** Inbound (MO) messages received. */
    public final AtomicLong inbound = new AtomicLong();
    /** Opt-outs recorded from replies carrying an opt-out keyword. */
    public final AtomicLong optOutReplies = new AtomicLong();
    public final AtomicLong journalWrites = new AtomicLong();
    public final AtomicLong journalFailures = new AtomicLong();
    public final AtomicLong handlerExceptions = new AtomicLong();
    /** Snapshots written (periodic, after a long recovery, at a clean stop); one writer at a time. */
    public final AtomicLong snapshotsWritten = new AtomicLong();
    /** Snapshots not written: a write or a replica failed, or the disk could not spare the room. */
    public final AtomicLong snapshotFailures = new AtomicLong();
    /** When the newest snapshot this process wrote was written (epoch milliseconds), 0 before the first. */
    public final AtomicLong lastSnapshotMillis = new AtomicLong();
    /** The size of that snapshot, octets. */
    public final AtomicLong lastSnapshotBytes = new AtomicLong();

    /** Single-writer increment: visible to readers soon, costs no fence on the writer's hot path. */
    static void increment(AtomicLong counter) {
        counter.lazySet(counter.get() + 1);
    }
}
