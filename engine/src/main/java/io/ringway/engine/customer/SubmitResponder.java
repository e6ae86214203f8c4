package io.ringway.engine.customer;

import io.ringway.engine.message.Status;

/**
 * Where the answer to a submission goes: an SMPP session (submit_sm_resp) or an HTTP exchange. Called on the
 * responder thread, only after the submission has been journaled and decided. Implementations hand the answer
 * to their I/O thread and return at once.
 */
public interface SubmitResponder {
    /** The submission with this correlation (the SMPP sequence number, an HTTP request slot) was accepted. */
    void accepted(int correlation, long messageId);

    /** The submission was refused with {@code status}; nothing was charged. */
    void rejected(int correlation, Status status);
}
