package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import io.ringway.engine.message.Status;

/**
 * Answers each submission once the journal and the business logic are both done with it: an acknowledged
 * message is on disk and its charge decided. Responder thread only.
 */
public final class ResponseHandler implements EventHandler<MessageEvent> {

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
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
