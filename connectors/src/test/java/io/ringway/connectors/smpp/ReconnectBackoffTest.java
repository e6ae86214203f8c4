package io.ringway.connectors.smpp;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectBackoffTest {
    private static final long MIN = Duration.ofMillis(100).toNanos();
    private static final long MAX = Duration.ofMillis(1_000).toNanos();

    @Test
    void shouldDoubleTheCeilingFromTheMinimumUpToTheMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        long[][] bounds = {{MIN, 2 * MIN}, {2 * MIN, 4 * MIN}, {4 * MIN, 8 * MIN}, {MAX / 2, MAX}, {MAX / 2, MAX}};

        for (int round = 0; round < 200; round++) {
            for (long[] bound : bounds) {
                assertThat(backoff.nextDelayNanos()).isBetween(bound[0], bound[1]);
            }
            backoff.reset();
        }
    }

    @Test
    void shouldStartFromTheMinimumAgainAfterReset() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayNanos();
        }

        backoff.reset();

        assertThat(backoff.nextDelayNanos()).isBetween(MIN, 2 * MIN);
    }

    @Test
    void shouldSpreadSimultaneousRetries() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        java.util.Set<Long> firstDelays = new java.util.HashSet<>();

        for (int i = 0; i < 50; i++) {
            firstDelays.add(backoff.nextDelayNanos());
            backoff.reset();
        }

        assertThat(firstDelays).hasSizeGreaterThan(40);
    }

    @Test
    void shouldStayWithinMinAndMaxWhenTheyAreClose() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(150));

        for (int i = 0; i < 100; i++) {
            assertThat(backoff.nextDelayNanos()).isBetween(MIN, Duration.ofMillis(150).toNanos());
        }
    }
}
