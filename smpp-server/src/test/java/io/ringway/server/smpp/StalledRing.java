package io.ringway.server.smpp;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;

/**
 * A ring whose only consumer stands still until the test moves it, so that a test can fill the ring, read what
 * producers published, and then let it drain.
 */
final class StalledRing {
    static final long TIMESTAMP = 1_700_000_000_000L;

    final RingBuffer<MessageEvent> ring;
    final RingIngress ingress;
    private final Sequence consumer = new Sequence();

    StalledRing(int size) {
        ring = RingBuffer.createMultiProducer(MessageEvent::new, size);
        ring.addGatingSequences(consumer);
        ingress = RingIngress.over(ring, () -> TIMESTAMP);
    }

    /** Claims and publishes NOOP events until no slot is left. */
    void fill() {
        MessageEvent event;
        while ((event = ingress.tryClaim(EventKind.NOOP)) != null) {
            ingress.publish(event);
        }
    }

    /** Lets the consumer catch up with everything published: every slot is free again. */
    void drain() {
        consumer.set(ring.getCursor());
    }

    /** Events claimed so far, since the ring was made. */
    long claimed() {
        return ring.getCursor() + 1;
    }

    MessageEvent event(long sequence) {
        return ring.get(sequence);
    }

    /** The most recently claimed event. */
    MessageEvent last() {
        return ring.get(ring.getCursor());
    }
}
