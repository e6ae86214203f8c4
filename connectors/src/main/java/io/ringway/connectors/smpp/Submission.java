package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.pdu.SubmitSm;
import io.ringway.engine.message.Message;

/**
 * One part of a message on its way through an upstream pool (a one-part message is its only part), with what its
 * retries have used up. It moves between the
 * pool's queue and one bind's window at a time; the queue hand-over orders each owner's writes before the next
 * owner's reads, so the fields need no further synchronisation.
 */
final class Submission {
    final Message message;
    /** 0-based part index, reported with the upstream's answer. */
    final int part;
    private final int parts;
    /** Concatenation reference shared by every part of the message (3GPP TS 23.040 §9.2.3.24.1). */
    private final int reference;
    private SubmitSm pdu;
    /** Answered generic_nack once already: the next one is final. */
    boolean nacked;
    /** Timed out once already: the next timeout is final. */
    boolean timedOut;
    /** When its current submit_sm was written. */
    long sentNanos;

    Submission(Message message) {
        this(message, 0, 1, 0);
    }

    Submission(Message message, int part, int parts, int reference) {
        this.message = message;
        this.part = part;
        this.parts = parts;
        this.reference = reference;
    }

    /** The submit_sm, built once and resent under a new sequence number on retries. */
    SubmitSm pdu() {
        if (pdu == null) {
            pdu = SubmitSmTranslator.translatePart(message, part, parts, reference);
        }
        return pdu;
    }
}
