package io.ringway.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses journal appends while the journal's file system has less than a reserve of free space. Chronicle Queue
 * writes through memory-mapped files: on a full file system the kernel cannot back a newly touched page and the
 * write faults (SIGBUS), which the JVM turns into an asynchronous {@link InternalError} that leaves the appender
 * broken, or a crash. Refusing before the reserve is used up keeps a full disk an ordinary, recoverable failure.
 *
 * <p>It is asked when a journal batch opens. The free space is read (one {@code statvfs}) at most every
 * {@link #RELAXED_CHECK_NANOS} while there is plenty, and for every batch once it is below twice the reserve, so
 * the reserve only has to cover what the journal can write in that interval. Journal thread only.
 */
final class FreeSpaceGuard {
    static final long RELAXED_CHECK_NANOS = 100_000_000L;

    private final FileStore store;
    private final long minFreeBytes;
    private long nextCheckNanos;
    private boolean close;

    FreeSpaceGuard(Path directory, long minFreeBytes) {
        try {
            this.store = Files.getFileStore(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file system of " + directory, e);
        }
        this.minFreeBytes = minFreeBytes;
        this.nextCheckNanos = System.nanoTime();
    }

    /** Throws {@link JournalFullException} when the free space is below the reserve. */
    void ensureRoom() {
        long now = System.nanoTime();
        if (!close && now - nextCheckNanos < 0) {
            return;
        }
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of the journal's file system", e);
        }
        nextCheckNanos = now + RELAXED_CHECK_NANOS;
        close = usable < 2 * minFreeBytes;
        if (usable < minFreeBytes) {
            throw new JournalFullException(usable, minFreeBytes);
        }
    }
}
