package io.ringway.engine.customer;

import io.ringway.engine.message.IdempotencyKeys;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.Status;

/**
 * Where the answer to a submission goes: an SMPP session (submit_sm_resp) or an HTTP exchange. Called on the
 * responder thread, only after the submission has been journaled and decided. Implementations hand the answer
 * to their I/O thread and return at once.
 */
public interface SubmitResponder {
    /** The submission with this correlation (the SMPP sequence number, an HTTP request slot) was accepted. */
    void accepted(int correlation, long messageId);

    /**
     * The submission was accepted as {@code message}. Its content and its rating ({@link Message#segments()},
     * {@link Message#charge()}, set once at acceptance) may be read here; its later life may not. Edges that
     * answer with more than the id (HTTP: parts and price) override this.
     */
    default void accepted(int correlation, Message message) {
        accepted(correlation, message.id());
    }

    /**
     * The submission repeated an accepted one's idempotency key and body: nothing was submitted or charged, and it
     * is answered as {@code original} was. Only HTTP submissions carry keys, so edges without them never get this;
     * by default it answers with the original message id.
     */
    default void replayed(int correlation, IdempotencyKeys.Original original) {
        accepted(correlation, original.messageId());
    }

    /** The submission was refused with {@code status}; nothing was charged. */
    void rejected(int correlation, Status status);
}
