package io.ringway.server.smpp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Submissions the SMPP server refused, by the command_status of the answer: those refused at the edge (a field the
 * PDU got wrong, a session not bound to send) and those the engine refused (no credit, no consent, no route). The
 * count of a status is created when the status is first answered, and {@link #onNewStatus} hears of it then, so
 * that metrics show each status that occurs. Counted on the sessions' event loops; read from any thread.
 */
public final class SmppRefusals {
    private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private volatile IntConsumer newStatus = status -> { };

    /** Counts one refusal answered with {@code commandStatus}. */
    void refused(int commandStatus) {
        AtomicLong count = byStatus.get(commandStatus);
        if (count == null) {
            AtomicLong created = new AtomicLong();
            count = byStatus.putIfAbsent(commandStatus, created);
            if (count == null) {
                count = created;
                newStatus.accept(commandStatus);
            }
        }
        count.incrementAndGet();
    }

    /** Refusals answered with {@code commandStatus} so far. */
    public long count(int commandStatus) {
        AtomicLong count = byStatus.get(commandStatus);
        return count == null ? 0 : count.get();
    }

    /** Tells {@code listener} of every status counted so far, and of each new one as it first occurs. */
    public synchronized void onNewStatus(IntConsumer listener) {
        IntConsumer previous = newStatus;
        newStatus = status -> {
            previous.accept(status);
            listener.accept(status);
        };
        byStatus.keySet().forEach(listener::accept);
    }
}
