package io.ringway.server;

import io.ringway.config.RingwayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clean stop (SIGTERM) while clients have submissions on the way: every submission the node accepted (journaled
 * and charged) is answered to its client before the connection closes. An outside audit found the answers of the
 * requests in flight lost: the connections were closed before the ring had answered them, so a client without an
 * Idempotency-Key would have sent and paid again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpCleanStopSystemTest {
    private static final String AUTH = "Authorization: Bearer " + TestNodes.API_KEY + "\r\n";
    private static final String BODY = "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"before the stop\"}";
    private static final String SUBMIT = "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n" + AUTH
            + "Content-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY;
    private static final int CLIENTS = 3;
    private static final int PIPELINED = 20;

    @TempDir
    Path data;

    @Test
    void shouldAnswerEveryAcceptedSubmissionBeforeClosingTheConnectionsAtAStop() throws Exception {
        RingwayConfig config = TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms", "");
        RingwayNode node = new RingwayNode(config).start();
        AtomicInteger accepted = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        try {
            try (Socket warmUp = new Socket("127.0.0.1", node.httpPort())) { // the key checked once, then cached
                warmUp.setSoTimeout(20_000);
                warmUp.getOutputStream().write(("GET /api/v1/balance HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                        + "\r\n").getBytes(StandardCharsets.UTF_8));
                assertThat(HttpConformanceSystemTest.Response.read(warmUp).status()).isEqualTo(200);
            }
            for (int i = 0; i < CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", node.httpPort());
                socket.setSoTimeout(20_000);
                sockets.add(socket);
                Thread writer = new Thread(() -> submitUntilClosed(socket), "writer-" + i);
                Thread reader = new Thread(() -> countAccepted(socket, accepted), "reader-" + i);
                writer.start();
                reader.start();
                clients.add(writer);
                clients.add(reader);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (accepted.get() < 1_000 && System.nanoTime() < deadline) {
                Thread.sleep(1); // stop while the clients keep submitting: some submissions are always on the ring
            }
        } finally {
            node.close(); // as the shutdown hook does on SIGTERM, with requests read and on the ring
        }
        for (Thread client : clients) {
            client.join(30_000);
        }
        sockets.forEach(HttpCleanStopSystemTest::closeQuietly);

        RingwayNode restarted = new RingwayNode(config).start();
        try {
            long journaled = restarted.engine().businessLogic().lastMessageId();
            assertThat(journaled).as("some submissions were accepted before the stop").isPositive();
            assertThat(accepted.get()).as("202 answers received, against messages accepted").isEqualTo(journaled);
        } finally {
            restarted.close();
        }
    }

    /** Writes pipelined submissions until the node closes the connection. */
    private static void submitUntilClosed(Socket socket) {
        byte[] batch = SUBMIT.repeat(PIPELINED).getBytes(StandardCharsets.UTF_8);
        try {
            while (true) {
                socket.getOutputStream().write(batch);
                socket.getOutputStream().flush();
            }
        } catch (IOException closed) {
            // The node stopped reading and closed the connection.
        }
    }

    /** Reads answers until the node closes the connection, counting the 202s. */
    private static void countAccepted(Socket socket, AtomicInteger accepted) {
        try {
            while (true) {
                HttpConformanceSystemTest.Response response = HttpConformanceSystemTest.Response.read(socket);
                if (response.status() == 202) {
                    accepted.incrementAndGet();
                }
            }
        } catch (IOException closed) {
            // The node closed the connection after its last answer.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closed by the node already.
        }
    }
}
