package io.ringway.connectors.smpp;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TpsLimiterTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void shouldSpaceSubmissionsWhenTheIntervalExceedsTheBurst() {
        long now = 1_000 * MS;
        TpsLimiter limiter = new TpsLimiter(50, now);

        assertThat(limiter.tryAcquire(now)).isZero();
        assertThat(limiter.tryAcquire(now)).isEqualTo(20 * MS);
        assertThat(limiter.tryAcquire(now + 19 * MS)).isEqualTo(MS);
        assertThat(limiter.tryAcquire(now + 20 * MS)).isZero();
    }

    @Test
    void shouldAllowAShortBurstThenHoldToTheRate() {
        long now = 5_000 * MS;
        TpsLimiter limiter = new TpsLimiter(1_000, now);

        int burst = 0;
        while (limiter.tryAcquire(now) == 0) {
            burst++;
        }

        assertThat(burst).isEqualTo(10);
        assertThat(limiter.tryAcquire(now)).isEqualTo(MS);
    }

    @Test
    void shouldNotExceedTheRateOverASecond() {
        long start = -3_000 * MS; // nanoTime may be negative
        TpsLimiter limiter = new TpsLimiter(200, start);
        int granted = 0;

        for (long t = start; t < start + 1_000 * MS; t += MS / 10) {
            while (limiter.tryAcquire(t) == 0) {
                granted++;
            }
        }

        assertThat(granted).isBetween(200, 202);
    }
}
