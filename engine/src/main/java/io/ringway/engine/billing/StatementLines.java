package io.ringway.engine.billing;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Hears every movement of a statement's replay and hands one account's lines within a period to a
 * {@link StatementSink}, in the order the business logic made them, once each is complete.
 *
 * <p>A RESERVE line is complete when the {@link MovementListener#routed} callback of its message names the upstream
 * and its cost. The business logic reserves first and routes right after, in the same journal record, when an
 * upstream takes the message at once; a message whose upstreams were all down is held and routed by a later
 * UPSTREAM_STATE, and a scheduled one by the TIMER that reaches its send time. So a RESERVE line still waiting when
 * its record has been applied is held back, with every line after it (their order is the statement's), until its
 * message is routed, or closed (a SETTLE or REFUND: a closed message is never routed), or the journal ends (it is
 * still waiting). Held-back lines are bounded by {@value #MAX_HELD_BACK}: past that the oldest waiting RESERVE line
 * goes out as it is, without upstream, cost and margin, so that a long wait (a message scheduled days ahead on a
 * busy account) costs a statement that column rather than the node its heap.
 *
 * <p>The routed callback names the account that sent the message, so a reseller's own RESERVE line for a
 * sub-account's message is not completed (statements never showed it there); it goes out once the message is routed
 * or closed, like any other.
 *
 * <p>Used by one replay, on the thread that runs it.
 */
final class StatementLines implements MovementListener {
    /** Lines held back behind waiting RESERVE lines, at most (each is about 150 bytes). */
    static final int MAX_HELD_BACK = 10_000;

    private final String account;
    private final Statement.Period period;
    private final StatementSink sink;
    /** Lines not yet handed to the sink, in statement order; the first is a waiting RESERVE, if any is held. */
    private final ArrayDeque<Pending> heldBack = new ArrayDeque<>();
    /** The waiting RESERVE lines among {@link #heldBack}, by message id. */
    private final Map<Long, Pending> waiting = new HashMap<>();
    private int recordsSinceCheck;

    StatementLines(String account, Statement.Period period, StatementSink sink) {
        this.account = account;
        this.period = period;
        this.sink = sink;
    }

    /** A line on its way to the sink; a RESERVE line is waiting until it is routed or known never to be. */
    private static final class Pending {
        Statement.Line line;
        boolean waiting;

        Pending(Statement.Line line, boolean waiting) {
            this.line = line;
            this.waiting = waiting;
        }
    }

    /** The failure of the sink, carried out of the journal's replay loop, which takes no checked exceptions. */
    static final class SinkFailed extends RuntimeException {
        final IOException failure;

        SinkFailed(IOException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    @Override
    public void movement(long time, String who, MovementType type, long messageId, long amount, long balanceAfter,
                         String reference) {
        if (!who.equals(account)) {
            return;
        }
        if (type == MovementType.SETTLE || type == MovementType.REFUND) {
            Pending reserve = waiting.remove(messageId);
            if (reserve != null) {
                reserve.waiting = false;
            }
        }
        if (!period.contains(time)) {
            return;
        }
        Pending line = new Pending(new Statement.Line(time, type, messageId, amount, balanceAfter, reference),
                type == MovementType.RESERVE);
        heldBack.addLast(line);
        if (line.waiting) {
            waiting.put(messageId, line);
        }
    }

    @Override
    public void routed(long time, String who, long messageId, String upstream, long cost) {
        Pending reserve = waiting.remove(messageId);
        if (reserve == null) {
            return;
        }
        reserve.waiting = false;
        if (who.equals(account)) {
            reserve.line = reserve.line.routed(upstream, cost);
        }
    }

    /**
     * After each journal record: hands over the lines that are complete and, every
     * {@value Statement#RECORDS_PER_CHECK} records, asks the sink whether it still wants them.
     *
     * @throws SinkFailed with what the sink threw
     */
    void recordApplied() {
        try {
            release();
            while (heldBack.size() > MAX_HELD_BACK) {
                Pending oldest = heldBack.peekFirst();
                waiting.remove(oldest.line.messageId());
                oldest.waiting = false;
                release();
            }
            if (++recordsSinceCheck == Statement.RECORDS_PER_CHECK) {
                recordsSinceCheck = 0;
                sink.stillWanted();
            }
        } catch (IOException e) {
            throw new SinkFailed(e);
        }
    }

    /** The journal has no more records: RESERVE lines still waiting go out as they are, with the rest. */
    void journalEnded() throws IOException {
        for (Pending reserve : waiting.values()) {
            reserve.waiting = false;
        }
        waiting.clear();
        release();
    }

    private void release() throws IOException {
        Pending next;
        while ((next = heldBack.peekFirst()) != null && !next.waiting) {
            heldBack.pollFirst();
            sink.line(next.line);
        }
    }
}
