package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.pdu.DeliverSmResp;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamReporterTest {
    private static final String REPORTER = "ringway-upstream-up-reporter";

    private final RecordingUpstreamEvents events = new RecordingUpstreamEvents();
    private final UpstreamReporter reporter = new UpstreamReporter("up", events);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final String eventLoop = Thread.currentThread().getName(); // an EmbeddedChannel's loop is the caller

    @AfterEach
    void close() {
        reporter.close(Duration.ofSeconds(5));
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldMakeABurstStraightFromTheEventLoopAndAcknowledgeItsReceiptsOnceJournaled() {
        UpstreamReporter.Batch batch = reporter.batch();
        DeliverSmResp acknowledgement = new DeliverSmResp();

        batch.reading();
        batch.submitted(1, 0, "U1");
        batch.receipt(new UpstreamReceipt("U0", "DELIVRD", 0, 5L), channel, acknowledgement);
        assertThat(events.submitted()).as("held until the read completes").isEmpty();
        batch.readComplete();

        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "U1"));
        assertThat(events.receipts()).containsExactly(new RecordingUpstreamEvents.Receipt("up", "U0", "DELIVRD", 0, 5L));
        assertThat(events.threads()).containsOnly(eventLoop);
        channel.runPendingTasks(); // the engine told the journaled acknowledgement; the event loop writes it
        assertThat((Object) channel.readOutbound()).as("acknowledged once the engine has journaled it")
                .isSameAs(acknowledgement);
    }

    @Test
    void shouldHandABurstTheEngineHasNoRoomForToTheReporterThread() {
        events.room(false);
        UpstreamReporter.Batch batch = reporter.batch();
        DeliverSmResp acknowledgement = new DeliverSmResp();

        batch.reading();
        batch.submitted(1, 0, "U1");
        batch.receipt(new UpstreamReceipt("U0", "UNDELIV", 1, 5L), channel, acknowledgement);
        batch.readComplete();

        await(() -> events.receipts().size() == 1);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "U1"));
        assertThat(events.threads()).containsOnly(REPORTER);
        await(() -> {
            channel.runPendingTasks(); // the reporter writes the acknowledgement in a task on the channel's loop
            return !channel.outboundMessages().isEmpty();
        });
        assertThat((Object) channel.readOutbound()).isSameAs(acknowledgement);
    }

    @Test
    void shouldQueueABurstBehindReportsOfThisUpstreamStillOnTheirWay() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        events.holdAvailability(gate);
        reporter.availability(1); // on the reporter thread, held there
        UpstreamReporter.Batch batch = reporter.batch();

        batch.reading();
        batch.submitted(2, 0, "U2");
        batch.readComplete();
        Thread.sleep(50);
        assertThat(events.submitted()).as("not ahead of the availability report").isEmpty();

        gate.countDown();
        await(() -> events.submitted().size() == 1);
        assertThat(events.availability()).containsExactly(1);
        assertThat(events.threads()).containsExactly(REPORTER, REPORTER);

        // Once the reporter has nothing left, bursts go straight again.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> threads;
        int id = 3;
        do {
            batch.reading();
            batch.submitted(id, 0, "U" + id++);
            batch.readComplete();
            await(() -> events.submitted().size() == events.threads().size() - 1);
            threads = events.threads();
        } while (!threads.get(threads.size() - 1).equals(eventLoop) && System.nanoTime() < deadline);
        assertThat(threads.get(threads.size() - 1)).isEqualTo(eventLoop);
        assertThat(events.submitted()).extracting(RecordingUpstreamEvents.Submitted::messageId)
                .as("in the order read").isSorted();
    }

    @Test
    void shouldReportAReturnedMessageAsSuchInOrderAfterTheAvailabilityReport() {
        reporter.availability(0);
        reporter.returned(7);
        reporter.returned(8);

        await(() -> events.returned().size() == 2);
        assertThat(events.order()).containsExactly("availability 0", "returned 7", "returned 8");
        assertThat(events.returned()).containsExactly(new RecordingUpstreamEvents.Returned(7, "up"),
                new RecordingUpstreamEvents.Returned(8, "up"));
        assertThat(events.failed()).isEmpty();
    }

    @Test
    void shouldNeitherReportNorAcknowledgeABurstReadAfterItClosed() {
        UpstreamReporter.Batch batch = reporter.batch();
        reporter.close(Duration.ofSeconds(1)); // the engine may close now

        batch.reading();
        batch.submitted(1, 0, "U1");
        batch.receipt(new UpstreamReceipt("U0", "DELIVRD", 0, 5L), channel, new DeliverSmResp());
        batch.readComplete();

        assertThat(events.submitted()).isEmpty();
        assertThat(events.receipts()).isEmpty();
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).as("unacknowledged: the SMSC sends the receipt again").isEmpty();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
