package io.ringway.engine.journal;

/**
 * A journal document cannot be read where a whole one must be: the file was cut short or overwritten (a document
 * is committed whole, so neither a killed process nor a full disk leaves one half-written). Replaying past it would
 * decide the rest without it, so recovery stops here and nothing is changed.
 */
public final class JournalDamagedException extends IllegalStateException {
    JournalDamagedException(java.nio.file.Path directory, long index, RuntimeException cause) {
        super("the journal in " + directory + " is damaged " + (index == Journal.START ? "at its first document"
                : "at or after document " + Long.toHexString(index)) + ", which cannot be read (" + cause.getMessage()
                + "). Nothing was changed. Restore the journal directory from a copy", cause);
    }
}
