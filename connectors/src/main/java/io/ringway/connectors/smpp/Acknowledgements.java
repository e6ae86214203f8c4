package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.pdu.PduResponse;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answers (deliver_sm_resp, data_sm_resp) one upstream connection owes its SMSC for reports the engine has
 * journaled. The engine's output thread hands them over one by one as it passes the journaled reports; the
 * connection's event loop writes all that are waiting in one task with one flush, so a burst of receipts costs one
 * wake-up, not one per receipt. An answer for a connection that has closed meanwhile is not written: the SMSC sends
 * that report again on its next connection, and the engine takes a repeated receipt as it takes any duplicate.
 */
final class Acknowledgements {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    private static final AttributeKey<Acknowledgements> KEY = AttributeKey.valueOf(Acknowledgements.class, "owed");

    private final Channel channel;
    private final Queue<PduResponse> owed = PlatformDependent.newMpscQueue();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Runnable writeOwed = this::writeOwed;

    private Acknowledgements(Channel channel) {
        this.channel = channel;
    }

    /** The answers owed on {@code channel}; any thread. */
    static Acknowledgements of(Channel channel) {
        Acknowledgements acknowledgements = channel.attr(KEY).get();
        if (acknowledgements == null) {
            Acknowledgements created = new Acknowledgements(channel);
            acknowledgements = channel.attr(KEY).setIfAbsent(created);
            if (acknowledgements == null) {
                acknowledgements = created;
            }
        }
        return acknowledgements;
    }

    /** Any thread: queues {@code response} and has the event loop write it, with whatever else is queued. */
    void write(PduResponse response) {
        owed.offer(response);
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(writeOwed);
            } catch (RejectedExecutionException e) {
                LOG.debug("event loop shut down; acknowledgements not written (the SMSC resends)");
            }
        }
    }

    /** Event loop: the flag is cleared first, so an answer queued meanwhile is written here or by its own task. */
    private void writeOwed() {
        writeScheduled.set(false);
        boolean wrote = false;
        PduResponse response;
        while ((response = owed.poll()) != null) {
            channel.write(response, channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }
}
