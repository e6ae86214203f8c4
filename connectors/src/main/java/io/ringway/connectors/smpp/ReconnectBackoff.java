package io.ringway.connectors.smpp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The delay before each reconnect of one bind: exponential from {@code reconnectMin}, capped at
 * {@code reconnectMax}, with jitter so that the binds of a pool (and of every Ringway node) that lost an SMSC at
 * the same moment do not come back at the same moment. The n-th delay after the last successful bind is drawn
 * uniformly from [max(min, c/2), c] where c = min(max, min * 2^(n+1)), so every delay lies in [min, max] and
 * even the first retries of simultaneous failures are spread over [min, 2 min].
 * Owned by one bind's event loop.
 */
final class ReconnectBackoff {
    private final long minNanos;
    private final long maxNanos;
    private long ceilingNanos;

    ReconnectBackoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = Math.max(minNanos, max.toNanos());
        reset();
    }

    long nextDelayNanos() {
        long ceiling = ceilingNanos;
        ceilingNanos = ceiling >= maxNanos / 2 ? maxNanos : ceiling * 2;
        long floor = Math.max(minNanos, ceiling / 2);
        return floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1);
    }

    /** The bind succeeded: the next failure starts from the minimum again. */
    void reset() {
        ceilingNanos = minNanos >= maxNanos / 2 ? maxNanos : minNanos * 2;
    }
}
