package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.Pdu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account's {@code max-tps} is one budget for all of its sessions: submissions above it are answered
 * ESME_RTHROTTLED at once (nothing queues), and the budget refills at the configured rate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountRateLimitSystemTest {
    private static final int MAX_TPS = 5;
    private static final int THROTTLED = 0x58;

    @TempDir
    static Path journal;
    private static TestServer ringway;

    @BeforeAll
    static void startServer() {
        ringway = TestServer.start(journal, """
                    bind-failure-limit: 1000
                """, """
                  - system-id: rita
                    max-binds: 2
                    max-tps: %d
                """.formatted(MAX_TPS), null);
    }

    @AfterAll
    static void stopServer() {
        ringway.close();
    }

    @Test
    void shouldThrottleSubmissionsAboveTheAccountsMaxTpsAcrossAllItsSessions() throws Exception {
        try (RawSmppClient first = bound(); RawSmppClient second = bound()) {
            long began = System.nanoTime();
            int accepted = 0;
            int throttled = 0;
            for (int i = 0; i < 40; i++) {
                int status = (i % 2 == 0 ? first : second).call(RawSmppClient.submitSm("burst " + i))
                        .getCommandStatus();
                if (status == 0) {
                    accepted++;
                } else {
                    assertThat(status).as("submission %d", i).isEqualTo(THROTTLED);
                    throttled++;
                }
            }
            long elapsedNanos = System.nanoTime() - began;

            long refilled = elapsedNanos / (TimeUnit.SECONDS.toNanos(1) / MAX_TPS);
            assertThat(accepted).isBetween(MAX_TPS, MAX_TPS + (int) refilled);
            assertThat(throttled).isEqualTo(40 - accepted);

            Thread.sleep(1_000);
            for (int i = 0; i < MAX_TPS; i++) {
                assertThat(first.call(RawSmppClient.submitSm("refilled " + i)).getCommandStatus())
                        .as("refilled %d", i).isZero();
            }
        }
    }

    private static RawSmppClient bound() throws Exception {
        RawSmppClient client = new RawSmppClient(ringway.port());
        Pdu response = client.bind(RawSmppClient.BIND_TRANSMITTER, "rita", TestServer.PASSWORD);
        assertThat(response.getCommandStatus()).isZero();
        return client;
    }
}
