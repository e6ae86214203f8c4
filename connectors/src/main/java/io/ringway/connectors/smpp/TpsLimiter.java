package io.ringway.connectors.smpp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code tps} limit of an upstream pool, shared by its binds on different event loops: the generic cell rate
 * algorithm (a virtual-scheduling token bucket) over one atomic "theoretical arrival time", so taking a slot is a
 * single compare-and-set and never blocks. A short burst is allowed because event-loop timers fire with
 * millisecond granularity; sustained, the rate never exceeds {@code tps}.
 */
final class TpsLimiter {
    /** How far ahead of the steady schedule a burst may run. */
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final long intervalNanos;
    private final long toleranceNanos;
    private final AtomicLong theoreticalArrival;

    TpsLimiter(int tps, long nowNanos) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / tps;
        this.toleranceNanos = Math.max(0, BURST_NANOS - intervalNanos);
        this.theoreticalArrival = new AtomicLong(nowNanos);
    }

    /** Takes a slot for one submit_sm: 0 when it may go now, else how many nanoseconds to wait before asking again. */
    long tryAcquire(long nowNanos) {
        while (true) {
            long arrival = theoreticalArrival.get();
            long start = arrival - nowNanos > 0 ? arrival : nowNanos;
            long wait = start - nowNanos - toleranceNanos;
            if (wait > 0) {
                return wait;
            }
            if (theoreticalArrival.compareAndSet(arrival, start + intervalNanos)) {
                return 0;
            }
        }
    }
}
