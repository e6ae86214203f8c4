package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.pdu.SubmitSm;
import io.ringway.engine.message.Message;

/**
 * One message on its way through an upstream pool, with what its retries have used up. It moves between the
 * pool's queue and one bind's window at a time; the queue hand-over orders each owner's writes before the next
 * owner's reads, so the fields need no further synchronisation.
 */
final class Submission {
    final Message message;
    private SubmitSm pdu;
    /** Answered generic_nack once already: the next one is final. */
    boolean nacked;
    /** Timed out once already: the next timeout is final. */
    boolean timedOut;
    /** When its current submit_sm was written. */
    long sentNanos;

    Submission(Message message) {
        this.message = message;
    }

    /** The submit_sm, built once and resent under a new sequence number on retries. */
    SubmitSm pdu() {
        if (pdu == null) {
            pdu = SubmitSmTranslator.translate(message);
        }
        return pdu;
    }
}
