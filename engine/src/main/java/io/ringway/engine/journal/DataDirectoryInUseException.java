package io.ringway.engine.journal;

import java.nio.file.Path;

/** Another engine holds the data directory ({@link DataDirectoryLock}); this one is not started. */
public final class DataDirectoryInUseException extends IllegalStateException {
    public DataDirectoryInUseException(Path dataDirectory, String holder) {
        super("the data directory " + dataDirectory.toAbsolutePath() + " is in use by another Ringway node"
                + (holder.isEmpty() ? "" : " (pid " + holder + ")") + ": two nodes on one journal would issue the same"
                + " message ids. Stop that node first, or give this one a journal.directory of its own");
    }
}
