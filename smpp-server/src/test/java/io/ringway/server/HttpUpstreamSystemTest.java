package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.message.TextEncoding;
import org.jsmpp.bean.Alphabet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose only upstream is an Infobip-style HTTP provider served by the test: a jSMPP customer submits a
 * short and a three-part message, each reaches the provider as one JSON request with its whole text, the
 * provider's delivery reports are polled (or pushed to the node's HTTP port), and each message comes back to the
 * customer as exactly one deliver_sm receipt.
 */
@Timeout(60)
class HttpUpstreamSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK_SECRET = "provider-secret-0123";
    private static final String LONG_TEXT = "a".repeat(200) + "b".repeat(200);

    @TempDir
    Path data;

    /** Provider state, guarded by itself; handlers run on the server's one thread. */
    private final List<JsonNode> sent = new ArrayList<>();
    private final List<String> undelivered = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @Test
    void shouldSendThroughTheHttpProviderAndForwardItsPolledReportsAsReceipts() throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/sms/2/text/advanced", this::send);
        provider.createContext("/sms/1/reports", this::reports);
        provider.start();
        int port = provider.getAddress().getPort();
        try (RingwayNode node = new RingwayNode(config(0, "status-url: http://127.0.0.1:" + port + "/sms/1/reports",
                port)).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            String shortId = customer.submit("905321234567", "Your code is 4711");
            String longId = customer.submitPayload("905321234568", TextEncoding.encode(LONG_TEXT, TextEncoding.GSM),
                    Alphabet.ALPHA_DEFAULT);

            SubmitAndReceiptSystemTest.awaitReceipts(customer, 2);
            Thread.sleep(300); // a duplicate receipt would arrive within this
            assertThat(customer.receipts.keySet()).containsExactlyInAnyOrder(shortId, longId);
            assertThat(customer.receiptCount.get()).isEqualTo(2);
            assertThat(customer.receiptStates.values()).containsOnly((byte) 2);
            assertThat(customer.receipts.get(longId)).startsWith("id:" + longId + " ").contains("stat:DELIVRD");
            synchronized (sent) {
                assertThat(sent).hasSize(2);
                assertThat(sent).extracting(message -> message.at("/messages/0/destinations/0/to").asText())
                        .containsExactlyInAnyOrder("905321234567", "905321234568");
                assertThat(sent).extracting(message -> message.at("/messages/0/text").asText())
                        .containsExactlyInAnyOrder("Your code is 4711", LONG_TEXT);
                assertThat(sent).extracting(message -> message.at("/messages/0/from").asText())
                        .containsOnly("RINGWAY");
                assertThat(authorizations).containsExactly("App node-key", "App node-key");
            }
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void shouldTakeReportsTheProviderPushesToTheHttpPortWithItsSecretOnly() throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/sms/2/text/advanced", this::send);
        provider.start();
        int httpPort = TestNodes.freePort();
        HttpClient client = HttpClient.newHttpClient();
        try (RingwayNode node = new RingwayNode(config(httpPort, "webhook-secret: " + WEBHOOK_SECRET,
                provider.getAddress().getPort())).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            String shortId = customer.submit("905321234567", "Your code is 4711");
            String longId = customer.submitPayload("905321234568", TextEncoding.encode(LONG_TEXT, TextEncoding.GSM),
                    Alphabet.ALPHA_DEFAULT);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sentCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String reports = "{\"results\":[{\"messageId\":\"ib-1\",\"status\":{\"groupName\":\"DELIVERED\"}},"
                    + "{\"messageId\":\"ib-2\",\"status\":{\"groupName\":\"UNDELIVERABLE\"},\"error\":{\"id\":5}}]}";

            assertThat(push(client, httpPort, "wrong-secret-000000", reports).statusCode()).isEqualTo(404);
            HttpResponse<String> pushed = push(client, httpPort, WEBHOOK_SECRET, reports);
            assertThat(pushed.statusCode()).isEqualTo(200);
            assertThat(pushed.body()).isEqualTo("{\"receipts\":2}");

            SubmitAndReceiptSystemTest.awaitReceipts(customer, 2);
            Thread.sleep(300); // a duplicate receipt would arrive within this
            assertThat(customer.receiptCount.get()).isEqualTo(2);
            String delivered = firstSentTo().equals("905321234567") ? shortId : longId; // ib-1 went first
            String undelivered = delivered.equals(shortId) ? longId : shortId;
            assertThat(customer.receipts.get(delivered)).contains("stat:DELIVRD");
            assertThat(customer.receipts.get(undelivered)).contains("stat:UNDELIV").contains("err:005");
        } finally {
            provider.stop(0);
        }
    }

    private static HttpResponse<String> push(HttpClient client, int port, String secret, String body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/upstreams/infobip/receipts?secret=" + secret))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int sentCount() {
        synchronized (sent) {
            return sent.size();
        }
    }

    private String firstSentTo() {
        synchronized (sent) {
            return sent.get(0).at("/messages/0/destinations/0/to").asText();
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        JsonNode message = JSON.readTree(exchange.getRequestBody());
        String id;
        synchronized (sent) {
            sent.add(message);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            id = "ib-" + sent.size();
            undelivered.add(id);
        }
        answer(exchange, "{\"messages\":[{\"messageId\":\"" + id + "\",\"status\":{\"groupName\":\"PENDING\"}}]}");
    }

    /** Reports every message sent since the last poll as delivered, each once. */
    private void reports(HttpExchange exchange) throws IOException {
        StringBuilder results = new StringBuilder();
        synchronized (sent) {
            for (String id : undelivered) {
                results.append(results.isEmpty() ? "" : ",").append("{\"messageId\":\"").append(id)
                        .append("\",\"status\":{\"groupName\":\"DELIVERED\"},\"error\":{\"id\":0}}");
            }
            undelivered.clear();
        }
        answer(exchange, "{\"results\":[" + results + "]}");
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The node, its HTTP port on {@code httpPort} (0: off), its one upstream the provider with {@code receipts}. */
    private RingwayConfig config(int httpPort, String receipts, int providerPort) {
        String yaml = TestNodes.yaml(data, TestNodes.freePort(), TestNodes.freePort(), false, "0");
        if (httpPort != 0) {
            yaml = yaml.replace("http:\n  enabled: false\n", "http:\n  enabled: true\n  port: " + httpPort + "\n");
        }
        String withoutSmsc = yaml.substring(0, yaml.indexOf("upstreams:"));
        return ConfigLoader.parse("http-upstream.yaml", withoutSmsc + """
                upstreams:
                  - name: infobip
                    type: http
                    http:
                      profile: infobip
                      url: http://127.0.0.1:%d/sms/2/text/advanced
                      auth: {header: Authorization, value: App node-key}
                      poll-interval: 50ms
                      %s
                """.formatted(providerPort, receipts));
    }
}
