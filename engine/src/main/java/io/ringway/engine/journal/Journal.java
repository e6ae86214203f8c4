package io.ringway.engine.journal;

import io.ringway.engine.ring.MessageEvent;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** A journal that never checks free space (tools, benchmarks). */
    public Journal(Path dataDirectory) {
        this(dataDirectory, 0);
    }

    /** A journal whose appends are refused while its file system has less than {@code minFreeBytes} free. */
    public Journal(Path dataDirectory, long minFreeBytes) {
        this.directory = dataDirectory.resolve("journal");
        this.minFreeBytes = minFreeBytes;
        this.queue = SingleChronicleQueueBuilder.binary(directory)
                .rollCycle(RollCycles.FAST_DAILY)
                .build();
    }

    public Path directory() {
        return directory;
    }

    /** A new appender for the calling thread; an appender must stay on the thread that created it. */
    public JournalAppender appender() {
        return new JournalAppender(queue.createAppender(),
                minFreeBytes > 0 ? new FreeSpaceGuard(directory, minFreeBytes) : null);
    }

    /**
     * Reads every record from the start, decoding each into {@code scratch} (cleared first) and passing it to
     * {@code consumer}. Returns the number of records replayed. Records this version cannot read are reported and
     * skipped.
     */
    public long replay(MessageEvent scratch, Consumer<MessageEvent> consumer) {
        long count = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    scratch.clear();
                    if (!EventCodec.read(document.wire().bytes(), scratch)) {
                        LOG.warn("skipping unreadable journal record at index {}", Long.toHexString(document.index()));
                        continue;
                    }
                    consumer.accept(scratch);
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public void close() {
        queue.close();
    }

    /** One thread's handle for appending records. */
    public static final class JournalAppender implements AutoCloseable {
        private final ExcerptAppender appender;
        private final FreeSpaceGuard freeSpace;

        JournalAppender(ExcerptAppender appender, FreeSpaceGuard freeSpace) {
            this.appender = appender;
            this.freeSpace = freeSpace;
        }

        /**
         * Appends one event's inputs. On failure nothing of the record becomes visible to readers; below the
         * free-space reserve nothing is attempted ({@link JournalFullException}).
         */
        public void append(MessageEvent event) {
            if (freeSpace != null) {
                freeSpace.ensureRoom();
            }
            try (DocumentContext document = appender.writingDocument()) {
                try {
                    EventCodec.write(event, document.wire().bytes());
                } catch (RuntimeException | Error e) {
                    document.rollbackOnClose();
                    throw e;
                }
            }
        }

        /** Forces appended records to the storage device (msync). */
        public void sync() {
            appender.sync();
        }

        @Override
        public void close() {
            appender.close();
        }
    }
}
