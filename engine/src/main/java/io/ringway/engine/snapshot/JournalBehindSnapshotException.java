package io.ringway.engine.snapshot;

import java.nio.file.Path;

/**
 * An intact snapshot was taken after a journal document the journal no longer holds: records that were journaled,
 * and so acknowledged to customers and SMSCs, are gone (journal files deleted, replaced or cut short, as a power
 * loss can leave them with {@code journal.sync: false}). Starting from what is left would lose accepted messages
 * and money without a word and issue their ids again for other messages, so the start is refused and nothing is
 * changed; the operator restores the journal, or moves the snapshots away to accept the loss knowingly.
 */
public final class JournalBehindSnapshotException extends IllegalStateException {
    public JournalBehindSnapshotException(Path snapshot, long journalIndex) {
        super("snapshot " + snapshot + " was taken after journal document " + Long.toHexString(journalIndex)
                + ", which the journal in " + snapshot.getParent().resolveSibling("journal") + " no longer holds:"
                + " the journal lost records that were acknowledged (files deleted, replaced or cut short, e.g. by a"
                + " power loss with journal.sync: false). Nothing was changed. Restore the journal directory; to start"
                + " from what it holds instead, accepting that those messages are lost and their ids will be issued"
                + " again, move the snapshots directory away first");
    }
}
