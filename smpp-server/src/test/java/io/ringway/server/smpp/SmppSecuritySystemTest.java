package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import io.ringway.config.TlsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMPP over TLS on its own port with a keystore made at test time, accounts that may bind only over TLS, the
 * allow-list, and what the server logs about refused binds: never a password, never the keystore's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmppSecuritySystemTest {
    @TempDir
    static Path dir;
    private static TestServer ringway;
    private static SSLContext trustingServer;
    private static LogCapture logs;
    private static int tlsPort;

    @BeforeAll
    static void startServer() throws Exception {
        TlsConfig tls = TestKeystore.generate(dir);
        trustingServer = TestKeystore.trusting(tls);
        try (ServerSocket free = new ServerSocket(0)) {
            tlsPort = free.getLocalPort();
        }
        logs = new LogCapture();
        ringway = TestServer.start(dir.resolve("data"), """
                    bind-failure-limit: 1000
                    tls-port: %d
                """.formatted(tlsPort), """
                  - system-id: tina
                    require-tls: true
                  - system-id: paul
                  - system-id: ivy
                    allowed-addresses: ["10.9.9.0/24"]
                """, tls);
    }

    @AfterAll
    static void stopServer() {
        ringway.close();
        logs.close();
    }

    @Test
    void shouldBindAndAcceptASubmissionOverTls() throws Exception {
        try (RawSmppClient client = RawSmppClient.overTls(tlsPort, trustingServer)) {
            assertThat(client.bind(RawSmppClient.BIND_TRANSCEIVER, "tina", TestServer.PASSWORD).getCommandStatus())
                    .isZero();

            Pdu response = client.call(RawSmppClient.submitSm("over tls"));

            assertThat(response).isInstanceOf(SubmitSmResp.class);
            assertThat(response.getCommandStatus()).isZero();
            assertThat(((SubmitSmResp) response).getMessageId()).matches("[0-9a-f]{16}");
        }
    }

    @Test
    void shouldRefuseAPlaintextBindOfAnAccountThatRequiresTlsWithBindFailed() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            Pdu response = client.bind(RawSmppClient.BIND_TRANSMITTER, "tina", TestServer.PASSWORD);

            assertThat(response.getCommandId()).isEqualTo(0x80000002);
            assertThat(response.getCommandStatus()).isEqualTo(0x0D);
        }
        assertThat(logs.lines()).anyMatch(line -> line.contains("bind as 'tina' from 127.0.0.1 refused: the "
                + "account binds only over TLS"));
    }

    @Test
    void shouldServeAnAccountWithoutRequireTlsOnBothPorts() throws Exception {
        try (RawSmppClient plain = new RawSmppClient(ringway.port());
             RawSmppClient secure = RawSmppClient.overTls(tlsPort, trustingServer)) {
            assertThat(plain.bind(RawSmppClient.BIND_TRANSMITTER, "paul", TestServer.PASSWORD).getCommandStatus())
                    .isZero();
            assertThat(secure.bind(RawSmppClient.BIND_TRANSMITTER, "paul", TestServer.PASSWORD).getCommandStatus())
                    .isZero();
        }
    }

    @Test
    void shouldRefuseABindFromOutsideTheAllowListAndLogItWithoutThePassword() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            Pdu response = client.bind(RawSmppClient.BIND_TRANSMITTER, "ivy", TestServer.PASSWORD);

            assertThat(response.getCommandStatus()).isEqualTo(0x0D);
        }
        assertThat(logs.lines()).anyMatch(line -> line.contains(
                "bind as 'ivy' refused: 127.0.0.1 is not on the account's allow-list"));
    }

    @Test
    void shouldNeverLogAPasswordOrTheKeystorePassword() throws Exception {
        try (RawSmppClient wrong = new RawSmppClient(ringway.port());
             RawSmppClient secure = RawSmppClient.overTls(tlsPort, trustingServer)) {
            assertThat(wrong.bind(RawSmppClient.BIND_TRANSMITTER, "paul", "guess-47").getCommandStatus())
                    .isEqualTo(0x0E);
            assertThat(secure.bind(RawSmppClient.BIND_TRANSMITTER, "tina", TestServer.PASSWORD).getCommandStatus())
                    .isZero();
        }

        assertThat(logs.text()).contains("refused with status 0xe")
                .doesNotContain(TestServer.PASSWORD)
                .doesNotContain("guess-47")
                .doesNotContain(TestKeystore.PASSWORD);
    }
}
