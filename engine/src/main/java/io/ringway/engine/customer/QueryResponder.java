package io.ringway.engine.customer;

import io.ringway.engine.ring.MessageEvent;

/**
 * Where the answer to an administration command or a state query goes (the HTTP API). Called on the responder
 * thread once the business logic has decided the event: {@code event.status} holds the outcome and, for a QUERY,
 * {@code event.answer} the result. The event is a reused ring slot: read what is needed before returning, keep no
 * reference to it, and hand the answer to an I/O thread.
 */
public interface QueryResponder {
    void answered(int correlation, MessageEvent event);
}
