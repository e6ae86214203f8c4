package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} on {@code POST /api/v1/messages} against a running node: a retry is answered with the
 * original ids and {@code Idempotent-Replayed: true}, charged once and sent upstream once, also after the node
 * restarts; the key reused for another body is refused with 422; a malformed key with 400; another account's key
 * of the same name is its own.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpIdempotencySystemTest {
    private static final String KEY = "Idempotency-Key";
    private static final String TWO = "{\"from\":\"RINGWAY\",\"to\":[\"905321234567\",\"905329876543\"],"
            + "\"text\":\"Your code is 4711\"}";

    @TempDir
    Path data;
    private RingwayNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void shouldAnswerARetryWithTheOriginalIdsChargeOnceAndSendOnceAcrossARestart() throws Exception {
        int simulatorPort = TestNodes.freePort();
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", "")).start();
        HttpClients http = new HttpClients(node.httpPort());

        HttpClients.Answer first = http.post("/api/v1/messages", TestNodes.API_KEY, TWO, KEY, "otp-4711");
        HttpClients.Answer retry = http.post("/api/v1/messages", TestNodes.API_KEY, TWO, KEY, "otp-4711");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json()).as("the same ids, parts, prices and statuses").isEqualTo(first.json());
        JsonNode messages = first.json().get("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).get("id").asText()).isNotEqualTo(messages.get(1).get("id").asText());
        assertThat(balance(http)).as("charged once for two recipients").isEqualTo("999.98");
        awaitSubmitsReceived(2);
        Thread.sleep(300); // a second send would have reached the simulator by now
        assertThat(node.simulator().submitsReceived()).as("sent upstream once").isEqualTo(2);
        assertThat(http.get("/metrics", null).body()).contains("ringway_submissions_idempotent_replays_total 2.0");

        node.close();
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", "")).start();
        http = new HttpClients(node.httpPort());
        HttpClients.Answer afterRestart = http.post("/api/v1/messages", TestNodes.API_KEY, TWO, KEY, "otp-4711");

        assertThat(afterRestart.status()).isEqualTo(202);
        assertThat(afterRestart.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(afterRestart.json()).as("the key survives the restart").isEqualTo(first.json());
        assertThat(balance(http)).isEqualTo("999.98");
    }

    @Test
    void shouldRefuseTheKeyReusedForAnotherBodyAndAMalformedKey() {
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms", "")).start();
        HttpClients http = new HttpClients(node.httpPort());
        assertThat(http.post("/api/v1/messages", TestNodes.API_KEY, TWO, KEY, "order-1").status()).isEqualTo(202);

        HttpClients.Answer otherText = http.post("/api/v1/messages", TestNodes.API_KEY,
                TWO.replace("4711", "4712"), KEY, "order-1");
        HttpClients.Answer tooLong = http.post("/api/v1/messages", TestNodes.API_KEY, TWO, KEY, "k".repeat(65));
        HttpClients.Answer withSpace = http.post("/api/v1/messages", TestNodes.API_KEY, TWO, KEY, "order 1");

        assertThat(otherText.status()).isEqualTo(422);
        assertThat(otherText.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(otherText.json().path("error").path("message").asText()).contains("Idempotency-Key");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(withSpace.status()).isEqualTo(400);
        assertThat(withSpace.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(balance(http)).as("only the first request was charged").isEqualTo("999.98");
        assertThat(http.post("/api/v1/messages", TestNodes.API_KEY, TWO, KEY, "k".repeat(64)).status())
                .as("64 characters are enough").isEqualTo(202);
    }

    @Test
    void shouldKeepAnotherAccountsKeyOfTheSameNameApart() {
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms", "")).start();
        HttpClients http = new HttpClients(node.httpPort());
        String one = "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"hello\"}";

        HttpClients.Answer demo = http.post("/api/v1/messages", TestNodes.API_KEY, one, KEY, "shared-key");
        HttpClients.Answer reseller = http.post("/api/v1/messages", TestNodes.RESELLER_KEY, one, KEY, "shared-key");

        assertThat(demo.status()).isEqualTo(202);
        assertThat(reseller.status()).isEqualTo(202);
        assertThat(reseller.header("Idempotent-Replayed")).isNull();
        assertThat(reseller.json().get("messages").get(0).get("id").asText())
                .isNotEqualTo(demo.json().get("messages").get(0).get("id").asText());
        assertThat(balance(http)).isEqualTo("999.99");
    }

    private static String balance(HttpClients http) {
        return http.get("/api/v1/balance", TestNodes.API_KEY).json().get("balance").asText();
    }

    private void awaitSubmitsReceived(long count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (node.simulator().submitsReceived() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
