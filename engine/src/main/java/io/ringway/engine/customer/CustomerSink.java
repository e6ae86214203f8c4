package io.ringway.engine.customer;

import io.ringway.engine.dlr.CustomerReceipt;

/**
 * Delivers receipts to customers: the module boundary between the dispatcher and the customer-facing edges.
 * A delivered receipt is acknowledged later through a {@code RECEIPT_ACK} ring event; until then the engine
 * keeps it and offers it again when the account binds again.
 */
public interface CustomerSink {
    /**
     * Sends {@code receipt} to a session of its account that can receive. Returns false when none is bound (or
     * all are too far behind); the receipt is then offered again when one binds. Called on the dispatcher thread.
     */
    boolean deliver(CustomerReceipt receipt);

    /**
     * Which of its account's queues {@code receipt} waits in, 0 or 1: receipts that go out by different ways (the
     * SMPP sessions, a callback URL) wait apart, so that one way that cannot take more (no receiving session bound,
     * a receiver that fails) holds up none of the other's. One queue unless a sink says otherwise.
     */
    default int lane(CustomerReceipt receipt) {
        return 0;
    }
}
