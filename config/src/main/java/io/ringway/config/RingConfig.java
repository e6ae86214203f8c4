package io.ringway.config;

import java.time.Duration;

/**
 * The Disruptor ring every input passes through.
 *
 * @param size                   slots in the ring; a power of two. A full ring answers ESME_RTHROTTLED / HTTP 429
 * @param waitStrategy           how idle handlers wait. {@code blocking} (default) blocks on producers and parks
 *                               with back-off on earlier stages, never spinning for long, which suits small shared
 *                               machines; {@code phased} spins briefly, then yields, then blocks;
 *                               {@code yielding} and {@code busy-spin} burn a core each and are for dedicated hosts
 * @param maxQueuedPerUpstream   accepted messages waiting for an upstream bind before new submissions for it are
 *                               refused with ESME_RMSGQFUL (bounds memory when an upstream stalls)
 * @param finishedMessages       outcomes of finished messages the business logic remembers for status queries
 *                               (GET /api/v1/messages/{id}); older ones answer "no longer known" (1,000,000)
 * @param idempotencyWindow      how long an accepted HTTP submission's {@code Idempotency-Key} is remembered, so
 *                               that a retry with the same key gets the original answer instead of a second
 *                               message (24h), measured in event time stamps
 * @param idempotencyKeys        idempotency keys remembered at most (one per recipient); past it the oldest is
 *                               forgotten first, which bounds memory however many keys clients send (1,000,000)
 */
public record RingConfig(int size, WaitStrategy waitStrategy, int maxQueuedPerUpstream, int finishedMessages,
                         Duration idempotencyWindow, int idempotencyKeys) {

    /** Named Disruptor wait strategies. */
    public enum WaitStrategy { BLOCKING, PHASED, SLEEPING, YIELDING, BUSY_SPIN }

    static RingConfig from(ConfigNode n) {
        int size = n.integer("size", 65536, 64, 1 << 24);
        if (Integer.bitCount(size) != 1) {
            throw n.error("size", "must be a power of two, was " + size);
        }
        RingConfig config = new RingConfig(size,
                n.enumValue("wait-strategy", WaitStrategy.class, WaitStrategy.BLOCKING),
                n.integer("max-queued-per-upstream", 200_000, 1, 100_000_000),
                n.integer("finished-messages", 1_000_000, 1, 100_000_000),
                n.duration("idempotency-window", Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofDays(7)),
                n.integer("idempotency-keys", 1_000_000, 1, 100_000_000));
        n.finish();
        return config;
    }
}
