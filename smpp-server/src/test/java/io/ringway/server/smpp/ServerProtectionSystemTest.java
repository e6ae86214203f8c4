package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.EnquireLink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's defences against clients that misbehave before they are even customers: connection caps, and the
 * back-off that stops password guessing. Clients connect from distinct loopback addresses (127.0.0.x) to stand
 * for distinct hosts.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerProtectionSystemTest {
    private static final int BIND_FAILURE_LIMIT = 3;
    private static final long BACKOFF_MILLIS = 2_000;

    @TempDir
    static Path journal;
    private static TestServer ringway;

    @BeforeAll
    static void startServer() {
        ringway = TestServer.start(journal, """
                    max-connections: 3
                    max-connections-per-address: 2
                    bind-failure-limit: 3
                    bind-failure-backoff: 2s
                """, Map.of("frank", 10));
    }

    @AfterAll
    static void stopServer() {
        ringway.close();
    }

    @AfterEach
    void waitForConnectionsToClose() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ringway.server.connections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ringway.server.connections()).isZero();
    }

    @Test
    void shouldCloseAConnectionOverThePerAddressCapOnAccept() throws Exception {
        try (RawSmppClient first = new RawSmppClient(ringway.port(), "127.0.0.11");
             RawSmppClient second = new RawSmppClient(ringway.port(), "127.0.0.11");
             RawSmppClient third = new RawSmppClient(ringway.port(), "127.0.0.11")) {

            assertThat(third.closedByServerWithin(5_000)).isTrue();
            assertServing(first);
            assertServing(second);
        }
    }

    @Test
    void shouldCloseAConnectionOverTheTotalCapOnAccept() throws Exception {
        try (RawSmppClient first = new RawSmppClient(ringway.port(), "127.0.0.21");
             RawSmppClient second = new RawSmppClient(ringway.port(), "127.0.0.22");
             RawSmppClient third = new RawSmppClient(ringway.port(), "127.0.0.23");
             RawSmppClient fourth = new RawSmppClient(ringway.port(), "127.0.0.24")) {

            assertThat(fourth.closedByServerWithin(5_000)).isTrue();
            assertServing(first);
            assertServing(second);
            assertServing(third);
        }
    }

    @Test
    void shouldRefuseBindsFromAnAddressThatFailedTooOftenUntilItsBackOffHasPassed() throws Exception {
        for (int attempt = 1; attempt <= BIND_FAILURE_LIMIT; attempt++) {
            assertThat(bindStatus("127.0.0.31", "guess" + attempt)).isEqualTo(0x0E);
        }
        long lastFailureAt = System.nanoTime();

        int refusedWithTheRightPassword = bindStatus("127.0.0.31", TestServer.PASSWORD);
        int fromAnotherAddress = bindStatus("127.0.0.32", TestServer.PASSWORD);
        assertThat(System.nanoTime() - lastFailureAt).isLessThan(TimeUnit.MILLISECONDS.toNanos(BACKOFF_MILLIS));
        Thread.sleep(BACKOFF_MILLIS + 200);
        int afterTheBackOff = bindStatus("127.0.0.31", TestServer.PASSWORD);

        assertThat(refusedWithTheRightPassword).isEqualTo(0x0D);
        assertThat(fromAnotherAddress).isZero();
        assertThat(afterTheBackOff).isZero();
    }

    private static int bindStatus(String localAddress, String password) throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port(), localAddress)) {
            return client.bind(RawSmppClient.BIND_TRANSMITTER, "frank", password).getCommandStatus();
        }
    }

    private static void assertServing(RawSmppClient client) throws Exception {
        EnquireLink enquireLink = new EnquireLink();
        assertThat(client.call(enquireLink).getSequenceNumber()).isEqualTo(enquireLink.getSequenceNumber());
    }
}
