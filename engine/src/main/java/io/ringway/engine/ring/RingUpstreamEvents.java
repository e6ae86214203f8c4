package io.ringway.engine.ring;

import io.ringway.engine.routing.UpstreamEvents;

import java.util.function.Consumer;

/**
 * Turns what connectors report into ring events. The calls wait for a slot when the ring is full and never drop;
 * {@link #tryReport} takes room for a whole batch at once or reports nothing, and never waits.
 */
final class RingUpstreamEvents extends UpstreamEventWriter {
    /** A batch larger than this goes the waiting way: one producer must not take most of the ring at once. */
    private static final int MOST_AT_ONCE_DIVISOR = 4;

    private final RingIngress ingress;

    RingUpstreamEvents(RingIngress ingress) {
        this.ingress = ingress;
    }

    @Override
    MessageEvent next(EventKind kind) {
        return ingress.claim(kind);
    }

    @Override
    void filled(MessageEvent event) {
        ingress.publish(event);
    }

    @Override
    public boolean tryReport(int count, Consumer<UpstreamEvents> reports) {
        if (count <= 0 || count > ingress.bufferSize() / MOST_AT_ONCE_DIVISOR) {
            return false;
        }
        long last = ingress.tryClaimRange(count);
        if (last < 0) {
            return false;
        }
        long first = last - count + 1;
        Range range = new Range(first, last, ingress.now());
        try {
            reports.accept(range);
        } finally {
            // Claimed slots must all be published; those no report filled pass through the ring as NOOPs.
            while (range.nextSequence <= last) {
                range.next(EventKind.NOOP);
            }
            ingress.publish(first, last);
        }
        return true;
    }

    /** Fills the slots of one claimed range in order; {@link #tryReport} publishes them together. */
    private final class Range extends UpstreamEventWriter {
        private long nextSequence;
        private final long last;
        private final long now;

        Range(long first, long last, long now) {
            this.nextSequence = first;
            this.last = last;
            this.now = now;
        }

        @Override
        MessageEvent next(EventKind kind) {
            if (nextSequence > last) {
                throw new IllegalStateException("more reports than slots claimed");
            }
            return ingress.slot(nextSequence++, kind, now);
        }

        @Override
        void filled(MessageEvent event) {
            // published with the whole range
        }
    }
}
