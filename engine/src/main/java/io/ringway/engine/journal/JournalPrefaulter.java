package io.ringway.engine.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings the journal file's next pages into the page cache before the appender writes them, on a thread of its
 * own. A page of a memory-mapped file that was never written is a hole: the first write to it faults, and the
 * kernel allocates the page and clears it on the writing thread, the ring's journal stage (about 40,000 pages a
 * second at full load, 7-10% of that thread's time; benchmarks/README.md). Reading the page through a mapping of
 * our own makes the kernel allocate and clear it here; the appender's write then finds it in the page cache.
 *
 * <p>Only reads: the appender's data is never touched, and a page read before it is written reads as zeros, as
 * the hole did. The mappings are read-only, cover only what the file already holds (a page past the end of a
 * mapped file cannot be read), and are unmapped at once. Pages the appender has passed are never read again.
 *
 * <p>On a disk file system a page read from a hole takes page cache, not disk: the blocks are allocated when the
 * appender writes. On a memory file system (tmpfs, ramfs) the page read <em>is</em> the storage, so reading ahead
 * would take up to {@link #AHEAD} of it before the appender needs it, and on a full one the read faults: there
 * {@link #suits} says no and nothing is prefaulted. Anywhere, the thread reads ahead only while the file system
 * has the journal's free-space reserve and twice {@link #AHEAD} free, so that it never brings a file system
 * near full.
 */
final class JournalPrefaulter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalPrefaulter.class);
    private static final int PAGE = 4096;
    /**
     * How far ahead of the appender pages are brought in: at 250 MB/s of journal (the pipeline benchmark's rate),
     * some 60 ms of writing. The lead is topped up once it falls to half this, so the thread works in bursts of
     * 8 MiB and otherwise sleeps.
     */
    static final long AHEAD = 16L << 20;
    /** Mapped and read this much at a time. */
    private static final int WINDOW = 1 << 20;
    /** Between looks at the appender's position: 2.5 MB of journal at that rate, well inside half the lead. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Null where {@code sun.misc.Unsafe.invokeCleaner} cannot be reached: then nothing is prefaulted. */
    private static final Unmapper UNMAPPER = Unmapper.find();
    /** File systems whose pages are their storage: a page read from a hole is allocated (FileStore.type()). */
    private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs", "hugetlbfs");

    private final Thread thread;
    private final FileStore store;
    private final long minFreeBytes;
    private volatile boolean running = true;
    /** The file the appender writes, published when it changes (at a roll); null before the first write. */
    private volatile File file;
    /** The appender's position in {@link #file}, published after each commit. */
    private volatile long position;
    /** This thread's: the file it reads ahead in, and how far. */
    private volatile File prefaulting;
    private volatile long touchedUpTo;
    private volatile long roundsWithoutRoom;

    /**
     * Whether a prefaulter is worth starting for a journal in {@code directory}: this JVM lets it unmap what it
     * maps, and the directory is not on a memory file system.
     */
    static boolean suits(Path directory) {
        if (UNMAPPER == null) {
            return false;
        }
        try {
            String type = Files.getFileStore(directory).type();
            if (MEMORY_FILE_SYSTEMS.contains(type)) {
                LOG.info("journal on {}: its pages are not prefaulted (reading ahead would take the file system's "
                        + "memory before the journal needs it)", type);
                return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param directory    the journal's directory, whose file system's free space bounds the reading ahead
     * @param minFreeBytes the journal's free-space reserve
     */
    JournalPrefaulter(String threadName, Path directory, long minFreeBytes) throws IOException {
        this.store = Files.getFileStore(directory);
        this.minFreeBytes = minFreeBytes;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Appender thread: it has written {@code file} up to {@code position}. */
    void wrote(File file, long position) {
        if (file != this.file) {
            this.file = file;
        }
        this.position = position;
    }

    /** How far {@link #file()} has been brought in (tests). */
    long touchedUpTo() {
        return touchedUpTo;
    }

    /** The file being brought in (tests). */
    File file() {
        return prefaulting;
    }

    private void run() {
        FileChannel channel = null;
        long touched = 0;
        long sink = 0;
        try {
            while (running) {
                File target = file;
                long appended = position;
                if (target != prefaulting && target != null) {
                    close(channel);
                    channel = open(target);
                    prefaulting = target;
                    touched = appended;
                }
                if (channel != null && touched - appended < AHEAD / 2 && room()) {
                    touched = Math.max(touched, appended);
                    long end = Math.min(appended + AHEAD, channel.size());
                    try {
                        while (touched < end && running && file == prefaulting) {
                            int length = (int) Math.min(WINDOW, end - touched);
                            sink += touch(channel, touched, length);
                            touched += length;
                            touchedUpTo = touched;
                        }
                    } catch (InternalError e) {
                        // A mapped page could not be read: the file was shortened under the read (Chronicle
                        // shrinks a cycle's file to what it holds after a roll) or its file system filled up.
                        // Nothing was written; start again from the appender's position on the next round.
                        LOG.debug("journal prefaulting skipped a window: {}", e.toString());
                        touched = appended;
                    }
                }
                LockSupport.parkNanos(PARK_NANOS);
            }
        } catch (IOException | RuntimeException e) {
            // A prefaulter that stops costs the journal stage its page clearing again, nothing else.
            LOG.warn("journal prefaulting stopped ({}); the journal stage clears its own pages from now on",
                    e.toString());
        } finally {
            close(channel);
        }
        if (sink == Long.MIN_VALUE) {
            LOG.trace("{}", sink); // uses the reads, so that they are not optimised away
        }
    }

    /** Whether the file system has the reserve and twice {@link #AHEAD} free. */
    private boolean room() throws IOException {
        if (store.getUsableSpace() >= minFreeBytes + 2 * AHEAD) {
            return true;
        }
        roundsWithoutRoom++;
        return false;
    }

    /** Rounds in which the file system had too little free space to read ahead (tests). */
    long roundsWithoutRoom() {
        return roundsWithoutRoom;
    }

    /** Reads one octet of every page of {@code [from, from + length)} through a read-only mapping. */
    private static long touch(FileChannel channel, long from, int length) throws IOException {
        long start = from & -PAGE;
        int span = (int) (from + length - start);
        MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, start, span);
        long sum = 0;
        try {
            for (int offset = 0; offset < span; offset += PAGE) {
                sum += window.get(offset);
            }
        } finally {
            UNMAPPER.unmap(window);
        }
        return sum;
    }

    private static FileChannel open(File file) throws IOException {
        return FileChannel.open(file.toPath(), StandardOpenOption.READ);
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
        }
    }

    /** Whether the thread still runs (tests). */
    boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Unmaps a mapping at once ({@code sun.misc.Unsafe.invokeCleaner}, the supported way since Java 9) rather than
     * when the collector finds it: under load this thread maps several windows a second, and each mapping counts
     * against the process's limit until it is unmapped.
     */
    private interface Unmapper {
        void unmap(MappedByteBuffer buffer);

        static Unmapper find() {
            try {
                Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
                Field field = unsafeClass.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                MethodHandle invokeCleaner = MethodHandles.lookup()
                        .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                        .bindTo(field.get(null));
                return buffer -> {
                    try {
                        invokeCleaner.invokeExact((ByteBuffer) buffer);
                    } catch (Throwable e) {
                        throw new IllegalStateException("cannot unmap a journal window", e);
                    }
                };
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("journal prefaulting unavailable: cannot unmap ({})", e.toString());
                return null;
            }
        }
    }
}
