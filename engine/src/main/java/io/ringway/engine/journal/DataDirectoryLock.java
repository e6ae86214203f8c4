package io.ringway.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock an engine holds on its data directory for as long as it runs: an operating-system file lock on
 * {@code <data>/ringway.lock}, which also names the holder's process id. Chronicle Queue lets any number of
 * processes append to one journal, so without it a second node started on the same directory would run beside
 * the first, both issuing the same message ids for different messages and interleaving their records into a history
 * neither decided. The lock goes with the process, however it ends, so a crash leaves nothing to clean up.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private static final String FILE = "ringway.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dataDirectory} (created when missing) for this process.
     *
     * @throws DataDirectoryInUseException when another process, or another engine of this one, holds it
     * @throws JournalUnwritableException  when the directory or its lock file cannot be created (a file in the way,
     *                                     no permission): one line for the operator, at once
     */
    public static DataDirectoryLock acquire(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        FileChannel channel = open(dataDirectory, file);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.US_ASCII).trim();
                channel.close();
                throw new DataDirectoryInUseException(dataDirectory, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data directory " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /** The lock file, open for reading and writing, the data directory created first if need be. */
    private static FileChannel open(Path dataDirectory, Path file) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw JournalUnwritableException.cannotCreate(dataDirectory, e);
        }
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw JournalUnwritableException.cannotCreate(file, e);
        }
    }

    /** Gives the directory up; the file stays, empty of meaning until the next holder writes its pid. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel's close below releases it as well.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more to give up.
            }
        }
    }
}
