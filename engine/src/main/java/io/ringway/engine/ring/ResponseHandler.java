package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import io.ringway.engine.message.Status;

/**
 * Answers each submission once the journal and the business logic are both done with it: an acknowledged
 * message is on disk and its charge decided. An upstream's receipt or MO is acknowledged to its SMSC the same way,
 * once journaled ({@link MessageEvent#acknowledgement}). Administration commands and queries are answered the same way,
 * through their {@link io.ringway.engine.customer.QueryResponder}. A submission parked for the external consent
 * registry is answered when the event that decides it comes by. Responder thread only.
 */
public final class ResponseHandler implements EventHandler<MessageEvent> {

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        if (event.acknowledgement != null) { // an upstream's receipt or MO: the SMSC may forget it once it is on disk
            event.acknowledgement.journaled(event.journaled);
        }
        for (int i = 0; i < event.decided.size(); i++) {
            answer(event.decided.get(i));
        }
        if (event.queryResponder != null
                && (event.kind == EventKind.QUERY || event.kind == EventKind.ADMIN || event.kind == EventKind.CONSENT
                || event.kind == EventKind.CANCEL)) {
            if (event.status == null) {
                event.status = Status.SYSTEM_ERROR;
            }
            event.queryResponder.answered(event.correlation, event);
            return;
        }
        if (event.kind == EventKind.SUBMIT && !event.deferred) {
            answer(event);
        }
    }

    /** Answers a decided submission: this event's own, or a parked one another event decided. */
    private static void answer(MessageEvent submission) {
        if (submission.responder == null) {
            return; // replayed, or a producer that wants no answer
        }
        Status status = submission.status == null ? Status.SYSTEM_ERROR : submission.status;
        if (status == Status.OK && submission.replayed != null) {
            submission.responder.replayed(submission.correlation, submission.replayed);
        } else if (status == Status.OK) {
            submission.responder.accepted(submission.correlation, submission.message);
        } else {
            submission.responder.rejected(submission.correlation, status);
        }
    }
}
