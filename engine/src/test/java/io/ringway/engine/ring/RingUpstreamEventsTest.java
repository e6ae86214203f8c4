package io.ringway.engine.ring;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingUpstreamEventsTest {
    private static final long NOW = 1_700_000_000_000L;

    private final RingBuffer<MessageEvent> ring = RingBuffer.createMultiProducer(MessageEvent::new, 64);
    private final Sequence consumer = new Sequence();
    private final RingUpstreamEvents events;

    RingUpstreamEventsTest() {
        ring.addGatingSequences(consumer);
        events = new RingUpstreamEvents(RingIngress.over(ring, () -> NOW));
    }

    @Test
    void shouldPublishABatchTogetherInTheOrderItWasReported() {
        events.submitted(1, 0, "up", "first"); // one the waiting way before it

        boolean made = events.tryReport(3, engine -> {
            engine.submitted(2, 1, "up", "a2");
            engine.receipt("up", "a1", "DELIVRD", 0, 1234L);
            engine.submitFailed(3, 0, "up", 0);
        });

        assertThat(made).isTrue();
        assertThat(ring.getCursor()).isEqualTo(3);
        assertThat(ring.isAvailable(3)).isTrue();
        assertThat(ring.get(1).kind).isEqualTo(EventKind.UPSTREAM_ACK);
        assertThat(ring.get(1).messageId).isEqualTo(2);
        assertThat(ring.get(1).part).isEqualTo(1);
        assertThat(ring.get(1).upstreamMessageId).isEqualTo("a2");
        assertThat(ring.get(1).sequence).isEqualTo(1);
        assertThat(ring.get(1).timestamp).isEqualTo(NOW);
        assertThat(ring.get(2).kind).isEqualTo(EventKind.DLR);
        assertThat(ring.get(2).receiptStat).isEqualTo("DELIVRD");
        assertThat(ring.get(2).doneAt).isEqualTo(1234L);
        assertThat(ring.get(3).kind).isEqualTo(EventKind.UPSTREAM_ACK);
        assertThat(ring.get(3).commandStatus).as("a refusal without a status is a system error").isEqualTo(0x08);
    }

    @Test
    void shouldPublishTheSlotsNoReportFilledAsNothing() {
        boolean made = events.tryReport(3, engine -> engine.availability("up", 2));

        assertThat(made).isTrue();
        assertThat(ring.getCursor()).isEqualTo(2);
        assertThat(ring.get(0).kind).isEqualTo(EventKind.UPSTREAM_STATE);
        assertThat(ring.get(0).boundSessions).isEqualTo(2);
        assertThat(ring.get(1).kind).isEqualTo(EventKind.NOOP);
        assertThat(ring.get(2).kind).isEqualTo(EventKind.NOOP);
        assertThat(ring.isAvailable(2)).isTrue();
    }

    @Test
    void shouldReportNothingWithoutRoomForTheWholeBatch() {
        for (int i = 0; i < 62; i++) {
            events.submitted(i, 0, "up", "x" + i);
        }
        AtomicInteger calls = new AtomicInteger();

        boolean made = events.tryReport(3, engine -> calls.incrementAndGet());

        assertThat(made).isFalse();
        assertThat(calls).hasValue(0);
        assertThat(ring.getCursor()).isEqualTo(61);

        consumer.set(ring.getCursor()); // the ring drains: room again
        assertThat(events.tryReport(3, engine -> engine.submitted(99, 0, "up", "y"))).isTrue();
        assertThat(ring.get(62).messageId).isEqualTo(99);
    }

    @Test
    void shouldLeaveBatchesOfMoreThanAQuarterOfTheRingToTheWaitingWay() {
        assertThat(events.tryReport(17, engine -> { })).isFalse();
        assertThat(events.tryReport(0, engine -> { })).isFalse();
        assertThat(ring.getCursor()).isEqualTo(-1);
    }

    @Test
    void shouldPublishWhatWasClaimedEvenWhenMoreReportsThanSlotsAreMade() {
        assertThatThrownBy(() -> events.tryReport(1, engine -> {
            engine.submitted(1, 0, "up", "a");
            engine.submitted(2, 0, "up", "b");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(ring.getCursor()).isZero();
        assertThat(ring.isAvailable(0)).as("the claimed slot is published, or the ring would stall").isTrue();
        assertThat(ring.get(0).messageId).isEqualTo(1);
    }
}
