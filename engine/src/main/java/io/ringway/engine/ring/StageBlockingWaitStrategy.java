package io.ringway.engine.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The default wait strategy: no ring thread ever spins for long, so that on a small shared machine the handler
 * threads leave the cores to the journal, the business logic and the network.
 *
 * <p>The Disruptor's own {@code BlockingWaitStrategy} blocks only while a handler waits for the producers; a
 * handler waiting for an earlier stage (the business logic for the journal, the responder for the business logic)
 * busy-spins on that stage's sequence, because stages never signal. With four stages on two cores that spinning
 * starved the very stage everyone waited for. Here the wait for producers blocks on a monitor as before, and the
 * wait for an earlier stage spins briefly, yields a few times, then parks with exponential back-off capped at
 * {@link #MAX_PARK_NANOS}: idle stages cost nothing, and a busy pipeline still hands over within microseconds.
 * The wait for producers spins briefly first too, and producers signal only a handler that is actually asleep
 * (the Disruptor's {@code LiteBlockingWaitStrategy} protocol): no lock on the publishing path under load.
 */
public final class StageBlockingWaitStrategy implements WaitStrategy {
    private static final int SPINS = 100;
    private static final int YIELDS = 10;
    private static final long FIRST_PARK_NANOS = 1_000;
    /** The longest a stage sleeps between looks at the stage before it. */
    static final long MAX_PARK_NANOS = 200_000;

    private final Object mutex = new Object();
    /**
     * Set by a handler about to block on the monitor, cleared by the publisher that wakes it: a publish takes the
     * monitor only when someone sleeps on it (every producer taking it for every event was a contended lock on
     * the SMPP event loops' path).
     */
    private final AtomicBoolean signalNeeded = new AtomicBoolean();

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        for (int spins = 0; spins < SPINS && cursor.get() < sequence; spins++) {
            Thread.onSpinWait(); // under load the next event is microseconds away: cheaper than sleeping
        }
        if (cursor.get() < sequence) {
            synchronized (mutex) {
                do {
                    // Set before the last look at the cursor: a publish after that look sees it and wakes us.
                    signalNeeded.set(true);
                    if (cursor.get() >= sequence) {
                        break;
                    }
                    barrier.checkAlert();
                    mutex.wait();
                } while (cursor.get() < sequence);
            }
        }
        long available;
        int attempts = 0;
        long park = FIRST_PARK_NANOS;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (attempts < SPINS) {
                attempts++;
                Thread.onSpinWait();
            } else if (attempts < SPINS + YIELDS) {
                attempts++;
                Thread.yield();
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(park << 1, MAX_PARK_NANOS);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        if (signalNeeded.getAndSet(false)) {
            synchronized (mutex) {
                mutex.notifyAll();
            }
        }
    }
}
