package io.ringway.engine.message;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Messages waiting for their final receipt, by deadline. Accounts share a handful of DLR timeouts, so there is
 * one queue per timeout value; messages join at dispatch, hence in deadline order, and expiry only looks at the
 * heads. The queues are intrusive doubly-linked lists through the messages themselves: joining, leaving (when a
 * receipt arrives) and expiring allocate nothing and keep no finished message alive. Business-logic thread only.
 *
 * <p>The queues are kept in ascending timeout order, and expiry walks them in that order, so the order in which
 * overdue messages are closed depends only on what waits, never on the history of a hash table: a snapshot
 * restores it exactly.
 */
public final class ReceiptDeadlines {
    /** "RDLN": begins this class's part of a snapshot. */
    private static final int MARKER = 0x52444C4E;
    private static final Queue[] NONE = new Queue[0];

    /** Sorted by timeout: a handful of entries, found by binary search as cheaply as by hashing. */
    private Queue[] queues = NONE;
    private int size;

    /** {@code message} was dispatched at {@code time}; its receipt is overdue {@code timeoutMillis} later. */
    public void track(Message message, long time, long timeoutMillis) {
        append(queue(timeoutMillis), message, time + timeoutMillis);
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

    /**
     * Removes every message whose deadline is at or before {@code now} and hands it to {@code overdue}: queue by
     * queue in ascending timeout order, each oldest first.
     */
    public void expire(long now, Consumer<Message> overdue) {
        for (Queue queue : queues) {
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

    /**
     * Writes every non-empty queue, by ascending timeout, as its messages' ids and deadlines in queue order (the
     * messages themselves are written by the business logic). An empty queue is not written: it changes nothing.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        int nonEmpty = 0;
        for (Queue queue : queues) {
            if (queue.head != null) {
                nonEmpty++;
            }
        }
        out.writeCount(nonEmpty);
        for (Queue queue : queues) {
            if (queue.head == null) {
                continue;
            }
            out.writeLong(queue.timeoutMillis);
            int length = 0;
            for (Message message = queue.head; message != null; message = message.deadlineNext) {
                length++;
            }
            out.writeCount(length);
            for (Message message = queue.head; message != null; message = message.deadlineNext) {
                out.writeLong(message.id());
                out.writeLong(message.deadline);
            }
        }
    }

    /**
     * Replaces what waits with what {@link #writeSnapshot} wrote, linking the messages {@code messages} resolves
     * by id (restored before, and in no queue yet) in the same queues, order and deadlines.
     */
    public void readSnapshot(SnapshotInput in, LongFunction<Message> messages) throws IOException {
        in.expect(MARKER, "receipt deadlines");
        queues = NONE;
        size = 0;
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            long timeoutMillis = in.readLong();
            if (queues.length > 0 && timeoutMillis <= queues[queues.length - 1].timeoutMillis) {
                throw new SnapshotFormatException("receipt timeouts out of order at " + timeoutMillis);
            }
            Queue queue = queue(timeoutMillis);
            int length = in.readCount();
            if (length == 0) {
                throw new SnapshotFormatException("empty receipt-deadline queue for " + timeoutMillis + " ms");
            }
            for (int j = 0; j < length; j++) {
                long id = in.readLong();
                Message message = messages.apply(id);
                if (message == null || message.deadlineQueue != null) {
                    throw new SnapshotFormatException("message " + id + " cannot wait for its receipt: "
                            + (message == null ? "not in the snapshot" : "it waits already"));
                }
                append(queue, message, in.readLong());
            }
        }
    }

    private void append(Queue queue, Message message, long deadline) {
        message.deadline = deadline;
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

    /** The queue of {@code timeoutMillis}, inserted in timeout order the first time that timeout is used. */
    private Queue queue(long timeoutMillis) {
        int low = 0;
        int high = queues.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = queues[middle].timeoutMillis;
            if (found < timeoutMillis) {
                low = middle + 1;
            } else if (found > timeoutMillis) {
                high = middle - 1;
            } else {
                return queues[middle];
            }
        }
        Queue queue = new Queue(timeoutMillis);
        Queue[] grown = new Queue[queues.length + 1];
        System.arraycopy(queues, 0, grown, 0, low);
        grown[low] = queue;
        System.arraycopy(queues, low, grown, low + 1, queues.length - low);
        queues = grown;
        return queue;
    }

    /** One FIFO of messages sharing a timeout. */
    static final class Queue {
        final long timeoutMillis;
        Message head;
        Message tail;

        Queue(long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }
    }
}
