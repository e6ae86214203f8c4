package io.ringway.engine.journal;

import com.lmax.disruptor.EventHandler;
import io.ringway.engine.ring.MessageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * First stage of the ring: appends every state-changing input to the journal and marks the event journaled.
 * When the journal cannot be written (disk full, I/O error) the event is left unmarked: the business logic then
 * ignores it and the customer is told nothing was accepted. With {@code sync} the batch is forced to the device
 * before any handler after this one sees it.
 */
public final class JournalHandler implements EventHandler<MessageEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(JournalHandler.class);

    private final Journal journal;
    private final boolean sync;
    private final AtomicLong writes;
    private final AtomicLong failures;
    private volatile boolean healthy = true;
    private Journal.JournalAppender appender;
    private boolean unsynced;
    private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

    public JournalHandler(Journal journal, boolean sync, AtomicLong writes, AtomicLong failures) {
        this.journal = journal;
        this.sync = sync;
        this.writes = writes;
        this.failures = failures;
    }

    @Override
    public void onStart() {
        appender = journal.appender();
        started.countDown();
    }

    /**
     * Waits until the journal thread holds its appender (Chronicle appenders belong to the thread that creates
     * them), so that nothing is accepted, and nothing closes the journal, before it can write.
     */
    public boolean awaitStarted(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return started.await(timeout, unit);
    }

    @Override
    public void onShutdown() {
        if (appender != null) {
            appender.close();
        }
    }

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        if (event.kind.journaled()) {
            try {
                appender.append(event);
                event.journaled = true;
                writes.lazySet(writes.get() + 1);
                unsynced = true;
                if (!healthy) {
                    healthy = true;
                    LOG.warn("journal writable again");
                }
            } catch (RuntimeException e) {
                failures.lazySet(failures.get() + 1);
                if (healthy) {
                    healthy = false;
                    LOG.error("journal write failed; refusing input until it recovers", e);
                }
                return;
            }
        } else {
            event.journaled = true;
        }
        if (sync && endOfBatch && unsynced) {
            appender.sync();
            unsynced = false;
        }
    }

    /** False from a failed write until the next successful one (alert metric). */
    public boolean healthy() {
        return healthy;
    }
}
