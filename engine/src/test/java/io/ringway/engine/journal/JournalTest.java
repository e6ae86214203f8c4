package io.ringway.engine.journal;

import com.lmax.disruptor.RingBuffer;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {
    @TempDir
    Path data;

    @Test
    void shouldMakeABatchVisibleOnlyWhenItIsCommitted() {
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            appender.write(receiptAck(1));
            appender.write(receiptAck(2));
            assertThat(appender.uncommittedRecords()).isEqualTo(2);
            assertThat(appender.uncommittedBytes()).isPositive();
            assertThat(replayedIds(journal)).isEmpty();

            assertThat(appender.commit()).isEqualTo(2);
            appender.append(receiptAck(3));

            assertThat(replayedIds(journal)).containsExactly(1L, 2L, 3L);
            assertThat(appender.uncommittedRecords()).isZero();
            assertThat(appender.commit()).isZero();
            appender.close();
        }
    }

    @Test
    void shouldRollBackTheWholeOpenBatchWhenAWriteFails() {
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            appender.append(receiptAck(1));
            appender.write(receiptAck(2));
            MessageEvent broken = new MessageEvent();
            broken.kind = EventKind.ADMIN; // no operation: cannot be encoded

            assertThatThrownBy(() -> appender.write(broken)).isInstanceOf(NullPointerException.class);

            assertThat(appender.uncommittedRecords()).isZero();
            appender.append(receiptAck(4));
            assertThat(replayedIds(journal)).containsExactly(1L, 4L);
            appender.close();
        }
    }

    /** A record that ends before its fields (a file cut short or overwritten) stops the replay with its place named. */
    @Test
    void shouldStopAReplayAtARecordCutShortNamingTheJournalAndTheDocument() {
        try (Journal journal = new Journal(data)) {
            journal.appender().append(receiptAck(1));
        }
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(data.resolve("journal"))
                .rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = queue.createAppender();
             DocumentContext document = appender.writingDocument()) {
            RecordWriter record = new RecordWriter();
            EventCodec.write(receiptAck(2), record);
            document.wire().bytes().write(record.array(), 0, record.size() - 5); // the message id cut short
        }
        try (Journal journal = new Journal(data)) {
            List<Long> replayed = new ArrayList<>();
            assertThatThrownBy(() -> journal.replay(new MessageEvent(), event -> replayed.add(event.messageId)))
                    .isInstanceOf(JournalDamagedException.class)
                    .hasMessageContaining("the journal in " + data.resolve("journal") + " is damaged at or after "
                            + "document")
                    .hasMessageEndingWith("Nothing was changed. Restore the journal directory from a copy");
            assertThat(replayed).containsExactly(1L);
        }
    }

    @Test
    void shouldReadDocumentsOfOneRecordWrittenBeforeBatchesBesideBatches() {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.binary(data.resolve("journal"))
                .rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender old = queue.createAppender()) {
            for (long id = 1; id <= 2; id++) {
                RecordWriter record = new RecordWriter();
                EventCodec.write(receiptAck(id), record);
                try (DocumentContext document = old.writingDocument()) {
                    document.wire().bytes().write(record.array(), 0, record.size());
                }
            }
        }
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            appender.write(receiptAck(3));
            appender.write(receiptAck(4));
            appender.commit();
            appender.close();

            assertThat(replayedIds(journal)).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void shouldJournalADisruptorBatchAsOneJournalBatchAndSetBackEveryEventOfABatchThatFails() {
        RingBuffer<MessageEvent> ring = RingBuffer.createSingleProducer(MessageEvent::new, 16);
        AtomicLong writes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        try (Journal journal = new Journal(data)) {
            JournalHandler handler = new JournalHandler(journal, ring, false, writes, failures);
            handler.onStart();

            publish(ring, receiptAck(1));
            publish(ring, query());
            publish(ring, receiptAck(2));
            handler.onEvent(ring.get(0), 0, false);
            handler.onEvent(ring.get(1), 1, false);
            handler.onEvent(ring.get(2), 2, true);
            assertThat(ring.get(0).journaled).isTrue();
            assertThat(ring.get(1).journaled).isTrue();
            assertThat(ring.get(2).journaled).isTrue();
            assertThat(writes.get()).isEqualTo(2);
            assertThat(handler.healthy()).isTrue();

            publish(ring, receiptAck(3));
            publish(ring, query());
            MessageEvent broken = new MessageEvent();
            broken.kind = EventKind.ADMIN;
            publish(ring, broken);
            handler.onEvent(ring.get(3), 3, false);
            handler.onEvent(ring.get(4), 4, false);
            handler.onEvent(ring.get(5), 5, true);
            assertThat(ring.get(3).journaled).as("written, then lost with its batch").isFalse();
            assertThat(ring.get(4).journaled).as("a query needs no journal").isTrue();
            assertThat(ring.get(5).journaled).isFalse();
            assertThat(failures.get()).isEqualTo(2);
            assertThat(handler.healthy()).isFalse();

            publish(ring, receiptAck(6));
            handler.onEvent(ring.get(6), 6, true);
            assertThat(ring.get(6).journaled).isTrue();
            assertThat(writes.get()).isEqualTo(3);
            assertThat(handler.healthy()).isTrue();
            handler.onShutdown();

            assertThat(replayedIds(journal)).containsExactly(1L, 2L, 6L);
        }
    }

    @Test
    void shouldRefuseAtOnceADirectoryThatCannotHoldTheJournalNamingItAndTheCause() throws Exception {
        Path file = Files.writeString(data.resolve("afile"), "not a directory");

        assertThatThrownBy(() -> new Journal(file).close())
                .isInstanceOf(JournalUnwritableException.class)
                .hasMessage(file.resolve("journal") + ": cannot be created (Not a directory)");
        assertThatThrownBy(() -> new Journal(file.resolve("below")).close())
                .hasMessage(file.resolve("below").resolve("journal") + ": cannot be created (" + file.resolve("below")
                        + ": Not a directory)");
        Files.writeString(data.resolve("journal"), "a file where the journal's directory goes");
        assertThatThrownBy(() -> new Journal(data).close())
                .hasMessage(data.resolve("journal") + ": cannot be created (exists and is not a directory)");
    }

    @Test
    void shouldReportAtOnceAJournalThreadThatCouldNotTakeItsAppender() throws Exception {
        RingBuffer<MessageEvent> ring = RingBuffer.createSingleProducer(MessageEvent::new, 4);
        Journal journal = new Journal(data);
        JournalHandler handler = new JournalHandler(journal, ring, false, new AtomicLong(), new AtomicLong());
        journal.close(); // an appender of a closed queue cannot be had

        assertThatThrownBy(handler::onStart).isInstanceOf(IllegalStateException.class);

        long began = System.nanoTime();
        assertThatThrownBy(() -> handler.awaitStarted(30, TimeUnit.SECONDS))
                .isInstanceOf(JournalUnwritableException.class)
                .hasMessageStartingWith(data.resolve("journal") + ": the journal cannot be opened for writing (");
        assertThat(System.nanoTime() - began).as("no wait for the start timeout")
                .isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void shouldCommitALongDisruptorBatchInJournalBatchesOfBoundedSize() {
        RingBuffer<MessageEvent> ring = RingBuffer.createSingleProducer(MessageEvent::new, 4);
        try (Journal journal = new Journal(data)) {
            JournalHandler handler = new JournalHandler(journal, ring, false, new AtomicLong(), new AtomicLong());
            handler.onStart();
            MessageEvent large = receiptAck(1);
            large.kind = EventKind.SUBMIT;
            large.account = "acme";
            large.payload = new byte[(int) JournalHandler.MAX_BATCH_BYTES];
            publish(ring, large);
            handler.onEvent(ring.get(0), 0, false); // over the bound: committed although the batch goes on

            assertThat(replayedIds(journal)).hasSize(1);
            publish(ring, receiptAck(2));
            handler.onEvent(ring.get(1), 1, true);
            handler.onShutdown();
            assertThat(replayedIds(journal)).hasSize(2);
        }
    }

    @Test
    void shouldReplayOnlyTheDocumentsAfterAGivenDocumentUpToTheLastOne() {
        try (Journal journal = new Journal(data)) {
            assertThat(journal.lastIndex()).isEqualTo(Journal.START);
            Journal.JournalAppender appender = journal.appender();
            appender.append(receiptAck(1));
            appender.append(receiptAck(2));
            long second = journal.lastIndex();
            appender.write(receiptAck(3));
            appender.write(receiptAck(4));
            appender.commit();
            appender.append(receiptAck(5));
            long last = journal.lastIndex();

            List<Long> ids = new ArrayList<>();
            Journal.Replay afterSecond = journal.replayAfter(second, new MessageEvent(), e -> ids.add(e.messageId));
            assertThat(ids).containsExactly(3L, 4L, 5L);
            assertThat(afterSecond).isEqualTo(new Journal.Replay(3, last));

            Journal.Replay afterLast = journal.replayAfter(last, new MessageEvent(), e -> ids.add(e.messageId));
            assertThat(afterLast).isEqualTo(new Journal.Replay(0, last));
            assertThat(journal.replayAfter(Journal.START, new MessageEvent(), e -> { }))
                    .isEqualTo(new Journal.Replay(5, last));
            assertThat(last).isGreaterThan(second);
            appender.close();
        }
    }

    @Test
    void shouldReplayThroughAGivenDocumentAndNoFurther() {
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            appender.append(receiptAck(1));
            long first = journal.lastIndex();
            appender.write(receiptAck(2));
            appender.write(receiptAck(3));
            appender.commit();
            long second = journal.lastIndex();
            appender.append(receiptAck(4));

            List<Long> ids = new ArrayList<>();
            Journal.Replay throughSecond = journal.replayThrough(Journal.START, second, new MessageEvent(),
                    e -> ids.add(e.messageId));

            assertThat(ids).containsExactly(1L, 2L, 3L);
            assertThat(throughSecond).isEqualTo(new Journal.Replay(3, second));
            ids.clear();
            assertThat(journal.replayThrough(first, second, new MessageEvent(), e -> ids.add(e.messageId)))
                    .isEqualTo(new Journal.Replay(2, second));
            assertThat(ids).containsExactly(2L, 3L);
            long beyond = journal.lastIndex() + 10;
            assertThatThrownBy(() -> journal.replayThrough(Journal.START, beyond, new MessageEvent(), e -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
            appender.close();
        }
    }

    @Test
    void shouldRefuseToReplayAfterADocumentTheJournalDoesNotHold() {
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            appender.append(receiptAck(1));
            long beyond = journal.lastIndex() + 10;
            assertThatThrownBy(() -> journal.replayAfter(beyond, new MessageEvent(), e -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Long.toHexString(beyond));
            appender.close();
        }
    }

    private static void publish(RingBuffer<MessageEvent> ring, MessageEvent from) {
        long sequence = ring.next();
        MessageEvent event = ring.get(sequence);
        event.clear();
        event.kind = from.kind;
        event.messageId = from.messageId;
        event.account = from.account;
        event.payload = from.payload;
        ring.publish(sequence);
    }

    private static List<Long> replayedIds(Journal journal) {
        List<Long> ids = new ArrayList<>();
        journal.replay(new MessageEvent(), event -> ids.add(event.messageId));
        return ids;
    }

    /** A RECEIPT_ACK record of {@code messageId}: the smallest record there is (also JournalPrefaulterTest's). */
    static MessageEvent receiptAck(long messageId) {
        MessageEvent event = new MessageEvent();
        event.kind = EventKind.RECEIPT_ACK;
        event.timestamp = 1_700_000_000_000L + messageId;
        event.messageId = messageId;
        return event;
    }

    private static MessageEvent query() {
        MessageEvent event = new MessageEvent();
        event.kind = EventKind.QUERY;
        return event;
    }
}
