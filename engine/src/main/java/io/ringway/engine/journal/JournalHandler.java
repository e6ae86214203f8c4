package io.ringway.engine.journal;

import com.lmax.disruptor.DataProvider;
import com.lmax.disruptor.EventHandler;
import io.ringway.engine.ring.MessageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * First stage of the ring: appends every state-changing input to the journal and marks the event journaled.
 * The events of one Disruptor batch go into one journal batch, committed at the batch's end (or every
 * {@link #MAX_BATCH_BYTES}); the stages after this one see none of them before that, because the processor
 * publishes its progress only after the batch's last event. When the journal cannot be written (disk full, I/O
 * error) the events of the failed journal batch are left, or set back to, unmarked: the business logic then
 * ignores them and their customers are told nothing was accepted. With {@code sync} the journal is forced to the
 * device before any handler after this one sees the batch.
 */
public final class JournalHandler implements EventHandler<MessageEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(JournalHandler.class);
    /** A journal batch is committed once it holds this many octets, even before the Disruptor batch ends. */
    static final long MAX_BATCH_BYTES = 64 * 1024;

    private final Journal journal;
    private final boolean sync;
    private final AtomicLong writes;
    private final AtomicLong failures;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean healthy = true;
    /** Why the journal thread could not take its appender, or null; written before {@link #started} opens. */
    private volatile Throwable startFailure;
    private final DataProvider<MessageEvent> ring;
    private Journal.JournalAppender appender;
    /** Ring sequence of the open journal batch's first event. */
    private long batchStart;
    private boolean unsynced;

    /** {@code ring} is the ring this handler runs on, to set back the events of a batch that could not be written. */
    public JournalHandler(Journal journal, DataProvider<MessageEvent> ring, boolean sync, AtomicLong writes,
                          AtomicLong failures) {
        this.journal = journal;
        this.ring = ring;
        this.sync = sync;
        this.writes = writes;
        this.failures = failures;
    }

    @Override
    public void onStart() {
        try {
            appender = journal.ringAppender();
        } catch (RuntimeException | Error e) {
            startFailure = e;
            throw e;
        } finally {
            started.countDown();
        }
    }

    /**
     * Waits until the journal thread holds its appender (Chronicle appenders belong to the thread that creates
     * them), so that nothing is accepted, and nothing closes the journal, before it can write. Returns at once when
     * the thread failed to take it.
     *
     * @return false when the thread did not start within the timeout
     * @throws JournalUnwritableException when the journal thread could not open the journal for writing
     */
    public boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
        if (!started.await(timeout, unit)) {
            return false;
        }
        Throwable failure = startFailure;
        if (failure != null) {
            throw new JournalUnwritableException(journal.directory() + ": the journal cannot be opened for writing ("
                    + failure + ")", failure);
        }
        return true;
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
            if (appender.uncommittedRecords() == 0) {
                batchStart = sequence;
            }
            try {
                appender.write(event);
                event.journaled = true;
            } catch (RuntimeException | Error e) {
                lost(batchStart, sequence, e); // nothing is left open; what was committed before still gets synced
            }
        } else {
            event.journaled = true;
        }
        if (endOfBatch || appender.uncommittedBytes() >= MAX_BATCH_BYTES) {
            commit(sequence);
        }
        if (sync && endOfBatch && unsynced) {
            appender.sync();
            unsynced = false;
        }
    }

    private void commit(long sequence) {
        int records;
        try {
            records = appender.commit();
        } catch (RuntimeException | Error e) {
            lost(batchStart, sequence, e);
            return;
        }
        if (records == 0) {
            return;
        }
        writes.lazySet(writes.get() + records);
        unsynced = true;
        if (!healthy) {
            healthy = true;
            LOG.warn("journal writable again");
        }
    }

    /** The journal batch from {@code first} to {@code last} was rolled back: none of its events is journaled. */
    private void lost(long first, long last, Throwable cause) {
        long lost = 0;
        for (long sequence = first; sequence <= last; sequence++) {
            MessageEvent event = ring.get(sequence);
            if (event.kind.journaled()) {
                event.journaled = false;
                lost++;
            }
        }
        failures.lazySet(failures.get() + lost);
        if (healthy) {
            healthy = false;
            LOG.error("journal write failed; refusing input until it recovers", cause);
        }
    }

    /** False from a failed write until the next successful one (alert metric). */
    public boolean healthy() {
        return healthy;
    }
}
