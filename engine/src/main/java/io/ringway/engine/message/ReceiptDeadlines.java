package io.ringway.engine.message;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.function.Consumer;

/**
 * Messages waiting for their final receipt, by deadline. Accounts share a handful of DLR timeouts, so there is
 * one queue per timeout value; messages join at dispatch, hence in deadline order, and expiry only looks at the
 * heads. The queues are intrusive doubly-linked lists through the messages themselves: joining, leaving (when a
 * receipt arrives) and expiring allocate nothing and keep no finished message alive. Business-logic thread only.
 */
public final class ReceiptDeadlines {
    private final Long2ObjectHashMap<Queue> byTimeout = new Long2ObjectHashMap<>();
    private int size;

    /** {@code message} was dispatched at {@code time}; its receipt is overdue {@code timeoutMillis} later. */
    public void track(Message message, long time, long timeoutMillis) {
        Queue queue = byTimeout.get(timeoutMillis);
        if (queue == null) {
            queue = new Queue();
            byTimeout.put(timeoutMillis, queue);
        }
        message.deadline = time + timeoutMillis;
        message.deadlineQueue = queue;
        message.deadlinePrevious = queue.tail;
        message.deadlineNext = null;
        if (queue.tail == null) {
            queue.head = message;
        } else {
            queue.tail.deadlineNext = message;
        }
        queue.tail = message;
        size++;
    }

    /** Stops waiting for {@code message} (its receipt came); a message not waiting is left alone. */
    public void forget(Message message) {
        Queue queue = message.deadlineQueue;
        if (queue == null) {
            return;
        }
        if (message.deadlinePrevious == null) {
            queue.head = message.deadlineNext;
        } else {
            message.deadlinePrevious.deadlineNext = message.deadlineNext;
        }
        if (message.deadlineNext == null) {
            queue.tail = message.deadlinePrevious;
        } else {
            message.deadlineNext.deadlinePrevious = message.deadlinePrevious;
        }
        message.deadlineQueue = null;
        message.deadlinePrevious = null;
        message.deadlineNext = null;
        size--;
    }

    /** Removes every message whose deadline is at or before {@code now} and hands it to {@code overdue}. */
    public void expire(long now, Consumer<Message> overdue) {
        for (Queue queue : byTimeout.values()) {
            Message head;
            while ((head = queue.head) != null && head.deadline <= now) {
                forget(head);
                overdue.accept(head);
            }
        }
    }

    /** Messages waiting. */
    public int size() {
        return size;
    }

    /** One FIFO of messages sharing a timeout. */
    static final class Queue {
        Message head;
        Message tail;
    }
}
