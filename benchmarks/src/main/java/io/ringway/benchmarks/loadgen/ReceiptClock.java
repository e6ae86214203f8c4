package io.ringway.benchmarks.loadgen;

import org.agrona.collections.Long2LongHashMap;

/**
 * When each accepted submission was due, under its message id's key ({@link SmppWire#messageIdKey}), until its
 * receipt arrives. Shared by every bind because a server may send a receipt on any bind of the account, not
 * only on the one the message came in on. Striped by key, each stripe under its own lock: with one event loop
 * per core the locks are nearly never contended, and the maps allocate nothing per entry.
 */
final class ReceiptClock {
    private static final int STRIPES = 64;
    private static final long ABSENT = Long.MIN_VALUE;

    private final Long2LongHashMap[] stripes = new Long2LongHashMap[STRIPES];

    ReceiptClock() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Long2LongHashMap(1_024, 0.65f, ABSENT);
        }
    }

    void accepted(long messageIdKey, long dueNanos) {
        Long2LongHashMap stripe = stripe(messageIdKey);
        synchronized (stripe) {
            stripe.put(messageIdKey, dueNanos);
        }
    }

    /** When the message was due, forgetting it; -1 when unknown. */
    long receipted(long messageIdKey) {
        Long2LongHashMap stripe = stripe(messageIdKey);
        long due;
        synchronized (stripe) {
            due = stripe.remove(messageIdKey);
        }
        return due == ABSENT ? -1 : due;
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

    private Long2LongHashMap stripe(long key) {
        return stripes[(int) (key ^ (key >>> 32)) & (STRIPES - 1)];
    }
}
