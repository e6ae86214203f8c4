package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import io.ringway.engine.message.Status;

/**
 * Answers each submission once the journal and the business logic are both done with it: an acknowledged
 * message is on disk and its charge decided. Administration commands and queries are answered the same way,
 * through their {@link io.ringway.engine.customer.QueryResponder}. Responder thread only.
 */
public final class ResponseHandler implements EventHandler<MessageEvent> {

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        if (event.queryResponder != null
                && (event.kind == EventKind.QUERY || event.kind == EventKind.ADMIN || event.kind == EventKind.CONSENT)) {
            if (event.status == null) {
                event.status = Status.SYSTEM_ERROR;
            }
            event.queryResponder.answered(event.correlation, event);
            return;
        }
        if (event.kind != EventKind.SUBMIT || event.responder == null) {
            return;
        }
        Status status = event.status == null ? Status.SYSTEM_ERROR : event.status;
        if (status == Status.OK) {
            event.responder.accepted(event.correlation, event.message);
        } else {
            event.responder.rejected(event.correlation, status);
        }
    }
}
