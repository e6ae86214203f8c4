package io.ringway.server.smpp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BindFailureTrackerTest {
    private static final long BACKOFF = TimeUnit.SECONDS.toNanos(60);

    private final AtomicLong now = new AtomicLong(1_000);
    private final BindFailureTracker tracker = new BindFailureTracker(3, BACKOFF, now::get);
    private final InetAddress guesser = address("192.0.2.1");
    private final InetAddress bystander = address("192.0.2.2");

    @Test
    void shouldRefuseAnAddressOnceItHasFailedTheLimitNumberOfTimes() {
        tracker.failed(guesser);
        tracker.failed(guesser);
        assertThat(tracker.isRefused(guesser)).isFalse();

        tracker.failed(guesser);

        assertThat(tracker.isRefused(guesser)).isTrue();
        assertThat(tracker.isRefused(bystander)).isFalse();
    }

    @Test
    void shouldAdmitTheAddressAgainOneBackOffAfterItsLastFailure() {
        failLimitTimes(guesser);

        now.addAndGet(BACKOFF - 1);
        assertThat(tracker.isRefused(guesser)).isTrue();
        now.addAndGet(1);
        assertThat(tracker.isRefused(guesser)).isFalse();
    }

    @Test
    void shouldForgetFailuresOlderThanTheBackOff() {
        tracker.failed(guesser);
        tracker.failed(guesser);
        now.addAndGet(BACKOFF);

        tracker.failed(guesser);

        assertThat(tracker.isRefused(guesser)).isFalse();
    }

    @Test
    void shouldClearAnAddressThatBindsSuccessfully() {
        tracker.failed(guesser);
        tracker.failed(guesser);

        tracker.succeeded(guesser);
        tracker.failed(guesser);

        assertThat(tracker.isRefused(guesser)).isFalse();
    }

    @Test
    void shouldNeverRefuseWhenTheBackOffIsZero() {
        BindFailureTracker disabled = new BindFailureTracker(1, 0, now::get);

        disabled.failed(guesser);

        assertThat(disabled.isRefused(guesser)).isFalse();
    }

    private void failLimitTimes(InetAddress address) {
        for (int i = 0; i < 3; i++) {
            tracker.failed(address);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
