package io.ringway.engine.ring;

import com.lmax.disruptor.ExceptionHandler;
import io.ringway.engine.message.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every ring processor alive when a handler throws (the Disruptor's default handler would stop it):
 * counts the failure, dead-letters the event to the log with what is needed to find it in the journal, and
 * turns a submission into a system error so that the customer gets ESME_RSYSERR instead of silence.
 */
public final class RingExceptionHandler implements ExceptionHandler<MessageEvent> {
    private static final Logger DEAD_LETTERS = LoggerFactory.getLogger("ringway.dead-letters");
    private static final Logger LOG = LoggerFactory.getLogger(RingExceptionHandler.class);

    private final AtomicLong failures;

    public RingExceptionHandler(AtomicLong failures) {
        this.failures = failures;
    }

    @Override
    public void handleEventException(Throwable failure, long sequence, MessageEvent event) {
        failures.incrementAndGet();
        if (event != null && event.kind == EventKind.SUBMIT) {
            event.status = Status.SYSTEM_ERROR;
            event.message = null;
        }
        DEAD_LETTERS.error("handler failed on ring sequence {}: {}", sequence, event, failure);
    }

    @Override
    public void handleOnStartException(Throwable failure) {
        LOG.error("ring handler failed to start", failure);
    }

    @Override
    public void handleOnShutdownException(Throwable failure) {
        LOG.error("ring handler failed to shut down", failure);
    }
}
