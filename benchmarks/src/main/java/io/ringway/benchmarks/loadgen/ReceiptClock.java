package io.ringway.benchmarks.loadgen;

import org.agrona.collections.Long2LongHashMap;

/**
 * When each accepted submission was due, under its message id's key ({@link SmppWire#messageIdKey}), until its
 * receipt arrives. Shared by every bind because a server may send a receipt on any bind of the account, not
 * only on the one the message came in on. Striped by key, each stripe under its own lock: with one event loop
 * per core the locks are nearly never contended, and the maps allocate nothing per entry.
 *
 * <p>A receipt can overtake the response that names its message id (it comes on another bind, or the response's
 * event loop is late): such a receipt is remembered with its arrival time and timed when the response arrives,
 * so that only receipts whose id no response ever names count as unmatched.
 */
final class ReceiptClock {
    private static final int STRIPES = 64;
    private static final long ABSENT = Long.MIN_VALUE;
    /** {@link #receipted}: the receipt came before its response and is timed when the response arrives. */
    static final long EARLY = Long.MIN_VALUE + 1;
    /** {@link #accepted}: no receipt was waiting for this response. */
    static final long NONE = Long.MIN_VALUE;

    private final Long2LongHashMap[] stripes = new Long2LongHashMap[STRIPES];
    /** Per stripe (under the same lock): receipts that came before their response, by key, with their arrival. */
    private final Long2LongHashMap[] early = new Long2LongHashMap[STRIPES];

    ReceiptClock() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Long2LongHashMap(1_024, 0.65f, ABSENT);
            early[i] = new Long2LongHashMap(16, 0.65f, ABSENT);
        }
    }

    /**
     * The message is accepted and was due at {@code dueNanos}. Returns the arrival time of a receipt that already
     * came for it (the caller times it now), or {@link #NONE}.
     */
    long accepted(long messageIdKey, long dueNanos) {
        int index = index(messageIdKey);
        synchronized (stripes[index]) {
            long arrived = early[index].remove(messageIdKey);
            if (arrived == ABSENT) {
                stripes[index].put(messageIdKey, dueNanos);
                return NONE;
            }
            return arrived;
        }
    }

    /**
     * When the message was due, forgetting it; {@link #EARLY} when no response named the id yet (the receipt is
     * kept, with {@code nowNanos}, for {@link #accepted}).
     */
    long receipted(long messageIdKey, long nowNanos) {
        int index = index(messageIdKey);
        synchronized (stripes[index]) {
            long due = stripes[index].remove(messageIdKey);
            if (due == ABSENT) {
                early[index].put(messageIdKey, nowNanos);
                return EARLY;
            }
            return due;
        }
    }

    /** Receipts whose message id no response has named (unmatched, once the run has drained). */
    int early() {
        int total = 0;
        for (int i = 0; i < STRIPES; i++) {
            synchronized (stripes[i]) {
                total += early[i].size();
            }
        }
        return total;
    }

    /** Submissions still waiting for their receipt. */
    int waiting() {
        int total = 0;
        for (Long2LongHashMap stripe : stripes) {
            synchronized (stripe) {
                total += stripe.size();
            }
        }
        return total;
    }

    private static int index(long key) {
        return (int) (key ^ (key >>> 32)) & (STRIPES - 1);
    }
}
