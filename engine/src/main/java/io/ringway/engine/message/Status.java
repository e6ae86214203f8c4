package io.ringway.engine.message;

/**
 * The outcome of a submission, decided by the business logic and mapped straight to an SMPP
 * {@code command_status} and an HTTP status with a stable error code. A rejection is a value, not an exception.
 */
public enum Status {
    OK(0x00000000, 202, "ACCEPTED", "accepted"),
    INVALID_MESSAGE_LENGTH(0x00000001, 422, "INVALID_MESSAGE_LENGTH", "message text is empty or too long"),
    SYSTEM_ERROR(0x00000008, 500, "SYSTEM_ERROR", "internal error; the message was not accepted"),
    INVALID_SOURCE(0x0000000A, 422, "INVALID_SENDER", "sender address is not valid or not allowed for this account"),
    INVALID_DESTINATION(0x0000000B, 422, "INVALID_DESTINATION", "destination is not a valid E.164 number"),
    QUEUE_FULL(0x00000014, 429, "QUEUE_FULL", "too many messages waiting for the upstream; retry later"),
    INVALID_DATA_CODING(0x00000104, 422, "INVALID_DATA_CODING", "data_coding is not supported"),
    SUBMIT_FAILED(0x00000045, 422, "SUBMIT_FAILED", "message could not be accepted"),
    UNKNOWN_ACCOUNT(0x0000000F, 401, "UNKNOWN_ACCOUNT", "account does not exist"),
    THROTTLED(0x00000058, 429, "THROTTLED", "too many requests; retry later"),
    NO_ROUTE(0x00000045, 422, "NO_ROUTE", "no route to this destination"),
    JOURNAL_UNAVAILABLE(0x00000008, 503, "JOURNAL_UNAVAILABLE", "the journal cannot be written; nothing was accepted"),
    INSUFFICIENT_BALANCE(0x00000045, 402, "INSUFFICIENT_BALANCE", "the balance (with credit limit) does not cover the price"),
    NO_TARIFF(0x00000045, 422, "NO_TARIFF", "no price is defined for this destination"),
    FORBIDDEN(0x00000008, 403, "FORBIDDEN", "this account may not do that"),
    ACCOUNT_EXISTS(0x00000008, 409, "ACCOUNT_EXISTS", "an account with that name exists already"),
    UNKNOWN_PRICE_LIST(0x00000008, 404, "UNKNOWN_PRICE_LIST", "no price list with that name"),
    INVALID_AMOUNT(0x00000008, 422, "INVALID_AMOUNT", "the amount is not positive or would overflow the balance"),
    INVALID_TARIFF(0x00000008, 422, "INVALID_TARIFF", "the price list is not valid"),
    SENDER_NOT_ALLOWED(0x0000000A, 422, "SENDER_NOT_ALLOWED", "this account may not send as this sender"),
    NO_CONSENT(0x00000401, 422, "NO_CONSENT", "commercial message without the recipient's opt-in for the brand"),
    OPTED_OUT(0x00000402, 422, "OPTED_OUT", "the recipient opted out of commercial messages from the brand"),
    CONSENT_REGISTRY_UNAVAILABLE(0x00000403, 503, "CONSENT_REGISTRY_UNAVAILABLE",
            "the brand's consent registry cannot be asked; commercial messages fail closed"),
    INVALID_CONSENT(0x00000008, 422, "INVALID_CONSENT", "the consent record is not valid"),
    CONSENT_LOOKUPS_FULL(0x00000014, 429, "CONSENT_LOOKUPS_FULL",
            "too many commercial messages are waiting for the consent registry's answer; retry later"),
    /** A cancellation named no message of the asking account (ESME_RCANCELFAIL). */
    UNKNOWN_MESSAGE(0x00000011, 404, "NOT_FOUND", "no message with that id"),
    /** A cancellation named a message that is no longer waiting for its send time (ESME_RCANCELFAIL). */
    NOT_CANCELLABLE(0x00000011, 409, "NOT_CANCELLABLE",
            "only a message waiting for its send time can be cancelled; this one has been sent or has finished"),
    /**
     * An HTTP submission's Idempotency-Key was already used for an accepted request with another sender,
     * recipients or text: nothing is submitted (SMPP has no such keys; the status maps to ESME_RSUBMITFAIL).
     */
    IDEMPOTENCY_KEY_REUSED(0x00000045, 422, "IDEMPOTENCY_KEY_REUSED",
            "this Idempotency-Key was used for a request with another sender, recipients or text");

    private static final Status[] VALUES = values();

    private final int smppStatus;
    private final int httpStatus;
    private final String code;
    private final String description;

    Status(int smppStatus, int httpStatus, String code, String description) {
        this.smppStatus = smppStatus;
        this.httpStatus = httpStatus;
        this.code = code;
        this.description = description;
    }

    /** SMPP 3.4 §5.1.3 {@code command_status} for a submit_sm_resp. */
    public int smppStatus() {
        return smppStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Stable machine-readable code for API error bodies. */
    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Status ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
