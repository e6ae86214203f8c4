package io.ringway.engine.journal;

/**
 * The journal's file system has less free space than the journal's reserve ({@code journal.min-free-megabytes}),
 * so nothing more is written until space returns. Thrown for every refused record while the disk stays full, hence
 * without a stack trace.
 */
public final class JournalFullException extends RuntimeException {
    public JournalFullException(long usableBytes, long minFreeBytes) {
        super("journal file system has " + usableBytes + " bytes free, below the reserve of " + minFreeBytes,
                null, false, false);
    }
}
