package io.ringway.engine.account;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitRateTest {
    private static final long T0 = 5_000_000_000L;
    private static final long MILLI = 1_000_000L;

    @Test
    void shouldAllowOneSecondsWorthAtOnceThenRefuse() {
        SubmitRate rate = new SubmitRate(10, T0);

        for (int i = 0; i < 10; i++) {
            assertThat(rate.tryAcquire(T0)).as("token %d", i).isTrue();
        }
        assertThat(rate.tryAcquire(T0)).isFalse();
    }

    @Test
    void shouldGrantSeveralTokensWholeOrNone() {
        SubmitRate rate = new SubmitRate(10, T0);

        assertThat(rate.tryAcquire(7, T0)).isTrue();
        assertThat(rate.tryAcquire(4, T0)).isFalse();
        assertThat(rate.tryAcquire(3, T0)).isTrue();
        assertThat(rate.tryAcquire(T0)).isFalse();
        assertThat(rate.tryAcquire(2, T0 + 199 * MILLI)).isFalse();
        assertThat(rate.tryAcquire(2, T0 + 200 * MILLI)).isTrue();
        assertThat(rate.tryAcquire(11, T0 + 60_000 * MILLI)).isFalse();
    }

    @Test
    void shouldShareOneRatePerAccountBetweenLookups() {
        SubmitRates rates = new SubmitRates(() -> T0);

        assertThat(rates.of("rita", 5)).isSameAs(rates.of("rita", 5));
        assertThat(rates.of("rita", 0)).isNull();
    }

    @Test
    void shouldRefillOneTokenPerInterval() {
        SubmitRate rate = new SubmitRate(10, T0);
        for (int i = 0; i < 10; i++) {
            rate.tryAcquire(T0);
        }

        assertThat(rate.tryAcquire(T0 + 99 * MILLI)).isFalse();
        assertThat(rate.tryAcquire(T0 + 100 * MILLI)).isTrue();
        assertThat(rate.tryAcquire(T0 + 100 * MILLI)).isFalse();
    }

    @Test
    void shouldNotSaveUpMoreThanOneSecondOfIdleTime() {
        SubmitRate rate = new SubmitRate(10, T0);
        long muchLater = T0 + 60_000 * MILLI;

        int granted = 0;
        while (rate.tryAcquire(muchLater)) {
            granted++;
        }

        assertThat(granted).isEqualTo(10);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldGrantExactlyTheBucketAcrossConcurrentSessions() throws Exception {
        SubmitRate rate = new SubmitRate(1_000, T0);
        AtomicInteger granted = new AtomicInteger();
        List<Thread> sessions = List.of(new Thread(() -> take(rate, granted)), new Thread(() -> take(rate, granted)),
                new Thread(() -> take(rate, granted)), new Thread(() -> take(rate, granted)));

        sessions.forEach(Thread::start);
        for (Thread session : sessions) {
            session.join();
        }

        assertThat(granted.get()).isEqualTo(1_000);
    }

    @Test
    void shouldShareOneRatePerAccountAndNoneForAnUnlimitedAccount() {
        AtomicLong clock = new AtomicLong(T0);
        SubmitRates rates = new SubmitRates(clock::get);
        Account limited = new Account("acme", "h", 2, List.of(), null, false, 5);
        Account unlimited = new Account("free", "h", 2, List.of());

        assertThat(rates.of(limited)).isSameAs(rates.of(limited));
        assertThat(rates.of(limited).perSecond()).isEqualTo(5);
        assertThat(rates.of(unlimited)).isNull();
    }

    private static void take(SubmitRate rate, AtomicInteger granted) {
        for (int i = 0; i < 2_000; i++) {
            if (rate.tryAcquire(T0)) {
                granted.incrementAndGet();
            }
        }
    }
}
