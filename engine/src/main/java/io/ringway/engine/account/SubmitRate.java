package io.ringway.engine.account;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One account's submission rate limit ({@code max-tps}), shared by all of its sessions whatever event loop
 * serves them: a token bucket holding one second's worth of submissions, refilled continuously. It is kept as the
 * generic cell rate algorithm, a single "theoretical arrival time" in an {@link AtomicLong}, so that taking a token
 * is one CAS, with no lock, no allocation and no timer thread.
 *
 * <p>Ingress edges (SMPP event loops, HTTP) call {@link #tryAcquire}; a refusal is answered ESME_RTHROTTLED (or
 * HTTP 429) at once. The limit is wall-clock policy, not state: it is not journaled and the business logic never
 * sees it. Safe for concurrent use.
 */
public final class SubmitRate {
    private final int perSecond;
    private final long intervalNanos;
    /** How far ahead of now the arrival time may run: the bucket's depth less one token. */
    private final long toleranceNanos;
    private final AtomicLong arrivalNanos;

    public SubmitRate(int perSecond, long nowNanos) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("perSecond must be positive, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.toleranceNanos = intervalNanos * (perSecond - 1);
        this.arrivalNanos = new AtomicLong(nowNanos);
    }

    public int perSecond() {
        return perSecond;
    }

    /** Takes a token at {@code nowNanos} (a {@link System#nanoTime()} reading); false when the bucket is empty. */
    public boolean tryAcquire(long nowNanos) {
        return tryAcquire(1, nowNanos);
    }

    /**
     * Takes {@code count} tokens at once, or none: false (nothing taken) when the bucket holds fewer, so that a
     * request for several recipients (HTTP) is admitted whole or refused whole.
     */
    public boolean tryAcquire(int count, long nowNanos) {
        if (count > perSecond) {
            return false;
        }
        long lastTokenAhead = intervalNanos * (count - 1);
        while (true) {
            long arrival = arrivalNanos.get();
            long base = arrival - nowNanos > 0 ? arrival : nowNanos;
            if (base + lastTokenAhead - nowNanos > toleranceNanos) {
                return false;
            }
            if (arrivalNanos.compareAndSet(arrival, base + intervalNanos * count)) {
                return true;
            }
        }
    }
}
