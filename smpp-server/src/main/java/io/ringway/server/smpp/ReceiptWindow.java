package io.ringway.server.smpp;

import org.agrona.collections.Int2ObjectHashMap;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The receipts (deliver_sm) one session has sent and not yet finished with: the SMPP window of the
 * server-to-customer direction. A slot is taken before a receipt is written and given back when the customer has
 * answered and, for a positive answer, when the engine has been told ({@code RECEIPT_ACK}); or when the customer
 * has not answered within the response timeout. A customer that never answers therefore holds at most
 * {@code capacity} receipts, and the engine keeps the rest for a session that does.
 *
 * <p>Threading: {@link #tryReserve} and {@link #release} are safe from any thread (the engine's dispatcher
 * reserves); everything else is event loop only.
 */
final class ReceiptWindow {
    /** {@link #answered} found no receipt under that sequence number. */
    static final long NONE = -1;

    private final int capacity;
    private final AtomicInteger used = new AtomicInteger();
    private final Int2ObjectHashMap<Sent> sentBySequence = new Int2ObjectHashMap<>();

    ReceiptWindow(int capacity) {
        this.capacity = capacity;
    }

    /** Takes a slot if one is free. Any thread. */
    boolean tryReserve() {
        int current;
        do {
            current = used.get();
            if (current >= capacity) {
                return false;
            }
        } while (!used.compareAndSet(current, current + 1));
        return true;
    }

    /** Gives a reserved slot back. Any thread. */
    void release() {
        used.decrementAndGet();
    }

    /**
     * The receipt for {@code messageId}, in the engine's offer {@code handOver}, went out as deliver_sm
     * {@code sequence} on a reserved slot. Event loop.
     */
    void sent(int sequence, long messageId, int handOver, long nowNanos) {
        sentBySequence.put(sequence, new Sent(messageId, handOver, nowNanos));
    }

    /**
     * The customer answered deliver_sm {@code sequence}: returns the receipt's message id, whose slot stays
     * reserved until the caller releases it, or {@link #NONE} for a sequence number not (or no longer) waiting.
     * Event loop.
     */
    long answered(int sequence) {
        Sent sent = sentBySequence.remove(sequence);
        return sent == null ? NONE : sent.messageId;
    }

    /** Releases the slots of receipts sent before {@code deadlineNanos} and still unanswered. Event loop. */
    int expire(long deadlineNanos) {
        int expired = 0;
        Int2ObjectHashMap<Sent>.ValueIterator sent = sentBySequence.values().iterator();
        while (sent.hasNext()) {
            if (sent.next().atNanos - deadlineNanos < 0) {
                sent.remove();
                release();
                expired++;
            }
        }
        return expired;
    }

    /**
     * The session closed: forgets every receipt still waiting for an answer and gives each to {@code returned}
     * (the engine ignores one it took back after the response timeout and offered again since). Event loop.
     */
    void close(Returned returned) {
        for (Sent sent : sentBySequence.values()) {
            returned.receipt(sent.messageId, sent.handOver);
        }
        sentBySequence.clear();
    }

    /** A receipt a closing session gives back: its message and the engine's offer it came in. */
    @FunctionalInterface
    interface Returned {
        void receipt(long messageId, int handOver);
    }

    private record Sent(long messageId, int handOver, long atNanos) {
    }
}
