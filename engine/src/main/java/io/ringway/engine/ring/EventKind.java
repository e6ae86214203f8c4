package io.ringway.engine.ring;

/**
 * The kinds of input that travel the ring. Every kind that can change engine state is journaled, so that
 * replaying the journal rebuilds the state exactly.
 */
public enum EventKind {
    /** A customer submission (SMPP submit_sm or HTTP). */
    SUBMIT(1, true),
    /** An upstream's answer to our submit_sm: its message id, or a permanent error. */
    UPSTREAM_ACK(2, true),
    /** A delivery receipt from an upstream. */
    DLR(3, true),
    /** A customer acknowledged a receipt we delivered (deliver_sm_resp OK). */
    RECEIPT_ACK(4, true),
    /** A customer session that can receive bound: owed receipts are offered again. Changes no state. */
    SESSION_BOUND(5, false),
    /** A claimed slot that carries nothing (its producer failed between claim and publish). */
    NOOP(6, false),
    /** An account-administration command: top-up, credit limit, price list, sub-account. */
    ADMIN(7, true),
    /** The clock ticked: receipts overdue past their account's DLR timeout are closed. */
    TIMER(8, true),
    /**
     * A question about engine state from an edge (a message's outcome, an account's balance). The business logic
     * writes the answer into the event; nothing changes, so nothing is journaled.
     */
    QUERY(9, false),
    /**
     * An upstream's count of bound sending sessions changed (0 = down). Journaled so that routing, which skips
     * down upstreams, decides the same on replay as it did live.
     */
    UPSTREAM_STATE(10, true),
    /** A recipient's consent for a brand was given or withdrawn (API, import, registry). */
    CONSENT(11, true),
    /** An inbound (mobile-originated) message from an upstream. */
    MO(12, true),
    /**
     * The external consent registry answered a question about a recipient (or could not): the answer is cached
     * for integrator-mode brands and the submissions parked for it are decided.
     */
    CONSENT_ANSWER(13, true),
    /** The external consent registry took a brand's consent changes up to a change number. */
    CONSENT_PUSHED(14, true),
    /**
     * A customer cancels one of its messages that still waits for its send time ({@code messageId}); it ends
     * DELETED and its charge is refunded. Journaled: it changes the message and the balance.
     */
    CANCEL(15, true),
    /**
     * A customer session closed without answering the receipt of {@code messageId} that it had been handed: the
     * receipt is offered again at once, not after the response timeout. Changes no state.
     */
    RECEIPT_RETURNED(16, false);

    private static final EventKind[] BY_CODE = new EventKind[17];

    static {
        for (EventKind kind : values()) {
            BY_CODE[kind.code] = kind;
        }
    }

    private final byte code;
    private final boolean journaled;

    EventKind(int code, boolean journaled) {
        this.code = (byte) code;
        this.journaled = journaled;
    }

    /** Stable code written to the journal; never reuse a retired one. */
    public byte code() {
        return code;
    }

    public boolean journaled() {
        return journaled;
    }

    /** The kind a journal code stands for, or {@code null} for a code this version does not know. */
    public static EventKind ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
