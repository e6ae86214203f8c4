package io.ringway.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/1.1 on a raw socket: keep-alive, pipelined answers in request order, the body cap, idle connections. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpProtocolSystemTest {
    @TempDir
    static Path data;
    static RingwayNode node;

    @BeforeAll
    static void start() {
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms",
                "  max-body-bytes: 2048\n  idle-timeout: 1s\n")).start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void shouldAnswerPipelinedRequestsInRequestOrderOnOneConnection() throws IOException {
        String body = "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"pipelined\"}";
        String submit = "POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestNodes.API_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        String openApi = "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout(10_000);
            // Warm the key cache first, so the submission below goes through the ring, not the password check.
            write(socket, "GET /api/v1/balance HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestNodes.API_KEY
                    + "\r\n\r\n");
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");

            write(socket, submit + openApi + submit);

            String first = readResponse(socket.getInputStream());
            String second = readResponse(socket.getInputStream());
            String third = readResponse(socket.getInputStream());
            assertThat(first).startsWith("HTTP/1.1 202").contains("\"messages\"");
            assertThat(second).startsWith("HTTP/1.1 200").contains("\"openapi\"");
            assertThat(third).startsWith("HTTP/1.1 202").contains("\"messages\"");
        }
    }

    @Test
    void shouldAnswer413AndCloseForABodyOverTheCap() throws IOException {
        String body = "x".repeat(5000);
        try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout(10_000);
            write(socket, "POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestNodes.API_KEY
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

            String response = readResponse(socket.getInputStream());

            assertThat(response).startsWith("HTTP/1.1 413").contains("BODY_TOO_LARGE").contains("connection: close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldCloseAConnectionThatStaysSilentPastTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout(10_000);
            write(socket, "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n");   // headers never finished

            long began = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)).isLessThan(5_000);
        }
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one response: headers, then exactly Content-Length bytes of body. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return headers.toLowerCase().replace("http/1.1", "HTTP/1.1") + new String(body, StandardCharsets.UTF_8);
    }
}
