package io.ringway.server;

import io.ringway.engine.billing.Statement;
import io.ringway.server.HttpClients.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/accounts/{id}/statement.csv}: who may read it is decided before any replay, a period selects
 * its lines, and the CSV is streamed in chunks that a plain client reads whole, while a client that reads nothing
 * is given up after the stall limit (the idle timeout, 2 s here).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpStatementSystemTest {
    private static final String FORBIDDEN = "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"only the account, its "
            + "reseller or the operator may read this statement\"}}";
    /** An account created for the streaming tests, whose statement is a few megabytes of top-ups. */
    private static final String BULK = "bulk";
    private static final int BULK_TOP_UPS = 40;
    /** A top-up reference of about 100 KB, with characters of two and three bytes in UTF-8. */
    private static final String LONG_REFERENCE = "fatura çğışöü € ".repeat(6_000);

    @TempDir
    static Path data;
    static RingwayNode node;
    /** A client of its own per test, so that no test reuses a connection the idle timeout closed. */
    private final HttpClients http = new HttpClients(node.httpPort());

    @BeforeAll
    static void start() {
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms",
                "  idle-timeout: 2s\n")).start();
        HttpClients http = new HttpClients(node.httpPort());
        assertThat(http.post("/api/v1/accounts", TestNodes.OPERATOR_KEY,
                "{\"system_id\":\"" + BULK + "\",\"password\":\"secret-1\"}").status()).isEqualTo(201);
        for (int i = 1; i <= BULK_TOP_UPS; i++) {
            assertThat(http.post("/api/v1/accounts/" + BULK + "/top-ups", TestNodes.OPERATOR_KEY,
                    "{\"amount\":\"1.00\",\"reference\":\"" + i + " " + LONG_REFERENCE + "\"}").status())
                    .isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void shouldTellAStrangerNothingAboutWhetherTheAccountExists() {
        Answer existing = http.get("/api/v1/accounts/acme-sub/statement.csv", TestNodes.OTHER_KEY);
        Answer missing = http.get("/api/v1/accounts/nobody/statement.csv", TestNodes.OTHER_KEY);
        Answer resellerMissing = http.get("/api/v1/accounts/nobody/statement.csv", TestNodes.RESELLER_KEY);
        Answer operatorMissing = http.get("/api/v1/accounts/nobody/statement.csv", TestNodes.OPERATOR_KEY);

        assertThat(existing.status()).isEqualTo(403);
        assertThat(existing.body()).isEqualTo(FORBIDDEN);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body()).isEqualTo(FORBIDDEN);
        assertThat(resellerMissing.status()).isEqualTo(403);
        assertThat(resellerMissing.body()).isEqualTo(FORBIDDEN);
        assertThat(operatorMissing.status()).isEqualTo(404);
        assertThat(operatorMissing.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void shouldGiveTheSameStatementToTheAccountItsResellerAndTheOperator() throws Exception {
        assertThat(http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"3.00\",\"reference\":\"for everyone\"}").status()).isEqualTo(200);

        String own = http.getBasic("/api/v1/accounts/acme-sub/statement.csv", "acme-sub", "sub-pass").body();
        Answer reseller = http.get("/api/v1/accounts/acme-sub/statement.csv", TestNodes.RESELLER_KEY);
        Answer operator = http.get("/api/v1/accounts/acme-sub/statement.csv", TestNodes.OPERATOR_KEY);
        Answer parentAsked = http.getBasic("/api/v1/accounts/" + TestNodes.RESELLER + "/statement.csv", "acme-sub",
                "sub-pass");

        assertThat(own).startsWith(Statement.CSV_HEADER + "\r\n").contains(",TOP_UP,,3.00,")
                .contains(",for everyone,,,\r\n");
        assertThat(reseller.status()).isEqualTo(200);
        assertThat(reseller.body()).isEqualTo(own);
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.body()).isEqualTo(own);
        assertThat(parentAsked.status()).as("a sub-account may not read its reseller's statement").isEqualTo(403);
    }

    @Test
    void shouldLetAResellerReadTheStatementOfASubAccountCreatedAtRunTime() {
        assertThat(http.post("/api/v1/accounts", TestNodes.RESELLER_KEY,
                "{\"system_id\":\"acme-late\",\"password\":\"secret-1\"}").status()).isEqualTo(201);
        assertThat(http.post("/api/v1/accounts/acme-late/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"2.00\",\"reference\":\"first\"}").status()).isEqualTo(200);

        Answer reseller = http.get("/api/v1/accounts/acme-late/statement.csv", TestNodes.RESELLER_KEY);
        Answer stranger = http.get("/api/v1/accounts/acme-late/statement.csv", TestNodes.OTHER_KEY);

        assertThat(reseller.status()).isEqualTo(200);
        assertThat(reseller.body()).startsWith(Statement.CSV_HEADER + "\r\n").endsWith(",TOP_UP,,2.00,2.00,first,,,\r\n");
        assertThat(reseller.body().lines()).hasSize(2);
        assertThat(stranger.body()).isEqualTo(FORBIDDEN);
    }

    @Test
    void shouldWriteOnlyTheLinesOfThePeriodAsked() throws Exception {
        assertThat(http.post("/api/v1/accounts", TestNodes.OPERATOR_KEY,
                "{\"system_id\":\"period\",\"password\":\"secret-1\"}").status()).isEqualTo(201);
        for (int i = 1; i <= 4; i++) {
            assertThat(http.post("/api/v1/accounts/period/top-ups", TestNodes.OPERATOR_KEY,
                    "{\"amount\":\"1.00\",\"reference\":\"p" + i + "\"}").status()).isEqualTo(200);
            Thread.sleep(5); // each top-up at a millisecond of its own
        }
        List<String> all = statement("period", "").lines().toList();
        assertThat(all).hasSize(5);
        String second = time(all.get(2));
        String fourth = time(all.get(4));

        assertThat(statement("period", "?from=" + second + "&to=" + fourth))
                .isEqualTo(Statement.CSV_HEADER + "\r\n" + all.get(2) + "\r\n" + all.get(3) + "\r\n");
        assertThat(statement("period", "?from=" + fourth)).as("balance_after counts every earlier top-up")
                .isEqualTo(Statement.CSV_HEADER + "\r\n" + all.get(4) + "\r\n").contains(",1.00,4.00,p4,");
        assertThat(statement("period", "?to=" + second))
                .isEqualTo(Statement.CSV_HEADER + "\r\n" + all.get(1) + "\r\n");
        assertThat(statement("period", "?from=1970-01-01&to=9999-12-31")).isEqualTo(statement("period", ""));
        assertThat(statement("period", "?from=1970-01-01T00:00:00%2B02:00")).isEqualTo(statement("period", ""));
        assertThat(statement("period", "?to=1970-01-02")).isEqualTo(Statement.CSV_HEADER + "\r\n");
    }

    @Test
    void shouldAnswer400ForAPeriodThatIsNotOne() {
        Answer notADate = http.get("/api/v1/accounts/acme-sub/statement.csv?from=yesterday", TestNodes.RESELLER_KEY);
        Answer noSuchDay = http.get("/api/v1/accounts/acme-sub/statement.csv?to=2026-02-30", TestNodes.RESELLER_KEY);
        Answer backwards = http.get("/api/v1/accounts/acme-sub/statement.csv?from=2026-11-02&to=2026-11-01",
                TestNodes.RESELLER_KEY);

        assertThat(notADate.status()).isEqualTo(400);
        assertThat(notADate.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(notADate.json().path("error").path("message").asText()).startsWith("'from' must be an ISO-8601");
        assertThat(noSuchDay.status()).isEqualTo(400);
        assertThat(noSuchDay.json().path("error").path("message").asText()).startsWith("'to' must be an ISO-8601");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().path("error").path("message").asText())
                .isEqualTo("'from' must not be after 'to'");
    }

    @Test
    void shouldStreamALongStatementInChunksThatAPlainClientReadsWhole() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/accounts/" + BULK + "/statement.csv"))
                .header("Authorization", "Bearer " + TestNodes.OPERATOR_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(response.headers().firstValue("content-length")).isEmpty();
        assertThat(response.body()).isEqualTo(replayedCsv(BULK));
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(BULK_TOP_UPS + 1);
        assertThat(lines.get(BULK_TOP_UPS)).contains(",TOP_UP,,1.00,40.00," + BULK_TOP_UPS + " fatura çğışöü € ")
                .endsWith("€ ,,,");
    }

    @Test
    void shouldWriteAResponsePipelinedBehindAStatementOnlyAfterIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/accounts/" + BULK + "/statement.csv HTTP/1.1\r\nHost: ringway\r\n"
                    + "Authorization: Bearer " + TestNodes.OPERATOR_KEY + "\r\n\r\n"
                    + "GET /api/v1/balance HTTP/1.1\r\nHost: ringway\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + TestNodes.OTHER_KEY + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();

            byte[] received = socket.getInputStream().readAllBytes();

            String answers = new String(received, StandardCharsets.ISO_8859_1); // one char per byte: indexes are offsets
            int balance = answers.indexOf("HTTP/1.1 200 OK\r\ncontent-type: application/json");
            assertThat(answers).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(balance).isPositive();
            String statementHead = answers.substring(0, answers.indexOf("\r\n\r\n") + 4);
            assertThat(statementHead).contains("transfer-encoding: chunked\r\n");
            assertThat(answers.substring(0, balance)).endsWith("\r\n0\r\n\r\n");
            assertThat(dechunk(Arrays.copyOfRange(received, statementHead.length(), balance)))
                    .isEqualTo(replayedCsv(BULK));
            assertThat(answers.substring(balance)).contains("\"balance\":\"0.01\"");
        }
    }

    @Test
    void shouldSendAnHttp10ClientTheBodyUnframedAndCloseAfterIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /api/v1/accounts/" + BULK + "/statement.csv HTTP/1.0\r\n"
                    + "Authorization: Bearer " + TestNodes.OPERATOR_KEY + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));

            byte[] received = socket.getInputStream().readAllBytes();

            String text = new String(received, StandardCharsets.ISO_8859_1);
            int body = text.indexOf("\r\n\r\n") + 4;
            assertThat(text.substring(0, body)).startsWith("HTTP/1.0 200 OK\r\n").contains("connection: close\r\n")
                    .doesNotContain("transfer-encoding");
            assertThat(new String(received, body, received.length - body, StandardCharsets.UTF_8))
                    .isEqualTo(replayedCsv(BULK));
        }
    }

    @Test
    void shouldGiveUpOnAClientThatReadsNothingAndServeTheNextStatement() throws Exception {
        int whole = replayedCsv(BULK).getBytes(StandardCharsets.UTF_8).length;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET /api/v1/accounts/" + BULK + "/statement.csv HTTP/1.1\r\n"
                    + "Host: ringway\r\nAuthorization: Bearer " + TestNodes.OPERATOR_KEY + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));

            Thread.sleep(4_000); // reads nothing for longer than the stall limit

            byte[] received = readUntilClosed(socket.getInputStream());
            String text = new String(received, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").contains("transfer-encoding: chunked\r\n");
            assertThat(received.length).as("the server gave the body up").isLessThan(whole);
            assertThat(text).doesNotEndWith("\r\n0\r\n\r\n");
        }

        Answer next = new HttpClients(node.httpPort()).get("/api/v1/accounts/" + BULK + "/statement.csv",
                TestNodes.OPERATOR_KEY);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).isEqualTo(replayedCsv(BULK));
    }

    /** What the statement's CSV is, by a replay in this process of the node's own journal. */
    private static String replayedCsv(String account) throws IOException {
        StringWriter csv = new StringWriter();
        Statement.writeCsvHeader(csv);
        Statement.replay(node.engine().config(), node.engine().journal(), account, Statement.Period.ALL,
                line -> Statement.writeCsvLine(line, csv));
        return csv.toString();
    }

    private String statement(String account, String query) {
        Answer answer = http.get("/api/v1/accounts/" + account + "/statement.csv" + query, TestNodes.OPERATOR_KEY);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static String time(String csvLine) {
        return csvLine.substring(0, csvLine.indexOf(','));
    }

    /** The body of a chunked message (RFC 9112 §7.1), without extensions or trailers, decoded as UTF-8. */
    private static String dechunk(byte[] bytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(bytes, at);
            int size = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
            at = lineEnd + 2;
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(bytes, at, size);
            at += size + 2;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no line end after " + from + ": " + Arrays.toString(
                Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 16))));
    }

    /** Everything the server sent until it closed the connection (a reset after its last byte counts as closed). */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            // Closed with bytes unsent: Linux may answer the rest of our reads with a reset.
        }
        return received.toByteArray();
    }

}
