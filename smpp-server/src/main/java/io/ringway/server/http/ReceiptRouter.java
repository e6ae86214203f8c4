package io.ringway.server.http;

import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.dlr.CustomerReceipt;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The node's one {@link CustomerSink}: receipts of HTTP and Kannel submissions that asked for a callback go to
 * the {@link WebhookSender}, every other receipt to the SMPP sessions of its account. Also counts receipts by
 * final state for the metrics (plain counters; the metrics endpoint reads them).
 *
 * <p>Dispatcher thread.
 */
public final class ReceiptRouter implements CustomerSink {
    private final CustomerSink smppSessions;
    private final WebhookSender webhooks;
    final AtomicLongArray offeredByState = new AtomicLongArray(io.ringway.engine.message.MessageState.values().length);

    ReceiptRouter(CustomerSink smppSessions, WebhookSender webhooks) {
        this.smppSessions = smppSessions;
        this.webhooks = webhooks;
    }

    @Override
    public boolean deliver(CustomerReceipt receipt) {
        boolean taken = WebhookSender.handles(receipt) ? webhooks.deliver(receipt) : smppSessions.deliver(receipt);
        if (taken) {
            int state = receipt.state().ordinal();
            offeredByState.lazySet(state, offeredByState.get(state) + 1);
        }
        return taken;
    }

    /** Callbacks and SMPP sessions wait apart: a session not bound holds up no callback, a failing receiver no session. */
    @Override
    public int lane(CustomerReceipt receipt) {
        return WebhookSender.handles(receipt) ? 1 : 0;
    }
}
