package io.ringway.engine.ring;

import io.ringway.engine.message.MessageState;

/**
 * The business logic's answer to a QUERY event, written in place into the event's pre-allocated answer so that a
 * query allocates nothing on the business-logic thread. For a message query the message fields are set; for a
 * balance query (message id 0) the balance fields. Written by the business logic, read by the responder.
 */
public final class QueryAnswer {
    /** The message exists, belongs to the asking account, and is still remembered. */
    public boolean found;
    /** The message id was issued but its outcome has been pushed out of the finished-message store. */
    public boolean forgotten;
    public MessageState state;
    public int segments;
    /** What the asking account was charged, micro-units. */
    public long charge;
    /** Whether that charge was given back (a failed final state the account refunds). */
    public boolean refunded;
    public long acceptedAt;
    /** When the final state was reached (epoch ms), 0 while the message is in flight. */
    public long doneAt;
    /** Upstream error code of the final state, 0 for none. */
    public int errorCode;
    /** The customer's reference for the message, or {@code null}. */
    public String reference;
    /** When a scheduled message is to be sent (epoch ms), 0 for one sent at once. */
    public long sendAt;
    /** The message waits for its send time: accepted and paid for, not yet handed to an upstream. */
    public boolean scheduled;
    public long balance;
    public long creditLimit;
    /**
     * A balance query: the reseller the account buys from, or {@code null} for a top-level account. The edges read
     * it to decide who may see an account's statement: the ledger's reseller tree lives on the business-logic
     * thread only.
     */
    public String parent;
    /** A consent query: the standing consent, or {@code null} when the recipient has none for the brand. */
    public io.ringway.engine.consent.Consent consent;

    void clear() {
        consent = null;
        found = false;
        forgotten = false;
        state = null;
        segments = 0;
        charge = 0;
        refunded = false;
        acceptedAt = 0;
        doneAt = 0;
        errorCode = 0;
        reference = null;
        sendAt = 0;
        scheduled = false;
        balance = 0;
        creditLimit = 0;
        parent = null;
    }
}
