package io.ringway.engine.ring;

import com.lmax.disruptor.DataProvider;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import io.ringway.engine.journal.JournalHandler;

/**
 * The ring's three stages, journal, business logic and output, on one thread ({@code ring.stage-threads: 1}).
 * Each event is journaled as it arrives; once the journal has committed what it holds (at the end of the
 * Disruptor batch, or early once {@link #MAX_PENDING} events wait, unless {@code journal.sync} wants one forced
 * write per batch), the business logic and then the output handle those events in ring order, one event at a
 * time. So the later stages see only what the journal wrote, in the same order as the pipelined stages would:
 * acknowledged still means journaled, and with {@code journal.sync} forced to the device.
 *
 * <p>Why: on a machine with two cores, three stage threads plus the network's event loops are more runnable
 * threads than cores, and every hand-off between stages is a park or a wake-up and a switch. One thread does the
 * same work without those, with each event still in its cache when the next stage reads it. On machines with
 * cores to spare the pipelined stages overlap the journal with the business logic instead.
 *
 * <p>A stage that throws is reported to the ring's exception handler for that event and stage, and the event
 * still goes through the stages after it, exactly as with one processor per stage (the handler turns a failed
 * submission into a system error, which the output stage answers).
 */
final class SingleThreadStages implements EventHandler<MessageEvent> {
    /**
     * Events journaled before the journal commits early and the later stages run, if the Disruptor batch is
     * longer: bounds how long the first event of a long batch waits for its answer, while a journal document
     * still holds enough records to amortise its cost.
     */
    static final int MAX_PENDING = 256;

    private final JournalHandler journal;
    private final EventHandler<MessageEvent> logic;
    private final EventHandler<MessageEvent> output;
    private final DataProvider<MessageEvent> ring;
    private final ExceptionHandler<MessageEvent> failures;
    /** Ring sequence of the first journaled event the later stages have not seen; valid while {@link #pending}. */
    private long pendingFrom;
    private boolean pending;

    SingleThreadStages(JournalHandler journal, EventHandler<MessageEvent> logic, EventHandler<MessageEvent> output,
                       DataProvider<MessageEvent> ring, ExceptionHandler<MessageEvent> failures) {
        this.journal = journal;
        this.logic = logic;
        this.output = output;
        this.ring = ring;
        this.failures = failures;
    }

    @Override
    public void onStart() {
        journal.onStart();
    }

    @Override
    public void onShutdown() {
        journal.onShutdown();
    }

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        if (!pending) {
            pending = true;
            pendingFrom = sequence;
        }
        stage(journal, event, sequence, endOfBatch);
        // At the batch's end the journal has committed (and synced) or given up on the batch, as the pipelined
        // journal stage has when it lets the next stage see it.
        if (endOfBatch || (sequence - pendingFrom + 1 >= MAX_PENDING && journal.commitEarly(sequence))) {
            for (long next = pendingFrom; next <= sequence; next++) {
                MessageEvent journaled = ring.get(next);
                boolean last = next == sequence;
                stage(logic, journaled, next, last);
                stage(output, journaled, next, last);
            }
            pending = false;
        }
    }

    private void stage(EventHandler<MessageEvent> handler, MessageEvent event, long sequence, boolean last) {
        try {
            handler.onEvent(event, sequence, last);
        } catch (Throwable failure) {
            failures.handleEventException(failure, sequence, event);
        }
    }
}
