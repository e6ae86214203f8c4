package io.ringway.connectors.simulator;

import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Carries the simulator's delivery receipts from accepted to acknowledged, so that none is lost: each waits
 * {@code receiptDelay} after its submit_sm_resp, then goes to a bound session that can receive (the one its
 * message came on when it can, any other receiver or transceiver otherwise) and waits there, when none is bound,
 * until one binds. A receipt whose deliver_sm is refused, unanswered within {@link #RESPONSE_TIMEOUT} or lost
 * with its connection is sent again.
 *
 * <p>Every delay is the same for every receipt, so deadlines come in FIFO order: a queue and one timer per delay
 * replace a timer per receipt. Simulator event loop only.
 */
final class ReceiptOutbox {
    /** A deliver_sm unanswered for this long is sent again. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    /** Pause before resending a receipt the client refused or did not answer. */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final EventLoop loop;
    /** deliver_sm sent on one session and not yet answered (SMPP 3.4 §2.8 windowing). */
    private final int window;
    private final DelayLine delayed;
    private final DelayLine retrying;
    private final ArrayDeque<PendingReceipt> ready = new ArrayDeque<>();
    private final List<SimulatorSession> receivers = new ArrayList<>();
    private int nextReceiver;

    ReceiptOutbox(EventLoop loop, Duration receiptDelay, int window) {
        this.loop = loop;
        this.window = window;
        this.delayed = new DelayLine(receiptDelay.toNanos());
        this.retrying = new DelayLine(RETRY_DELAY.toNanos());
    }

    /** Receipts one session may have unanswered at once. */
    int window() {
        return window;
    }

    /** A submit_sm_resp went out: the receipt becomes due after the receipt delay. */
    void schedule(PendingReceipt receipt) {
        delayed.add(receipt);
    }

    /** The client refused or did not answer the receipt's deliver_sm: send it again after {@link #RETRY_DELAY}. */
    void retry(PendingReceipt receipt) {
        retrying.add(receipt);
    }

    /** The receipt's deliver_sm was lost with its connection: send it again first, on another session. */
    void requeue(PendingReceipt receipt) {
        ready.addFirst(receipt);
    }

    void receiverBound(SimulatorSession session) {
        receivers.add(session);
        dispatch();
    }

    void receiverClosed(SimulatorSession session) {
        receivers.remove(session);
        dispatch();
    }

    /** Sends a mobile-originated deliver_sm on the next session that can receive; false when none is bound. */
    boolean sendInbound(com.cloudhopper.smpp.pdu.DeliverSm deliver) {
        int count = receivers.size();
        if (count == 0) {
            return false;
        }
        receivers.get(Math.floorMod(nextReceiver++, count)).sendInbound(deliver);
        return true;
    }

    /** Sends ready receipts while some receiving session has room in its window. */
    void dispatch() {
        while (!ready.isEmpty()) {
            SimulatorSession session = nextReceiverWithRoom();
            if (session == null) {
                return;
            }
            session.sendReceipt(ready.pollFirst());
        }
    }

    private void becameDue(PendingReceipt receipt) {
        if (receipt.doneAtMillis == 0) {
            receipt.doneAtMillis = System.currentTimeMillis();
        }
        SimulatorSession origin = receipt.origin;
        receipt.origin = null;
        if (origin != null && origin.canTakeReceipt()) {
            origin.sendReceipt(receipt);
        } else {
            ready.addLast(receipt);
        }
    }

    private SimulatorSession nextReceiverWithRoom() {
        int count = receivers.size();
        for (int i = 0; i < count; i++) {
            SimulatorSession session = receivers.get(Math.floorMod(nextReceiver++, count));
            if (session.canTakeReceipt()) {
                return session;
            }
        }
        return null;
    }

    /** Receipts waiting out one fixed delay, in deadline order, with one timer armed for the head. */
    private final class DelayLine implements Runnable {
        private final ArrayDeque<PendingReceipt> waiting = new ArrayDeque<>();
        private final long delayNanos;
        private boolean armed;

        DelayLine(long delayNanos) {
            this.delayNanos = delayNanos;
        }

        void add(PendingReceipt receipt) {
            receipt.dueNanos = System.nanoTime() + delayNanos;
            waiting.addLast(receipt);
            if (!armed) {
                arm(receipt.dueNanos);
            }
        }

        private void arm(long dueNanos) {
            armed = true;
            loop.schedule(this, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            armed = false;
            long now = System.nanoTime();
            PendingReceipt head;
            while ((head = waiting.peekFirst()) != null && head.dueNanos - now <= 0) {
                becameDue(waiting.pollFirst());
            }
            if (head != null) {
                arm(head.dueNanos);
            }
            dispatch();
        }
    }
}
