package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.journal.JournalHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three stages on one thread keep the pipelined stages' guarantees: the business logic and the output see an
 * event only once the journal has committed it (and, with {@code sync}, only at the batch's end, after the
 * journal forced it to the device), in ring order, the output after the business logic; a stage that throws is
 * reported for that event, and the event still reaches the output.
 */
class SingleThreadStagesTest {
    @TempDir
    Path data;

    private final RingBuffer<MessageEvent> ring = RingBuffer.createSingleProducer(MessageEvent::new, 8192);
    private final AtomicLong journalWrites = new AtomicLong();
    private final AtomicLong handlerFailures = new AtomicLong();
    /** "logic:SEQ" and "output:SEQ" in the order the stages saw them. */
    private final List<String> seen = new ArrayList<>();
    /** Journal records committed when the business logic saw each event, by sequence. */
    private final List<Long> committedWhenSeen = new ArrayList<>();
    private Journal journal;
    private SingleThreadStages stages;

    @AfterEach
    void closeJournal() {
        if (stages != null) {
            stages.onShutdown();
        }
        if (journal != null) {
            journal.close();
        }
    }

    private void start(boolean sync, EventHandler<MessageEvent> logic) {
        journal = new Journal(data);
        JournalHandler journalHandler = new JournalHandler(journal, ring, sync, journalWrites, new AtomicLong());
        EventHandler<MessageEvent> output = (event, sequence, endOfBatch) -> seen.add("output:" + sequence);
        stages = new SingleThreadStages(journalHandler, logic, output, ring,
                new RingExceptionHandler(handlerFailures));
        stages.onStart();
    }

    private EventHandler<MessageEvent> recordingLogic() {
        return (event, sequence, endOfBatch) -> {
            assertThat(event.journaled).as("journaled before the business logic sees it").isTrue();
            seen.add("logic:" + sequence);
            committedWhenSeen.add(journalWrites.get());
        };
    }

    /** Publishes {@code count} TIMER events from {@code first} as one Disruptor batch. */
    private void batch(long first, int count) throws Exception {
        for (long sequence = first; sequence < first + count; sequence++) {
            MessageEvent event = ring.get(sequence);
            event.resetForClaim(EventKind.TIMER, sequence, 1_000 + sequence);
            stages.onEvent(event, sequence, sequence == first + count - 1);
        }
    }

    @Test
    void shouldHandAnEventOnOnlyOnceTheJournalHasCommittedIt() throws Exception {
        start(false, recordingLogic());

        MessageEvent first = ring.get(0);
        first.resetForClaim(EventKind.TIMER, 0, 1_000);
        stages.onEvent(first, 0, false);
        assertThat(seen).as("the batch is still open").isEmpty();

        MessageEvent second = ring.get(1);
        second.resetForClaim(EventKind.TIMER, 1, 1_001);
        stages.onEvent(second, 1, true);
        assertThat(seen).containsExactly("logic:0", "output:0", "logic:1", "output:1");
        assertThat(committedWhenSeen).containsExactly(2L, 2L);

        batch(2, 3);
        assertThat(seen).hasSize(10).endsWith("logic:4", "output:4");
        assertThat(committedWhenSeen).endsWith(5L, 5L, 5L);
        assertThat(journal.replay(new MessageEvent(), event -> { })).isEqualTo(5);
    }

    @Test
    void shouldCommitALongBatchEarlyAndHandOnWhatItCommitted() throws Exception {
        start(false, recordingLogic());
        int count = 20_000;

        batch(0, count);

        assertThat(committedWhenSeen).hasSize(count);
        assertThat(committedWhenSeen.get(0)).as("handed on at an early commit")
                .isEqualTo(SingleThreadStages.MAX_PENDING);
        for (int sequence = 0; sequence < count; sequence++) {
            assertThat(committedWhenSeen.get(sequence)).as("committed before seen").isGreaterThan(sequence);
            assertThat(seen.get(2 * sequence)).isEqualTo("logic:" + sequence);
            assertThat(seen.get(2 * sequence + 1)).isEqualTo("output:" + sequence);
        }
    }

    @Test
    void shouldHandOnNothingBeforeTheBatchIsForcedToTheDeviceWhenSyncing() throws Exception {
        start(true, recordingLogic());
        int count = 20_000; // several 64 KiB journal documents, one forced write

        batch(0, count);

        assertThat(committedWhenSeen).hasSize(count).allMatch(committed -> committed == count);
    }

    @Test
    void shouldReportAFailingStageAndStillAnswerTheEvent() throws Exception {
        start(false, (event, sequence, endOfBatch) -> {
            seen.add("logic:" + sequence);
            if (sequence == 1) {
                throw new IllegalStateException("business logic bug");
            }
        });

        batch(0, 3);

        assertThat(seen).containsExactly("logic:0", "output:0", "logic:1", "output:1", "logic:2", "output:2");
        assertThat(handlerFailures.get()).isEqualTo(1);
    }
}
