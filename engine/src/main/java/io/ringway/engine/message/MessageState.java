package io.ringway.engine.message;

/**
 * Where a message is in its life. {@code ACCEPTED -> DISPATCHED -> one final state}; a submission refused at the
 * edge never becomes a message and is answered with a {@link Status} instead.
 */
public enum MessageState {
    ACCEPTED(6, "ACCEPTD"),
    DISPATCHED(6, "ENROUTE"),
    DELIVERED(2, "DELIVRD"),
    UNDELIVERABLE(5, "UNDELIV"),
    EXPIRED(3, "EXPIRED"),
    DELETED(4, "DELETED"),
    REJECTED(8, "REJECTD"),
    UNKNOWN(7, "UNKNOWN");

    private static final MessageState[] VALUES = values();

    private final int smppMessageState;
    private final String receiptStat;

    MessageState(int smppMessageState, String receiptStat) {
        this.smppMessageState = smppMessageState;
        this.receiptStat = receiptStat;
    }

    /** The SMPP 3.4 §5.2.28 {@code message_state} value. */
    public int smppMessageState() {
        return smppMessageState;
    }

    /** The {@code stat:} word of a delivery receipt (SMPP 3.4 Appendix B). */
    public String receiptStat() {
        return receiptStat;
    }

    public boolean isFinal() {
        return this != ACCEPTED && this != DISPATCHED;
    }

    /** Final states that mean the recipient did not get the message (the charge is refunded). */
    public boolean isFailure() {
        return isFinal() && this != DELIVERED;
    }

    /**
     * The final state a receipt's {@code stat:} word reports, or {@code null} for intermediate states
     * (ENROUTE, ACCEPTD) and words no SMSC should send.
     */
    public static MessageState fromReceiptStat(String stat) {
        if (stat == null) {
            return null;
        }
        switch (stat) {
            case "DELIVRD": return DELIVERED;
            case "UNDELIV": return UNDELIVERABLE;
            case "EXPIRED": return EXPIRED;
            case "DELETED": return DELETED;
            case "REJECTD": return REJECTED;
            case "UNKNOWN": return UNKNOWN;
            default: return null;
        }
    }

    public static MessageState ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
