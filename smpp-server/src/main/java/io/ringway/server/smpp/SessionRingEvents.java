package io.ringway.server.smpp;

import io.netty.util.concurrent.EventExecutor;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;
import org.agrona.collections.IntArrayQueue;
import org.agrona.collections.LongArrayQueue;

import java.util.concurrent.TimeUnit;

/**
 * Puts the ring events a session owes the engine, other than submissions, onto the ring: {@code SESSION_BOUND}
 * when a receiving session has bound (the engine then offers the account's owed receipts again),
 * {@code RECEIPT_ACK} for each receipt the customer accepted, and {@code RECEIPT_RETURNED} for each receipt the
 * session was handed and will not see answered (it closed, or the receipt lost a race with unbind). None may be
 * lost, and the event loop must never wait for a ring slot, so when the ring is full they are kept here, in
 * order, and retried shortly on the event loop. The retries continue after the channel closes: an
 * acknowledgement is worth delivering even then.
 *
 * <p>Event loop only.
 */
final class SessionRingEvents {
    /** Pause before trying a full ring again; the ring drains in microseconds unless the engine is stalled. */
    private static final long RETRY_MILLIS = 5;

    private final RingIngress ingress;
    private final EventExecutor eventLoop;
    private final ReceiptWindow receipts;
    private final LongArrayQueue acknowledged = new LongArrayQueue(ReceiptWindow.NONE);
    /** Receipts given back: their message ids, and the engine's offer each came in, in lockstep. */
    private final LongArrayQueue returned = new LongArrayQueue(ReceiptWindow.NONE);
    private final IntArrayQueue returnedHandOvers = new IntArrayQueue();
    private final Runnable retry = this::retry;
    private String boundAccount;
    private boolean retryScheduled;

    SessionRingEvents(RingIngress ingress, EventExecutor eventLoop, ReceiptWindow receipts) {
        this.ingress = ingress;
        this.eventLoop = eventLoop;
        this.receipts = receipts;
    }

    /** A session of {@code account} that can receive has bound. */
    void sessionBound(String account) {
        boundAccount = account;
        publishOwed();
    }

    /**
     * The customer accepted the receipt for {@code messageId}. Its slot in the receipt window is released once the
     * engine has been told, so a full ring holds back further receipts instead of growing this queue.
     */
    void receiptAccepted(long messageId) {
        acknowledged.offerLong(messageId);
        publishOwed();
    }

    /**
     * The session was handed the receipt for {@code messageId} in the engine's offer {@code handOver} and will not
     * see it answered: the engine offers it again now instead of after the response timeout (unless it already
     * did). It holds no slot in the receipt window.
     */
    void receiptReturned(long messageId, int handOver) {
        returned.offerLong(messageId);
        returnedHandOvers.offerInt(handOver);
        publishOwed();
    }

    /** The channel closed: a late SESSION_BOUND would offer receipts to a session that is gone. */
    void sessionClosed() {
        boundAccount = null;
    }

    private void retry() {
        retryScheduled = false;
        publishOwed();
    }

    private void publishOwed() {
        if (boundAccount != null) {
            MessageEvent event = ingress.tryClaim(EventKind.SESSION_BOUND);
            if (event == null) {
                retryLater();
                return;
            }
            event.account = boundAccount;
            ingress.publish(event);
            boundAccount = null;
        }
        while (!acknowledged.isEmpty()) {
            MessageEvent event = ingress.tryClaim(EventKind.RECEIPT_ACK);
            if (event == null) {
                retryLater();
                return;
            }
            event.messageId = acknowledged.pollLong();
            ingress.publish(event);
            receipts.release();
        }
        while (!returned.isEmpty()) {
            MessageEvent event = ingress.tryClaim(EventKind.RECEIPT_RETURNED);
            if (event == null) {
                retryLater();
                return;
            }
            event.messageId = returned.pollLong();
            event.handOver = returnedHandOvers.pollInt();
            ingress.publish(event);
        }
    }

    private void retryLater() {
        if (!retryScheduled) {
            retryScheduled = true;
            eventLoop.schedule(retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
