package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code send_at}, {@code reference} and {@code validity_seconds} over HTTP: a message scheduled a few seconds
 * ahead is answered SCHEDULED, stays so across a restart of the node, and is sent when its time comes; its
 * reference comes back in the status answer and in the delivery-report callback.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpScheduledSendingSystemTest {
    private static final long AHEAD_MILLIS = 8_000;

    @TempDir
    Path data;
    private RingwayNode node;
    private HttpServer receiver;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void shouldHoldAScheduledMessageAcrossARestartAndSendItWhenItsTimeComes() throws Exception {
        int receiverPort = startReceiver();
        int simulatorPort = TestNodes.freePort();
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", "")).start();
        HttpClients http = new HttpClients(node.httpPort());
        Instant sendAt = Instant.ofEpochMilli((System.currentTimeMillis() + AHEAD_MILLIS) / 1000 * 1000 + 1000);

        HttpClients.Answer accepted = http.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\","
                + "\"to\":\"905321234567\",\"text\":\"later\",\"reference\":\"order-42\",\"validity_seconds\":600,"
                + "\"send_at\":\"" + sendAt + "\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/dlr\"}");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("send_at").asText()).isEqualTo(sendAt.toString());
        JsonNode message = accepted.json().get("messages").get(0);
        assertThat(message.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(message.get("price").asText()).isEqualTo("0.01");
        String id = message.get("id").asText();
        JsonNode waiting = http.get("/api/v1/messages/" + id, TestNodes.API_KEY).json();
        assertThat(waiting.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(waiting.get("reference").asText()).isEqualTo("order-42");
        assertThat(waiting.get("send_at").asText()).isEqualTo(sendAt.toString());
        assertThat(http.get("/api/v1/balance", TestNodes.API_KEY).json().get("balance").asText())
                .as("paid for at acceptance").isEqualTo("999.99");

        node.close();
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", "")).start();
        http = new HttpClients(node.httpPort());
        assertThat(http.get("/api/v1/messages/" + id, TestNodes.API_KEY).json().get("status").asText())
                .as("still scheduled after the restart").isEqualTo("SCHEDULED");
        assertThat(bodies).isEmpty();

        while (bodies.isEmpty()) {
            Thread.sleep(50);
        }
        JsonNode report = HttpClients.JSON.readTree(bodies.get(0));
        assertThat(report.get("id").asText()).isEqualTo(id);
        assertThat(report.get("reference").asText()).isEqualTo("order-42");
        assertThat(report.get("status").asText()).isIn("DELIVERED", "UNDELIVERABLE");
        assertThat(arrivals.get(0)).as("not sent before its time").isGreaterThanOrEqualTo(sendAt.toEpochMilli());
        JsonNode done = http.get("/api/v1/messages/" + id, TestNodes.API_KEY).json();
        assertThat(done.get("status").asText()).isEqualTo(report.get("status").asText());
        assertThat(done.get("reference").asText()).isEqualTo("order-42");
    }

    @Test
    void shouldCancelAScheduledMessageRefundItAndReportItDeleted() throws Exception {
        int receiverPort = startReceiver();
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms", "")).start();
        HttpClients http = new HttpClients(node.httpPort());
        Instant sendAt = Instant.now().plusSeconds(3600);
        String id = http.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"to\":\"905321234567\","
                + "\"text\":\"tomorrow\",\"reference\":\"order-7\",\"send_at\":\"" + sendAt + "\","
                + "\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/dlr\"}")
                .json().get("messages").get(0).get("id").asText();
        String now = http.post("/api/v1/messages", TestNodes.API_KEY,
                "{\"from\":\"RINGWAY\",\"to\":\"905321234568\",\"text\":\"now\"}")
                .json().get("messages").get(0).get("id").asText();
        assertThat(http.get("/api/v1/balance", TestNodes.API_KEY).json().get("balance").asText()).isEqualTo("999.98");

        HttpClients.Answer cancelled = http.delete("/api/v1/messages/" + id, TestNodes.API_KEY);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("id").asText()).isEqualTo(id);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("DELETED");
        assertThat(http.get("/api/v1/balance", TestNodes.API_KEY).json().get("balance").asText())
                .as("refunded").isEqualTo("999.99");
        JsonNode status = http.get("/api/v1/messages/" + id, TestNodes.API_KEY).json();
        assertThat(status.get("status").asText()).isEqualTo("DELETED");
        assertThat(status.get("refunded").asBoolean()).isTrue();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (bodies.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        JsonNode report = HttpClients.JSON.readTree(bodies.get(0));
        assertThat(report.get("id").asText()).isEqualTo(id);
        assertThat(report.get("status").asText()).isEqualTo("DELETED");
        assertThat(report.get("reference").asText()).isEqualTo("order-7");

        HttpClients.Answer again = http.delete("/api/v1/messages/" + id, TestNodes.API_KEY);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").get("code").asText()).isEqualTo("NOT_CANCELLABLE");
        assertThat(http.delete("/api/v1/messages/" + now, TestNodes.API_KEY).status()).as("sent at once")
                .isEqualTo(409);
        HttpClients.Answer stranger = http.delete("/api/v1/messages/" + now, TestNodes.OTHER_KEY);
        assertThat(stranger.status()).as("another account's").isEqualTo(404);
        assertThat(stranger.json().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(http.delete("/api/v1/messages/zz", TestNodes.API_KEY).status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/messages/" + id, null).status()).isEqualTo(401);
    }

    private int startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/dlr", exchange -> {
            arrivals.add(System.currentTimeMillis());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return receiver.getAddress().getPort();
    }
}
