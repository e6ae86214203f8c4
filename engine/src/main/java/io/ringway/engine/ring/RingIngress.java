package io.ringway.engine.ring;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.function.LongSupplier;

/**
 * How producers put events on the ring without allocating: claim a slot, fill it, publish it.
 *
 * <pre>{@code
 * MessageEvent event = ingress.tryClaim(EventKind.SUBMIT);
 * if (event == null) { answer ESME_RTHROTTLED; return; }
 * try { fill the fields } finally { ingress.publish(event); }
 * }</pre>
 *
 * A claimed slot must always be published (a slot that is never published stalls the ring); a producer that
 * fails while filling it marks it {@link EventKind#NOOP}.
 */
public final class RingIngress {
    private final RingBuffer<MessageEvent> ring;
    private final LongSupplier clock;

    RingIngress(RingBuffer<MessageEvent> ring, LongSupplier clock) {
        this.ring = ring;
        this.clock = clock;
    }

    /**
     * An ingress over a ring the caller built. The engine makes its own; this exists so that edge code (the SMPP
     * sessions, the HTTP API) can be tested against a ring in a chosen state, such as a full one.
     */
    public static RingIngress over(RingBuffer<MessageEvent> ring, LongSupplier clock) {
        return new RingIngress(ring, clock);
    }

    /**
     * Claims a slot if one is free right now, or returns {@code null} when the ring is full. Never blocks: the
     * call for customer-facing I/O threads, which answer "throttled" on {@code null}.
     */
    public MessageEvent tryClaim(EventKind kind) {
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return null;
        }
        MessageEvent event = ring.get(sequence);
        event.resetForClaim(kind, sequence, clock.getAsLong());
        return event;
    }

    /**
     * Claims a slot, waiting for one when the ring is full. For internal producers (upstream acknowledgements and
     * receipts, timers) whose input must not be dropped; never call it on a customer-facing event loop.
     */
    public MessageEvent claim(EventKind kind) {
        long sequence = ring.next();
        MessageEvent event = ring.get(sequence);
        event.resetForClaim(kind, sequence, clock.getAsLong());
        return event;
    }

    public void publish(MessageEvent event) {
        ring.publish(event.sequence);
    }

    /**
     * Claims {@code count} consecutive slots if all are free right now and returns the last one's sequence (the
     * first is {@code last - count + 1}), or returns -1 when the ring has not that much room. Never blocks. Each
     * slot is then taken with {@link #slot} and all of them published with {@link #publish(long, long)}.
     */
    long tryClaimRange(int count) {
        try {
            return ring.tryNext(count);
        } catch (InsufficientCapacityException full) {
            return -1;
        }
    }

    /**
     * Slot {@code sequence} of a range claimed with {@link #tryClaimRange}, made ready to be filled as a
     * {@code kind} stamped {@code now} (one {@link #now} for the whole range).
     */
    MessageEvent slot(long sequence, EventKind kind, long now) {
        MessageEvent event = ring.get(sequence);
        event.resetForClaim(kind, sequence, now);
        return event;
    }

    /** The time a claim is stamped with. */
    long now() {
        return clock.getAsLong();
    }

    /** Publishes the slots {@code first} to {@code last}, claimed together, at once. */
    void publish(long first, long last) {
        ring.publish(first, last);
    }

    /** Free slots right now (for metrics and back-pressure decisions). */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    public int bufferSize() {
        return ring.getBufferSize();
    }
}
