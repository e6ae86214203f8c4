package io.ringway.server.smpp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimiterTest {
    private final ConnectionLimiter limiter = new ConnectionLimiter(3, 2);

    @Test
    void shouldRefuseAThirdConnectionFromOneAddress() throws Exception {
        InetAddress host = InetAddress.getByName("192.0.2.1");

        assertThat(limiter.tryAcquire(host)).isTrue();
        assertThat(limiter.tryAcquire(host)).isTrue();
        assertThat(limiter.tryAcquire(host)).isFalse();
        assertThat(limiter.open()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAConnectionOverTheTotalFromANewAddress() throws Exception {
        acquire("192.0.2.1");
        acquire("192.0.2.2");
        acquire("192.0.2.3");

        assertThat(limiter.tryAcquire(InetAddress.getByName("192.0.2.4"))).isFalse();
        assertThat(limiter.open()).isEqualTo(3);
    }

    @Test
    void shouldAdmitAgainOnceAConnectionIsReleased() throws Exception {
        InetAddress host = InetAddress.getByName("192.0.2.1");
        limiter.tryAcquire(host);
        limiter.tryAcquire(host);

        limiter.release(host);

        assertThat(limiter.tryAcquire(host)).isTrue();
        assertThat(limiter.open()).isEqualTo(2);
    }

    private void acquire(String address) throws UnknownHostException {
        assertThat(limiter.tryAcquire(InetAddress.getByName(address))).isTrue();
    }
}
