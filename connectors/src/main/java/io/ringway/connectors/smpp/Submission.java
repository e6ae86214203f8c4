package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.pdu.SubmitSm;
import io.ringway.engine.message.Message;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One part of a message on its way through an upstream pool (a one-part message is its only part), with what its
 * retries have used up. It moves between the pool's queue and one bind's window at a time; the queue and the
 * hand-over between event loops order each owner's writes before the next owner's reads, so the owner's fields
 * need no further synchronisation.
 *
 * <p>Two fields are not the owner's: a bind that still holds the sequence number of an earlier attempt (one that
 * timed out, or a window taken back) may take that attempt's late answer on its own event loop while the
 * submission is elsewhere. It finishes the submission ({@link #finish}) or notes a refusal ({@link #lateRefusal});
 * everything that reports the submission to the engine finishes it first, so it is reported once.
 */
final class Submission {
    private static final AtomicIntegerFieldUpdater<Submission> FINISHED =
            AtomicIntegerFieldUpdater.newUpdater(Submission.class, "finished");

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
    /** Refused as busy at least once: {@link #busySinceNanos} is set. */
    boolean refusedBusy;
    /** When the SMSC first refused it as busy (throttled, queue full, system error, temporary error). */
    long busySinceNanos;
    /**
     * The permanent refusal an earlier, timed-out attempt got while a retry was on its way, or 0: the retry
     * decides, and if it times out too this is the failure reported (rather than ESME_RSYSERR).
     */
    volatile int lateRefusal;
    /** 1 once answered, failed or given back: see {@link #finish}. */
    private volatile int finished;

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

    /**
     * Claims the one report of this submission's outcome (acknowledged, failed or given back); false when another
     * attempt's answer, or the give-back, claimed it first. Any thread.
     */
    boolean finish() {
        return FINISHED.compareAndSet(this, 0, 1);
    }

    /** Reported already: a retry still queued is not sent, an answer still to come is ignored. Any thread. */
    boolean isFinished() {
        return finished != 0;
    }
}
