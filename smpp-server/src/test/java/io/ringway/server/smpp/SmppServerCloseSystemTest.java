package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.Unbind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Closing the server unbinds its customers politely rather than cutting their connections. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmppServerCloseSystemTest {
    @TempDir
    Path journal;
    private TestServer ringway;

    @BeforeEach
    void startServer() {
        ringway = TestServer.start(journal, """
                    response-timeout: 2s
                """, Map.of("grace", 4));
    }

    @AfterEach
    void stopEngine() {
        ringway.close();
    }

    @Test
    void shouldSendUnbindToABoundSessionAndCloseOnItsUnbindResp() throws Exception {
        try (RawSmppClient bound = new RawSmppClient(ringway.port());
             RawSmppClient unbound = new RawSmppClient(ringway.port())) {
            assertThat(bound.bind(RawSmppClient.BIND_TRANSCEIVER, "grace", TestServer.PASSWORD).getCommandStatus())
                    .isZero();
            assertThat(ringway.server.boundSessions()).isEqualTo(1);
            assertThat(ringway.server.connections()).isEqualTo(2);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(ringway.server::close);
            Pdu unbind = bound.read();
            bound.send(((Unbind) unbind).createResponse());

            assertThat(unbind).isInstanceOf(Unbind.class);
            assertThat(bound.closedByServerWithin(5_000)).isTrue();
            assertThat(unbound.closedByServerWithin(5_000)).isTrue();
            closing.get(5, TimeUnit.SECONDS);
            assertThat(ringway.server.connections()).isZero();
            assertThat(ringway.server.boundSessions()).isZero();
        }
    }

    @Test
    void shouldCloseASessionThatNeverAnswersUnbindAfterTheResponseTimeout() throws Exception {
        try (RawSmppClient silent = new RawSmppClient(ringway.port())) {
            assertThat(silent.bind(RawSmppClient.BIND_TRANSMITTER, "grace", TestServer.PASSWORD).getCommandStatus())
                    .isZero();
            long closingAt = System.nanoTime();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(ringway.server::close);

            assertThat(silent.read()).isInstanceOf(Unbind.class);
            assertThat(silent.closedByServerWithin(5_000)).isTrue();
            assertThat(System.nanoTime() - closingAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1_900));
            closing.get(5, TimeUnit.SECONDS);
        }
    }
}
