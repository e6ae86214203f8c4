package io.ringway.engine.journal;

import io.ringway.engine.ring.MessageEvent;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The journal of every state-changing input, in a Chronicle Queue under {@code <data directory>/journal}.
 * Appends go to memory-mapped files, so a record is safe from a killed process as soon as its document is
 * closed; {@link JournalAppender#sync()} additionally forces it to the device. With a free-space reserve, appends
 * are refused ({@link JournalFullException}) while the file system holds less than the reserve (see
 * {@link FreeSpaceGuard}).
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final ChronicleQueue queue;
    private final Path directory;
    private final long minFreeBytes;
    private final boolean prefault;

    /** A journal that never checks free space (tools, benchmarks). */
    public Journal(Path dataDirectory) {
        this(dataDirectory, 0, false);
    }

    /**
     * A journal whose appends are refused while its file system has less than {@code minFreeBytes} free; with
     * {@code prefault}, the {@link #ringAppender()} has a {@link JournalPrefaulter}.
     *
     * @throws JournalUnwritableException when the journal's directory cannot be created or written
     */
    public Journal(Path dataDirectory, long minFreeBytes, boolean prefault) {
        this.directory = dataDirectory.resolve("journal");
        this.minFreeBytes = minFreeBytes;
        this.prefault = prefault;
        requireWritable(directory);
        this.queue = SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(RollCycles.FAST_DAILY)
                .build();
    }

    /**
     * Fails at once when {@code directory} cannot hold the journal. Chronicle would open a queue it cannot write
     * read-only instead of failing, and the failure would surface only at the journal thread's first append.
     */
    private static void requireWritable(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw JournalUnwritableException.cannotCreate(directory, e);
        }
        if (!Files.isWritable(directory)) {
            throw new JournalUnwritableException(directory + ": cannot be written (permission denied or a read-only "
                    + "file system)");
        }
    }

    public Path directory() {
        return directory;
    }

    /** A new appender for the calling thread; an appender must stay on the thread that created it. */
    public JournalAppender appender() {
        return new JournalAppender(queue.createAppender(), freeSpaceGuard(), null);
    }

    /**
     * The ring's journal stage's appender: as {@link #appender()}, and when the journal was opened with
     * {@code prefault} and its file system {@link JournalPrefaulter#suits suits} one, with a
     * {@link JournalPrefaulter} thread ({@code <calling thread>-prefault}) that brings the file's next pages into
     * memory ahead of it, for as long as the appender is open.
     */
    public JournalAppender ringAppender() {
        JournalPrefaulter prefaulter = null;
        if (prefault && JournalPrefaulter.suits(directory)) {
            try {
                prefaulter = new JournalPrefaulter(Thread.currentThread().getName() + "-prefault", directory,
                        minFreeBytes);
            } catch (IOException e) {
                LOG.warn("journal pages not prefaulted: {}", e.toString());
            }
        }
        return new JournalAppender(queue.createAppender(), freeSpaceGuard(), prefaulter);
    }

    private FreeSpaceGuard freeSpaceGuard() {
        return minFreeBytes > 0 ? new FreeSpaceGuard(directory, minFreeBytes) : null;
    }

    /** {@link #replayAfter}'s position for "from the start": before the journal's first document. */
    public static final long START = -1;

    /**
     * Reads every record from the start, decoding each into {@code scratch} (cleared first) and passing it to
     * {@code consumer}. Returns the number of records replayed. Records this version cannot read are reported and
     * skipped.
     */
    public long replay(MessageEvent scratch, Consumer<MessageEvent> consumer) {
        return replayAfter(START, scratch, consumer).records();
    }

    /**
     * As {@link #replay}, from the document after {@code index} (a document's index, as {@link #lastIndex} and
     * {@link Replay#lastIndex} give it, or {@link #START}) to the last document committed when the replay reaches
     * it; documents committed meanwhile are read too. Recovery from a snapshot replays what the journal holds after
     * the snapshot's position; a reader beside the running engine reads up to where the appender has got.
     *
     * @throws IllegalArgumentException when the journal holds no document {@code index}
     */
    public Replay replayAfter(long index, MessageEvent scratch, Consumer<MessageEvent> consumer) {
        return replayBetween(index, Long.MAX_VALUE, scratch, consumer);
    }

    /**
     * As {@link #replayAfter}, through document {@code last} (a document's index) and no further: brings a state
     * as of document {@code after} to the state a snapshot after document {@code last} holds.
     *
     * @throws IllegalArgumentException when the journal holds no document {@code after} or {@code last}
     */
    public Replay replayThrough(long after, long last, MessageEvent scratch, Consumer<MessageEvent> consumer) {
        if (!holds(last)) {
            throw new IllegalArgumentException("the journal holds no document " + Long.toHexString(last));
        }
        return replayBetween(after, last, scratch, consumer);
    }

    /** Replays the documents after {@code index} up to and including {@code through}. */
    private Replay replayBetween(long index, long through, MessageEvent scratch, Consumer<MessageEvent> consumer) {
        long count = 0;
        long last = index;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (index != START) {
                if (!tailer.moveToIndex(index)) {
                    throw new IllegalArgumentException("the journal holds no document " + Long.toHexString(index));
                }
                try (DocumentContext skipped = tailer.readingDocument()) {
                    if (!skipped.isPresent() || skipped.index() != index) {
                        throw new IllegalArgumentException("the journal holds no document " + Long.toHexString(index));
                    }
                }
            }
            while (true) {
                DocumentContext document;
                try {
                    document = tailer.readingDocument();
                } catch (RuntimeException damaged) {
                    throw new JournalDamagedException(directory, last, damaged);
                }
                try (document) {
                    if (!document.isPresent() || document.index() > through) {
                        break;
                    }
                    last = document.index();
                    Bytes<?> bytes = document.wire().bytes();
                    if (bytes.readRemaining() > 0 && bytes.peekUnsignedByte() == EventCodec.BATCH) {
                        bytes.readSkip(1);
                        count += replayBatch(bytes, last, scratch, consumer);
                    } else if (replayRecord(bytes, last, scratch, consumer)) {
                        count++;
                    }
                } catch (UnreadableRecord damaged) {
                    throw new JournalDamagedException(directory, last, damaged.failure);
                }
            }
        }
        return new Replay(count, last);
    }

    /** The index of the last document committed, or {@link #START} for an empty journal. */
    public long lastIndex() {
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
             DocumentContext document = tailer.readingDocument()) {
            return document.isPresent() ? document.index() : START;
        }
    }

    /** Whether the journal holds document {@code index} (a snapshot's position must be one of its documents). */
    public boolean holds(long index) {
        if (index == START) {
            return true;
        }
        try (ExcerptTailer tailer = queue.createTailer()) {
            return tailer.moveToIndex(index);
        }
    }

    /** What a replay read: its records, and the index of the last document it read ({@code after} if none). */
    public record Replay(long records, long lastIndex) {
    }

    private static long replayBatch(Bytes<?> bytes, long index, MessageEvent scratch,
                                    Consumer<MessageEvent> consumer) {
        long count = 0;
        long documentEnd = bytes.readLimit();
        while (bytes.readRemaining() > 0) {
            long length = bytes.readStopBit();
            long end = bytes.readPosition() + length;
            if (length < 0 || end > documentEnd) {
                LOG.warn("skipping the rest of journal document {}: a record's length {} runs past its end",
                        Long.toHexString(index), length);
                break;
            }
            bytes.readLimit(end);
            if (replayRecord(bytes, index, scratch, consumer)) {
                count++;
            }
            bytes.readLimit(documentEnd);
            bytes.readPosition(end);
        }
        return count;
    }

    private static boolean replayRecord(Bytes<?> bytes, long index, MessageEvent scratch,
                                        Consumer<MessageEvent> consumer) {
        scratch.clear();
        boolean read;
        try {
            read = EventCodec.read(bytes, scratch);
        } catch (RuntimeException cutShort) { // e.g. Chronicle's buffer underflow: the record ends too soon
            throw new UnreadableRecord(cutShort);
        }
        if (!read) {
            LOG.warn("skipping unreadable journal record in document {}", Long.toHexString(index));
            return false;
        }
        consumer.accept(scratch);
        return true;
    }

    /** A record that ends before its fields do; carried out of the document it is in, then reported with it. */
    private static final class UnreadableRecord extends RuntimeException {
        final RuntimeException failure;

        UnreadableRecord(RuntimeException failure) {
            super(null, failure, false, false);
            this.failure = failure;
        }
    }

    @Override
    public void close() {
        queue.close();
    }

    /**
     * One thread's handle for appending records. Records are written into an open batch ({@link #write}) and
     * become visible to readers, and safe from a killed process, together when the batch is committed
     * ({@link #commit}): one Chronicle document per batch instead of one per record, which is most of an append's
     * cost (see benchmarks/README.md).
     */
    public static final class JournalAppender implements AutoCloseable {
        private final ExcerptAppender appender;
        private final FreeSpaceGuard freeSpace;
        private final JournalPrefaulter prefaulter;
        private final RecordWriter record = new RecordWriter();
        private DocumentContext batch;
        private int batchRecords;
        private long batchStart;

        JournalAppender(ExcerptAppender appender, FreeSpaceGuard freeSpace, JournalPrefaulter prefaulter) {
            this.appender = appender;
            this.freeSpace = freeSpace;
            this.prefaulter = prefaulter;
        }

        /** Appends one event's inputs as a batch of its own, committed at once (tools and tests). */
        public void append(MessageEvent event) {
            write(event);
            commit();
        }

        /**
         * Adds one event's inputs to the open batch, opening one if needed. If anything fails, below the free-space
         * reserve included ({@link JournalFullException}), the whole open batch is rolled back: none of its
         * records becomes visible, and the exception is rethrown.
         */
        public void write(MessageEvent event) {
            try {
                EventCodec.write(event, record);
                if (batch == null) {
                    // Checked per batch, not per record: the ring's journal stage closes a batch at 64 KiB, far
                    // inside the reserve, and a check can read the clock or the file system.
                    if (freeSpace != null) {
                        freeSpace.ensureRoom();
                    }
                    batch = appender.writingDocument();
                    batchStart = batch.wire().bytes().writePosition();
                    batch.wire().bytes().writeByte(EventCodec.BATCH);
                }
                Bytes<?> bytes = batch.wire().bytes();
                bytes.writeStopBit(record.size());
                bytes.write(record.array(), 0, record.size());
                batchRecords++;
            } catch (RuntimeException | Error e) {
                rollback();
                throw e;
            }
        }

        /** Records in the open batch. */
        public int uncommittedRecords() {
            return batchRecords;
        }

        /** Octets in the open batch. */
        public long uncommittedBytes() {
            return batch == null ? 0 : batch.wire().bytes().writePosition() - batchStart;
        }

        /**
         * Makes the open batch's records visible; returns how many there were. If closing the document fails,
         * the batch counts as lost (rolled back where Chronicle still can) and the exception is rethrown.
         */
        public int commit() {
            if (batch == null) {
                return 0;
            }
            int committed = batchRecords;
            DocumentContext document = batch;
            batch = null;
            batchRecords = 0;
            long end;
            try {
                end = document.wire().bytes().writePosition();
                document.close();
            } catch (RuntimeException | Error e) {
                try {
                    document.rollbackOnClose();
                    document.close();
                } catch (RuntimeException | Error ignored) {
                    e.addSuppressed(ignored);
                }
                throw e;
            }
            if (prefaulter != null) {
                prefaulter.wrote(appender.currentFile(), end);
            }
            return committed;
        }

        private void rollback() {
            if (batch == null) {
                return;
            }
            DocumentContext document = batch;
            batch = null;
            batchRecords = 0;
            try {
                document.rollbackOnClose();
                document.close();
            } catch (RuntimeException | Error e) {
                LOG.warn("journal batch could not be rolled back cleanly", e);
            }
        }

        /** Forces committed records to the storage device (msync). */
        public void sync() {
            appender.sync();
        }

        @Override
        public void close() {
            try {
                commit();
            } finally {
                if (prefaulter != null) {
                    prefaulter.close();
                }
                appender.close();
            }
        }
    }
}
