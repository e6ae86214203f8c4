package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;

/**
 * The ring's last stage: the {@link ResponseHandler} answers, then the {@link DispatchHandler} sends, on one
 * thread. They used to be two parallel stages; on the two-core machines Ringway is measured on, each extra stage
 * thread costs a wake-up per batch and competes with the journal and the I/O threads for a core, while both
 * handlers only hand work to other threads and take well under a microsecond an event. The customer's answer
 * goes first, so an upstream hand-off never delays a submit_sm_resp.
 */
final class OutputHandler implements EventHandler<MessageEvent> {
    private final ResponseHandler responder;
    private final DispatchHandler dispatcher;

    OutputHandler(ResponseHandler responder, DispatchHandler dispatcher) {
        this.responder = responder;
        this.dispatcher = dispatcher;
    }

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        try {
            responder.onEvent(event, sequence, endOfBatch);
        } finally {
            // an accepted message must reach its upstream even if answering its customer failed
            try {
                dispatcher.onEvent(event, sequence, endOfBatch);
            } finally {
                event.clearOutputLists(); // the slot's next producer does not touch them (see resetForClaim)
            }
        }
    }
}
