package io.ringway.engine.billing;

import java.io.IOException;

/**
 * Where a statement's lines go while the journal is replayed ({@link Statement#replay}): one at a time, in journal
 * order, as the replay finds them, so that no statement is ever held whole in memory.
 */
public interface StatementSink {
    /** The next line of the statement. */
    void line(Statement.Line line) throws IOException;

    /**
     * Asked every few thousand journal records, also while none of them gives a line: throws when the rest is no
     * longer wanted (its reader went away), which stops the replay there instead of at the journal's end.
     */
    default void stillWanted() throws IOException {
    }
}
