package io.ringway.engine.billing;

/** The kinds of line on an account statement. */
public enum MovementType {
    /** Money added to the balance (operator or reseller). */
    TOP_UP,
    /** The price of a message taken from the balance when it was accepted. */
    RESERVE,
    /** A reserved charge became final: the message was delivered. Moves no money. */
    SETTLE,
    /** A reserved charge given back: the message was not delivered. */
    REFUND,
    /** The credit limit changed. Moves no money. */
    CREDIT_LIMIT,
    /** A submission was refused (the reference says why: NO_CONSENT, INSUFFICIENT_BALANCE, ...). Moves no money. */
    REJECTED
}
