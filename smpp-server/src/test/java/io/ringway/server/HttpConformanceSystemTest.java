package io.ringway.server;

import io.ringway.server.smpp.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API on a raw socket where clients send what HTTP/1.1 (RFC 9110, 9112) says a server must answer in a
 * given way: malformed targets, expectations, Host headers, absolute-form targets, versions, over-long request lines
 * and headers, transfer codings, credentials. Every refusal is a JSON error sent in its turn among pipelined
 * responses, and nothing of a request target reaches the log.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpConformanceSystemTest {
    private static final String AUTH = "Authorization: Bearer " + TestNodes.API_KEY + "\r\n";
    private static final String SUBMIT_BODY = "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"pipelined\"}";
    private static final String SUBMIT = "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n" + AUTH
            + "Content-Type: application/json\r\nContent-Length: " + SUBMIT_BODY.length() + "\r\n\r\n" + SUBMIT_BODY;
    /** What {@link #SUBMIT} costs. */
    private static final BigDecimal PRICE = new BigDecimal("0.01");
    private static final String BALANCE = "GET /api/v1/balance HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n";

    @TempDir
    static Path data;
    static RingwayNode node;
    static LogCapture logs;

    @BeforeAll
    static void start() throws IOException {
        logs = new LogCapture();
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms",
                "  max-body-bytes: 2048\n")).start();
        try (Socket socket = connect()) { // the key is then known, so submissions go straight to the ring
            write(socket, BALANCE);
            assertThat(Response.read(socket).status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        node.close();
        logs.close();
    }

    @Test
    void shouldAnswerAMalformedEscapeWith400InItsTurnKeepTheConnectionAndLogNoTarget() throws IOException {
        List<Response> responses = new ArrayList<>();
        try (Socket socket = connect()) {
            write(socket, SUBMIT
                    + "GET /api/v1/balance?q=%zz HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n"
                    + "GET /api/v1/%zz HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n"
                    + "GET /cgi-bin/sendsms?username=demo&password=demo123&from=RINGWAY&to=905321234567&text=50%off"
                    + " HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + BALANCE);
            for (int i = 0; i < 5; i++) {
                responses.add(Response.read(socket));
            }
        } catch (IOException closed) {
            // Asserted below: what was answered before the connection closed.
        }

        assertThat(logs.text()).doesNotContain("demo123").doesNotContain("50%off").doesNotContain("%zz");
        assertThat(responses).extracting(Response::status).containsExactly(202, 400, 400, 400, 200);
        assertThat(responses.subList(1, 4)).allSatisfy(malformed -> {
            assertThat(malformed.errorCode()).isEqualTo("MALFORMED_REQUEST");
            assertThat(malformed.body()).doesNotContain("demo123").doesNotContain("%zz");
        });
    }

    @Test
    void shouldAnswerAnExpectationOfATooLargeBodyWithJson413InItsTurn() throws IOException {
        try (Socket socket = connect()) {
            write(socket, SUBMIT + "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                    + "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n");

            assertThat(Response.read(socket).status()).isEqualTo(202);
            Response tooLarge = Response.read(socket);
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.errorCode()).isEqualTo("BODY_TOO_LARGE");
            assertThat(tooLarge.header("connection")).isEqualTo("close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldAnswerAnUnknownExpectationWithJson417InItsTurn() throws IOException {
        try (Socket socket = connect()) {
            write(socket, SUBMIT + "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                    + "Expect: 200-ok\r\nContent-Length: " + SUBMIT_BODY.length() + "\r\n\r\n" + SUBMIT_BODY);

            assertThat(Response.read(socket).status()).isEqualTo(202);
            Response failed = Response.read(socket);
            assertThat(failed.status()).isEqualTo(417);
            assertThat(failed.errorCode()).isEqualTo("EXPECTATION_FAILED");
        }
    }

    @Test
    void shouldSend100ContinueAfterEarlierAnswersAndThenTakeTheBody() throws IOException {
        try (Socket socket = connect()) {
            write(socket, SUBMIT + "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                    + "Expect: 100-continue\r\nContent-Length: " + SUBMIT_BODY.length() + "\r\n\r\n");

            assertThat(Response.read(socket).status()).isEqualTo(202);
            assertThat(Response.read(socket).statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            write(socket, SUBMIT_BODY);
            Response accepted = Response.read(socket);
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.body()).contains("\"status\":\"ACCEPTED\"");
        }
    }

    @Test
    void shouldAnswer400ForAMissingRepeatedOrInvalidHostAndServeHttp10WithoutOne() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /api/v1/openapi.json HTTP/1.1\r\n\r\n"
                    + "GET /api/v1/openapi.json HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"
                    + "GET /api/v1/openapi.json HTTP/1.1\r\nHost: a b\r\n\r\n"
                    + "GET /api/v1/openapi.json HTTP/1.1\r\nHost: localhost:80x\r\n\r\n"
                    + "GET /api/v1/openapi.json HTTP/1.1\r\nHost: [::1]:4080\r\n\r\n");

            for (int i = 0; i < 4; i++) {
                Response refused = Response.read(socket);
                assertThat(refused.status()).isEqualTo(400);
                assertThat(refused.errorCode()).isEqualTo("MALFORMED_REQUEST");
            }
            assertThat(Response.read(socket).status()).as("an IPv6 literal with a port").isEqualTo(200);
        }
        try (Socket socket = connect()) {
            write(socket, "GET /api/v1/openapi.json HTTP/1.0\r\n\r\n");

            Response response = Response.read(socket);
            assertThat(response.statusLine()).isEqualTo("HTTP/1.0 200 OK");
        }
    }

    @Test
    void shouldRouteAnAbsoluteFormTargetByItsPath() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET http://localhost:4080/api/v1/balance HTTP/1.1\r\nHost: localhost:4080\r\n" + AUTH
                    + "\r\n");

            Response response = Response.read(socket);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"balance\"");
        }
    }

    @Test
    void shouldAnswerHttp11ToAnyMinorVersion505ToAnotherMajorAnd400ToALowerCaseName() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /api/v1/openapi.json HTTP/1.2\r\nHost: localhost\r\n\r\n");
            assertThat(Response.read(socket).statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
        try (Socket socket = connect()) {
            write(socket, "GET /api/v1/openapi.json HTTP/3.1\r\nHost: localhost\r\n\r\n");
            Response response = Response.read(socket);
            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 505 HTTP Version Not Supported");
            assertThat(response.errorCode()).isEqualTo("HTTP_VERSION_NOT_SUPPORTED");
        }
        try (Socket socket = connect()) {
            write(socket, "GET /api/v1/openapi.json http/1.1\r\nHost: localhost\r\n\r\n");
            Response response = Response.read(socket);
            assertThat(response.statusLine()).startsWith("HTTP/1.1 400");
            assertThat(response.errorCode()).isEqualTo("MALFORMED_REQUEST");
        }
    }

    @Test
    void shouldAnswer414ForATooLongTargetAnd431ForTooLargeHeaders() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /api/v1/openapi.json?pad=" + "x".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Response response = Response.read(socket);
            assertThat(response.status()).isEqualTo(414);
            assertThat(response.errorCode()).isEqualTo("URI_TOO_LONG");
        }
        try (Socket socket = connect()) {
            write(socket, "GET /api/v1/openapi.json HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + "x".repeat(17_000)
                    + "\r\n\r\n");
            Response response = Response.read(socket);
            assertThat(response.status()).isEqualTo(431);
            assertThat(response.errorCode()).isEqualTo("HEADERS_TOO_LARGE");
        }
    }

    @Test
    void shouldChallengeWithBothSchemesOn401() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /api/v1/balance HTTP/1.1\r\nHost: localhost\r\n\r\n");

            Response response = Response.read(socket);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("www-authenticate"))
                    .isEqualTo("Bearer realm=\"ringway\", Basic realm=\"ringway\"");
        }
    }

    @Test
    void shouldNotTakeAnEncodedSlashForAPathSeparator() throws IOException {
        try (Socket socket = connect()) {
            write(socket, SUBMIT);
            String id = Response.read(socket).body().replaceAll(".*\"id\":\"([0-9a-f]{16})\".*", "$1");
            assertThat(id).hasSize(16);

            write(socket, "GET /api/v1/messages%2F" + id + " HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n"
                    + "GET /api/v1/messages/" + id + " HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n");

            Response encoded = Response.read(socket);
            assertThat(encoded.status()).isEqualTo(404);
            assertThat(encoded.errorCode()).isEqualTo("NOT_FOUND");
            assertThat(Response.read(socket).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswer501ForATransferCodingBesidesChunkedAnd400WhenChunkedIsNotLast() throws IOException {
        String chunked = Integer.toHexString(SUBMIT_BODY.length()) + "\r\n" + SUBMIT_BODY + "\r\n0\r\n\r\n";
        try (Socket socket = connect()) {
            write(socket, "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                    + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunked);
            Response response = Response.read(socket);
            assertThat(response.status()).isEqualTo(501);
            assertThat(response.errorCode()).isEqualTo("NOT_IMPLEMENTED");
            assertThat(response.header("connection")).isEqualTo("close");
        }
        try (Socket socket = connect()) {
            write(socket, "POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\n" + AUTH
                    + "Transfer-Encoding: chunked, gzip\r\n\r\n" + chunked);
            Response response = Response.read(socket);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.errorCode()).isEqualTo("MALFORMED_REQUEST");
        }
    }

    @Test
    void shouldAnswerHeadWithTheHeadersOfGetAndNoBody() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "HEAD /api/v1/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /api/v1/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n");

            Response head = Response.readHead(socket);
            Response get = Response.read(socket);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo(get.header("content-length"));
            assertThat(get.body()).contains("\"openapi\"");
        }
    }

    @Test
    void shouldReadNoRequestAfterOneThatClosesTheConnection() throws IOException {
        BigDecimal before = balance();
        try (Socket socket = connect()) {
            // The balance is answered by the engine, later than the submission behind it is read.
            write(socket, BALANCE.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n") + SUBMIT);

            assertThat(Response.read(socket).status()).isEqualTo(200);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket socket = connect()) { // decided after anything the closed connection put on the ring
            write(socket, SUBMIT);
            assertThat(Response.read(socket).status()).isEqualTo(202);
        }
        assertThat(balance()).as("only the second submission was charged")
                .isEqualByComparingTo(before.subtract(PRICE));
    }

    private static BigDecimal balance() throws IOException {
        try (Socket socket = connect()) {
            write(socket, BALANCE);
            return new BigDecimal(HttpClients.JSON.readTree(Response.read(socket).body()).get("balance").asText());
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", node.httpPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** One response as read off the socket: status line, headers (names in lower case) and body. */
    record Response(String statusLine, Map<String, String> headers, String body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            return headers.get(name);
        }

        String errorCode() {
            return body.replaceAll("(?s).*\"code\":\"([A-Z_]+)\".*", "$1");
        }

        /** A response with exactly Content-Length bytes of body. */
        static Response read(Socket socket) throws IOException {
            Response head = readHead(socket);
            int length = Integer.parseInt(head.headers.getOrDefault("content-length", "0"));
            byte[] body = socket.getInputStream().readNBytes(length);
            return new Response(head.statusLine, head.headers, new String(body, StandardCharsets.UTF_8));
        }

        /** The status line and headers only: the response to a HEAD, which has no body whatever its length. */
        static Response readHead(Socket socket) throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            try {
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        throw new IOException("connection closed after '" + head + "'");
                    }
                    head.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new IOException("no complete response within the timeout: '" + head + "'", e);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new Response(lines[0], headers, "");
        }
    }
}
