package io.ringway.benchmarks.loadgen;

import io.ringway.config.ConfigLoader;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.server.RingwayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs each load mode for about a second, without timing anything: SMPP and HTTP against an in-process Ringway
 * node (with the SMSC simulator upstream, every port free-picked), SMPP against the {@link SmppSink}, and HTTP
 * against {@link TestHttpResponder}, which also counts the generator's connections. Each run must have had
 * messages accepted and no errors; the figures come only from the command line (benchmarks/README.md).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoadGeneratorSmokeTest {

    @Test
    void shouldHaveEverySubmissionAcceptedAndReceiptedByAnInProcessNode(@TempDir Path data) throws Exception {
        int smppPort = freePort();
        int simulatorPort = freePort();
        try (RingwayNode node = new RingwayNode(ConfigLoader.parse("loadgen.yaml",
                nodeYaml(data, smppPort, simulatorPort, 0))).start()) {
            LoadResult result = LoadGenerator.run(LoadOptions.parse(new String[] {"--mode", "smpp",
                    "--port", String.valueOf(smppPort), "--binds", "2", "--window", "32", "--warmup", "0",
                    "--duration", "1s", "--dlr", "--drain", "20s"}));

            assertThat(result.accepted()).isPositive();
            assertThat(result.errors()).isZero();
            assertThat(result.window().receipts).isPositive();
            assertThat(result.receiptsMissing()).isZero();
            assertThat(result.window().unmatchedReceipts).isZero();
            assertThat(node.simulator().submitsAccepted()).isGreaterThanOrEqualTo(result.accepted());
        }
    }

    @Test
    void shouldHaveEveryHttpSubmissionAcceptedByAnInProcessNode(@TempDir Path data) throws Exception {
        int httpPort = freePort();
        try (RingwayNode node = new RingwayNode(ConfigLoader.parse("loadgen.yaml",
                nodeYaml(data, freePort(), freePort(), httpPort))).start()) {
            LoadResult result = LoadGenerator.run(LoadOptions.parse(new String[] {"--mode", "http",
                    "--port", String.valueOf(node.httpPort()), "--connections", "2", "--warmup", "0",
                    "--duration", "1s", "--api-key", "load-key"}));

            assertThat(result.accepted()).isPositive();
            assertThat(result.errors()).isZero();
            assertThat(result.window().answers(202)).isEqualTo(result.accepted());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (node.simulator().submitsAccepted() < result.accepted() && System.nanoTime() < deadline) {
                Thread.sleep(50); // accepted messages go upstream after their answer
            }
            assertThat(node.simulator().submitsAccepted()).isGreaterThanOrEqualTo(result.accepted());
        }
    }

    @Test
    void shouldTimeEveryReceiptOfTheSinkInClosedLoop() throws Exception {
        try (SmppSink sink = new SmppSink().start("127.0.0.1", 0, 1)) {
            LoadResult result = LoadGenerator.run(LoadOptions.parse(new String[] {"--mode", "smpp",
                    "--port", String.valueOf(sink.port()), "--binds", "2", "--warmup", "200ms", "--duration", "1s",
                    "--dlr", "--drain", "5s"}));

            assertThat(result.accepted()).isPositive();
            assertThat(result.errors()).isZero();
            assertThat(result.window().receipts).isPositive();
            assertThat(result.window().receiptStates[2]).isEqualTo(result.window().receipts); // DELIVERED
            assertThat(result.window().receiptMicros.getTotalCount()).isEqualTo(result.window().receipts);
            assertThat(result.receiptsMissing()).isZero();
            assertThat(result.report()).contains("0x00000000 ESME_ROK").contains("RESULT mode=smpp");
        }
    }

    @Test
    void shouldSendExactlyTheRequestedMessagesInOpenLoop() throws Exception {
        try (SmppSink sink = new SmppSink().start("127.0.0.1", 0, 1)) {
            LoadResult result = LoadGenerator.run(LoadOptions.parse(new String[] {"--mode", "smpp",
                    "--port", String.valueOf(sink.port()), "--binds", "3", "--warmup", "0", "--messages", "500",
                    "--rate", "1000"}));

            assertThat(result.window().sent).isEqualTo(500);
            assertThat(result.accepted()).isEqualTo(500);
            assertThat(result.errors()).isZero();
            assertThat(sink.submits()).isEqualTo(500);
        }
    }

    @Test
    void shouldPostMessagesOverKeepAliveConnections() throws Exception {
        try (TestHttpResponder responder = new TestHttpResponder("demo-api-key").start()) {
            LoadResult result = LoadGenerator.run(LoadOptions.parse(new String[] {"--mode", "http",
                    "--port", String.valueOf(responder.port()), "--connections", "2", "--warmup", "200ms",
                    "--duration", "1s"}));

            assertThat(result.accepted()).isPositive();
            assertThat(result.errors()).isZero();
            assertThat(result.window().answers(202)).isEqualTo(result.accepted());
            assertThat(responder.connections()).isEqualTo(2);
            assertThat(responder.refused()).isZero();
        }
    }

    @Test
    void shouldRefuseOptionsThatMakeNoSense() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--mode", "http", "--dlr"}))
                .hasMessageContaining("--dlr is for SMPP");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--mode", "smpp", "--messages", "10",
                "--duration", "5s"})).hasMessageContaining("not both");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--mode", "smpp", "--window", "0"}))
                .hasMessage("--window must be between 1 and 65536, not 0");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--mode", "smpp", "--duration", "5"}))
                .hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--binds", "2"}))
                .hasMessage("--mode is required");
        assertThat(LoadOptions.parse(new String[] {"--mode", "http"}).window()).isEqualTo(1);
    }

    /** A node on the given ports; {@code httpPort} 0 runs it without the HTTP API. */
    private static String nodeYaml(Path data, int smppPort, int simulatorPort, int httpPort) {
        String http = httpPort == 0 ? "enabled: false" : "port: " + httpPort;
        return """
                smpp:
                  port: %d
                http:
                  %s
                journal:
                  directory: %s
                ring:
                  size: 4096
                simulator:
                  port: %d
                  receipt-delay: 50ms
                price-lists:
                  - name: standard
                    default: "0.0500"
                    prefixes: {"90": "0.0125", "905": "0.0100", "44": "0.0350"}
                accounts:
                  - system-id: demo
                    password-hash: %s
                    api-key-hash: %s
                    price-list: standard
                    balance: "1000000.00"
                upstreams:
                  - name: sim
                    host: 127.0.0.1
                    port: %d
                    system-id: ringway
                    password: sim-pass
                """.formatted(smppPort, http, data.toString().replace('\\', '/'), simulatorPort,
                PasswordHasher.hash("demo123", 1_000), PasswordHasher.hash("load-key", 1_000), simulatorPort);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
