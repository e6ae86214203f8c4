package io.ringway.connectors.smpp.wire;

import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PDUs that threads other than a channel's event loop write to it (the engine's answers, receipts, acknowledgements
 * of what it journaled): queued, and written by the event loop all at once with one flush. A task and a flush per
 * PDU, each maybe waking the event loop, cost more than the PDU's own encoding. Queue order is call order; the
 * PDUs go through the whole pipeline, as {@code channel.write} sends them. Once the event loop is shut down nothing
 * more is written (the channel is gone with it).
 */
public final class QueuedWrites {
    private final Channel channel;
    private final Queue<Object> queued = PlatformDependent.newMpscQueue();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Runnable writeQueued = this::writeQueued;

    public QueuedWrites(Channel channel) {
        this.channel = channel;
    }

    /** Any thread: queues {@code pdu} and has the event loop write it, with whatever else is queued by then. */
    public void write(Object pdu) {
        queued.offer(pdu);
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(writeQueued);
            } catch (RejectedExecutionException shutDown) {
                // The event loop is gone and the channel with it: nothing can be written any more.
            }
        }
    }

    /**
     * Event loop: the flag is cleared before the queue is read, so a PDU queued meanwhile is written either here or
     * by the task its writer schedules.
     */
    private void writeQueued() {
        writeScheduled.set(false);
        boolean wrote = false;
        Object pdu;
        while ((pdu = queued.poll()) != null) {
            channel.write(pdu, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }
}
