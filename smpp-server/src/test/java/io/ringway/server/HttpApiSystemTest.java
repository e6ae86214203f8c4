package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.server.HttpClients.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON API against a running node: submission, status, balance, errors, access log, OpenAPI, metrics. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpApiSystemTest {
    @TempDir
    static Path data;
    static RingwayNode node;
    static HttpClients http;

    @BeforeAll
    static void start() {
        int simulatorPort = TestNodes.freePort();
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", "  max-body-bytes: 2048\n"))
                .start();
        http = new HttpClients(node.httpPort());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void shouldAcceptAnOtpAndAnswerWithIdPartsAndPrice() {
        Answer answer = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"+905321234567\",\"text\":\"Your code is 123456\",\"type\":\"otp\"}");

        assertThat(answer.status()).isEqualTo(202);
        JsonNode message = answer.json().get("messages").get(0);
        assertThat(message.get("id").asText()).hasSize(16);
        assertThat(message.get("to").asText()).isEqualTo("+905321234567");
        assertThat(message.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(message.get("parts").asInt()).isEqualTo(1);
        assertThat(message.get("price").asText()).isEqualTo("0.01");
    }

    @Test
    void shouldAnswerEachRecipientOfAListWithItsOwnStatus() {
        Answer answer = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":[\"905321234567\",\"12\",\"902161234567\"],\"text\":\"hello\","
                        + "\"reference\":\"batch-7\"}");

        assertThat(answer.status()).isEqualTo(202);
        JsonNode messages = answer.json().get("messages");
        assertThat(answer.json().get("reference").asText()).isEqualTo("batch-7");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(messages.get(1).get("status").asText()).isEqualTo("REJECTED");
        assertThat(messages.get(1).get("error").get("code").asText()).isEqualTo("INVALID_DESTINATION");
        assertThat(messages.get(2).get("price").asText()).isEqualTo("0.0125");
    }

    @Test
    void shouldPriceALongUnicodeTextByItsParts() {
        String text = "Şifreniz ğüı ".repeat(10); // 130 UCS-2 characters: two parts of 67
        Answer answer = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"" + text + "\"}");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().get("messages").get(0).get("parts").asInt()).isEqualTo(2);
        assertThat(answer.json().get("messages").get(0).get("price").asText()).isEqualTo("0.02");
    }

    @Test
    void shouldReportAMessageThroughItsLifeToItsFinalState() throws InterruptedException {
        String id = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"status me\"}")
                .json().get("messages").get(0).get("id").asText();

        JsonNode status = awaitFinal(id);

        assertThat(status.get("status").asText()).isIn("DELIVERED", "UNDELIVERABLE");
        assertThat(status.get("parts").asInt()).isEqualTo(1);
        assertThat(status.get("price").asText()).isEqualTo("0.01");
        assertThat(status.get("refunded").asBoolean()).isEqualTo(status.get("status").asText().equals("UNDELIVERABLE"));
        assertThat(status.get("accepted_at").asText()).endsWith("Z");
        assertThat(status.get("done_at").asText()).endsWith("Z");
        assertThat(status.has("error_code")).isTrue();
    }

    @Test
    void shouldNotShowAMessageToAnotherAccount() throws InterruptedException {
        String id = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"mine\"}")
                .json().get("messages").get(0).get("id").asText();

        Answer foreign = http.get("/api/v1/messages/" + id, TestNodes.OTHER_KEY);
        Answer unknown = http.get("/api/v1/messages/7fffffffffffffff", TestNodes.API_KEY);
        Answer malformed = http.get("/api/v1/messages/xyz", TestNodes.API_KEY);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(404);
    }

    @Test
    void shouldShowBalanceCreditLimitAndCurrency() {
        Answer answer = http.get("/api/v1/balance", TestNodes.OTHER_KEY);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("balance").asText()).isEqualTo("0.01");
        assertThat(answer.json().get("credit_limit").asText()).isEqualTo("0.00");
        assertThat(answer.json().get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void shouldAnswer401WithoutOrWithAWrongKey() {
        Answer missing = http.get("/api/v1/balance", null);
        Answer wrong = http.get("/api/v1/balance", "not-a-key");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void shouldAnswer402WhenTheBalanceDoesNotCoverThePrice() {
        Answer answer = http.post("/api/v1/messages", TestNodes.OTHER_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"902121234567\",\"text\":\"too dear\"}");

        assertThat(answer.status()).isEqualTo(402);
        assertThat(answer.errorCode()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(answer.json().get("error").get("message").asText()).isNotBlank();
    }

    @Test
    void shouldAnswer400ForMalformedJsonAndWrongFieldTypes() {
        Answer broken = http.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":");
        Answer missing = http.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"text\":\"x\"}");
        Answer wrongType = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":905321234567,\"text\":\"x\"}");

        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.errorCode()).isEqualTo("INVALID_JSON");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(broken.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void shouldAnswer422ForValuesThatMakeNoSense() {
        String base = "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"x\",";
        assertThat(http.post("/api/v1/messages", TestNodes.API_KEY, base + "\"type\":\"spam\"}").errorCode())
                .isEqualTo("INVALID_TYPE");
        assertThat(http.post("/api/v1/messages", TestNodes.API_KEY, base + "\"validity_seconds\":0}").errorCode())
                .isEqualTo("INVALID_VALIDITY");
        assertThat(http.post("/api/v1/messages", TestNodes.API_KEY, base + "\"send_at\":\"tomorrow\"}").errorCode())
                .isEqualTo("INVALID_SEND_AT");
        assertThat(http.post("/api/v1/messages", TestNodes.API_KEY, base + "\"send_at\":\"2999-01-01T00:00:00Z\"}")
                .errorCode()).isEqualTo("INVALID_SEND_AT");
        assertThat(http.post("/api/v1/messages", TestNodes.API_KEY, base + "\"callback_url\":\"ftp://x\"}").status())
                .isEqualTo(422);
        Answer destination = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"12\",\"text\":\"x\"}");
        assertThat(destination.status()).isEqualTo(422);
        assertThat(destination.errorCode()).isEqualTo("INVALID_DESTINATION");
    }

    @Test
    void shouldAnswer413ForABodyOverTheCap() {
        Answer answer = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"" + "x".repeat(4096) + "\"}");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.errorCode()).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void shouldAnswer403WhenTheOperatorAsksForMessagesOfItsOwn() {
        Answer answer = http.get("/api/v1/balance", TestNodes.OPERATOR_KEY);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("FORBIDDEN");
    }

    @Test
    void shouldAnswer404And405AsJson() {
        assertThat(http.get("/api/v1/nothing", TestNodes.API_KEY).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(http.get("/elsewhere", null).status()).isEqualTo(404);
        Answer wrongMethod = http.get("/api/v1/messages", TestNodes.API_KEY);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(wrongMethod.header("Allow")).as("RFC 9110: a 405 names what is allowed").isEqualTo("POST");
        Answer balance = http.post("/api/v1/balance", TestNodes.API_KEY, "{}");
        assertThat(balance.status()).isEqualTo(405);
        assertThat(balance.header("Allow")).isEqualTo("GET");
        assertThat(http.put("/api/v1/messages/0000000000000001", TestNodes.API_KEY, "{}").header("Allow"))
                .isEqualTo("GET, DELETE");
        assertThat(http.post("/metrics", null, "{}").header("Allow")).isEqualTo("GET");
        Answer head = http.head("/api/v1/balance", TestNodes.API_KEY);
        assertThat(head.status()).as("HEAD is GET without the body").isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(
                http.get("/api/v1/balance", TestNodes.API_KEY).body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(http.head("/api/v1/openapi.json", null).status()).isEqualTo(200);
        Answer sendsms = http.head("/cgi-bin/sendsms?username=x&password=y&to=905321234567&text=x", null);
        assertThat(sendsms.status()).as("a GET that sends is not run for HEAD").isEqualTo(405);
        assertThat(sendsms.header("Allow")).isEqualTo("GET, POST");
        assertThat(http.put("/api/v1/access-log", TestNodes.API_KEY, "{}").errorCode())
                .isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(http.get("/api/v1/balance/extra", TestNodes.API_KEY).status()).isEqualTo(404);
    }

    @Test
    void shouldRecordTheAccessLogWithoutMessageText() {
        http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"secret code 998877\"}");

        Answer log = http.get("/api/v1/access-log", TestNodes.API_KEY);

        assertThat(log.status()).isEqualTo(200);
        assertThat(log.json().get("enabled").asBoolean()).isTrue();
        assertThat(log.body()).contains("/api/v1/messages").contains("\"status\":202").doesNotContain("998877");
        Answer otherLog = http.get("/api/v1/access-log", TestNodes.OTHER_KEY);
        assertThat(otherLog.json().get("enabled").asBoolean()).isFalse();
        assertThat(otherLog.json().get("entries")).isEmpty();
    }

    @Test
    void shouldServeTheOpenApiDocumentAndPrometheusMetrics() throws Exception {
        Answer openApi = http.get("/api/v1/openapi.json", null);
        http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"metrics\"}");
        try (JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            assertThatThrownBy(() -> customer.submit("12", "no such number")).as("refused ESME_RINVDSTADR");
        }
        Answer metrics = http.get("/metrics", null);

        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().get("openapi").asText()).startsWith("3.");
        assertThat(openApi.json().get("paths").has("/api/v1/messages")).isTrue();
        assertThat(openApi.json().get("paths").has("/api/v1/consents/{msisdn}")).isTrue();
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("ringway_submissions_accepted_total", "ringway_ring_remaining",
                "ringway_http_requests_total", "ringway_http_submission_latency_seconds_bucket",
                "ringway_upstream_in_flight", "ringway_journal_healthy", "ringway_journal_lag",
                "ringway_snapshots_written_total", "ringway_snapshots_failures_total",
                "ringway_snapshot_last_written_seconds", "ringway_snapshot_last_bytes",
                "ringway_messages_cancelled_total", "ringway_messages_held_total", "ringway_inbound_total",
                "ringway_messages_given_back_total", "ringway_messages_hold_timeouts_total",
                "ringway_smpp_rejections_total{status=\"0x0000000B\"} 1.0");
        assertThat(openApi.json().get("paths").get("/api/v1/messages/{id}").has("delete")).isTrue();
    }


    static JsonNode awaitFinal(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Answer answer = http.get("/api/v1/messages/" + id, TestNodes.API_KEY);
            assertThat(answer.status()).isEqualTo(200);
            String status = answer.json().get("status").asText();
            if (!status.equals("ACCEPTED") && !status.equals("DISPATCHED")) {
                return answer.json();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("message " + id + " still " + status);
            }
            Thread.sleep(50);
        }
    }
}
