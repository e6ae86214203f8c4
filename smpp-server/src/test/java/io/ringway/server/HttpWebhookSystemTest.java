package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery-report callbacks: signed, retried while the receiver fails, kept across a restart of the node, and
 * acknowledged once the receiver answers 2xx; Kannel-style dlr-url GETs with their escapes filled in.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpWebhookSystemTest {
    @TempDir
    Path data;
    private RingwayNode node;
    private HttpServer receiver;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean accepting = new AtomicBoolean();
    /** The Upgrade header of each report POSTed ("null" when absent). */
    private final List<String> upgrades = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How long the receiver takes to answer an accepted report. */
    private final AtomicInteger answerAfterMillis = new AtomicInteger();

    /** How many reports the receiver answered with headers and a body it never finished. */
    private final AtomicInteger stalled = new AtomicInteger();
    /** Released when the test ends: the stalled answers are held until then. */
    private final java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);

    @AfterEach
    void stop() {
        stopping.countDown();
        if (node != null) {
            node.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void shouldRetryAFailingWebhookAcrossARestartUntilItIsAcceptedAndSigned() throws Exception {
        int receiverPort = startReceiver();
        int simulatorPort = TestNodes.freePort();
        String http = "  webhook-retry-min: 200ms\n  webhook-retry-max: 400ms\n";
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", http)).start();
        HttpClients client = new HttpClients(node.httpPort());
        String id = client.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"to\":\"905321234567\","
                + "\"text\":\"code 4711\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/dlr\"}")
                .json().get("messages").get(0).get("id").asText();

        awaitTrue(() -> failures.get() >= 2);
        node.close();
        int failedBeforeRestart = failures.get();
        accepting.set(true);
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", http)).start();

        awaitTrue(() -> !bodies.isEmpty());
        assertThat(failedBeforeRestart).isGreaterThanOrEqualTo(2);
        JsonNode report = HttpClients.JSON.readTree(bodies.get(0));
        assertThat(report.get("id").asText()).isEqualTo(id);
        assertThat(report.get("status").asText()).isIn("DELIVERED", "UNDELIVERABLE");
        assertThat(report.get("to").asText()).isEqualTo("905321234567");
        assertThat(signatures.get(0)).isEqualTo("sha256=" + hmac(TestNodes.WEBHOOK_SECRET, bodies.get(0)));
        assertThat(upgrades).as("plain HTTP/1.1, no h2c upgrade asked of the receiver").containsOnly("null");
        // Acknowledged: the engine forgets the receipt, so no further attempt comes.
        awaitTrue(() -> node.engine().counters().receiptsAcknowledged.get() == 1);
        Thread.sleep(1_500);
        assertThat(bodies).hasSize(1);
    }

    @Test
    void shouldNotSendAgainAfterAStopTheReportsWhoseReceiverAnsweredWhileTheNodeStopped() throws Exception {
        int receiverPort = startReceiver();
        accepting.set(true);
        answerAfterMillis.set(400);
        int simulatorPort = TestNodes.freePort();
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", "")).start();
        HttpClients client = new HttpClients(node.httpPort());
        for (int i = 0; i < 5; i++) {
            client.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"to\":\"90532123456" + i
                    + "\",\"text\":\"code\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/dlr\"}");
        }
        awaitTrue(() -> bodies.size() == 5); // every report has arrived; the answers come 400 ms later

        node.close(); // waits for those answers, which the journal then holds as acknowledgements
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, simulatorPort, "50ms", "")).start();

        Thread.sleep(1_500);
        assertThat(bodies).as("none sent again").hasSize(5);
        assertThat(node.recovery().owedReceipts()).isZero();
    }

    @Test
    void shouldNotHoldUpAnAccountsHealthyCallbacksBehindAFailingReceiver() throws Exception {
        int receiverPort = startReceiver();
        accepting.set(true);
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms",
                "  webhooks-per-account: 2\n  webhook-retry-min: 200ms\n  webhook-retry-max: 2s\n")).start();
        HttpClients client = new HttpClients(node.httpPort());
        for (int i = 0; i < 6; i++) {
            client.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"to\":\"90532123450" + i
                    + "\",\"text\":\"x\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/fail\"}");
        }
        awaitTrue(() -> failures.get() >= 6); // more failing reports than the account may have under way

        client.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"to\":\"905321234599\","
                + "\"text\":\"y\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/dlr\"}");

        awaitTrue(() -> bodies.size() == 1);
        assertThat(bodies.get(0)).contains("905321234599");
    }

    @Test
    void shouldCountACallbackWhoseAnswerNeverEndsAsFailedAfterTheWebhookTimeoutAndFreeItsPlace() throws Exception {
        int receiverPort = startReceiver();
        accepting.set(true);
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms",
                "  webhooks-per-account: 1\n  webhook-timeout: 500ms\n  webhook-retry-min: 200ms\n"
                        + "  webhook-retry-max: 400ms\n")).start();
        HttpClients client = new HttpClients(node.httpPort());
        client.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"to\":\"905321234501\","
                + "\"text\":\"x\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/stall\"}");
        awaitTrue(() -> stalled.get() >= 1); // its answer's headers are out, its body never ends

        client.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"to\":\"905321234502\","
                + "\"text\":\"y\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/dlr\"}");

        awaitTrue(() -> bodies.size() == 1); // the account's one place was given back after webhook-timeout
        assertThat(bodies.get(0)).contains("905321234502");
        // The answered one is acknowledged (through the ring, a moment after its answer)...
        awaitTrue(() -> node.engine().counters().receiptsAcknowledged.get() == 1);
        awaitTrue(() -> stalled.get() >= 2); // ...and the unfinished one is tried again, not taken as answered
        assertThat(node.engine().counters().receiptsAcknowledged.get()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpAReportStillFailingAfterTheGiveUpTimeAndCountIt() throws Exception {
        int receiverPort = startReceiver(); // never accepting
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms",
                "  webhook-retry-min: 100ms\n  webhook-give-up: 1s\n")).start();
        HttpClients client = new HttpClients(node.httpPort());
        client.post("/api/v1/messages", TestNodes.API_KEY, "{\"from\":\"RINGWAY\",\"to\":\"905321234567\","
                + "\"text\":\"lost\",\"callback_url\":\"http://127.0.0.1:" + receiverPort + "/dlr\"}");

        awaitTrue(() -> node.engine().counters().receiptsAcknowledged.get() == 1);

        assertThat(bodies).isEmpty();
        assertThat(client.get("/metrics", null).body()).contains("ringway_webhooks_given_up_total 1.0");
    }

    @Test
    void shouldGetTheKannelDlrUrlWithItsEscapesFilledIn() throws Exception {
        int receiverPort = startReceiver();
        accepting.set(true);
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms", "")).start();
        HttpClients client = new HttpClients(node.httpPort());
        String dlrUrl = java.net.URLEncoder.encode("http://127.0.0.1:" + receiverPort
                + "/dlr?type=%d&to=%p&from=%P&id=%I&q=%q&k=%k&n=%n&slash=%2F&answer=%A", StandardCharsets.UTF_8);

        HttpClients.Answer answer = client.get("/cgi-bin/sendsms?username=demo&password=demo123&from=RINGWAY"
                + "&to=905321234567&text=hello+kannel&dlr-mask=3&dlr-url=" + dlrUrl, null);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).isEqualTo("0: Accepted for delivery");
        awaitTrue(() -> !queries.isEmpty());
        String query = queries.get(0);
        // %q as %p; %k and %n (keyword, service) a receipt does not have: empty, the URL valid; %2F the URL's own
        assertThat(query).matches("type=(1|2)&to=905321234567&from=RINGWAY&id=[0-9a-f]{16}&q=905321234567&k=&n="
                + "&slash=/&answer=id:.*");
        assertThat(query).contains("stat:");
    }

    @Test
    void shouldAnswerKannelErrorsLikeKannel() throws Exception {
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms", "")).start();
        HttpClients client = new HttpClients(node.httpPort());

        HttpClients.Answer wrongPassword = client.get("/cgi-bin/sendsms?username=demo&password=nope&from=RINGWAY"
                + "&to=905321234567&text=x", null);
        HttpClients.Answer noReceiver = client.get("/cgi-bin/sendsms?username=demo&password=demo123&from=RINGWAY"
                + "&text=x", null);

        assertThat(wrongPassword.status()).isEqualTo(403);
        assertThat(wrongPassword.body()).isEqualTo("Authorization failed for sendsms");
        assertThat(noReceiver.status()).isEqualTo(400);
        assertThat(noReceiver.body()).isEqualTo("Missing receiver number, rejected");
    }

    private int startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/dlr", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!accepting.get()) {
                failures.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            if (exchange.getRequestMethod().equals("GET")) {
                queries.add(exchange.getRequestURI().getQuery());
            } else {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                signatures.add(exchange.getRequestHeaders().getFirst("X-Ringway-Signature"));
                upgrades.add(String.valueOf(exchange.getRequestHeaders().getFirst("Upgrade")));
            }
            try {
                Thread.sleep(answerAfterMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            failures.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        receiver.createContext("/stall", exchange -> {
            exchange.getRequestBody().readAllBytes();
            stalled.incrementAndGet();
            exchange.sendResponseHeaders(200, 10); // ten bytes announced, two sent, the rest never
            exchange.getResponseBody().write(new byte[2]);
            exchange.getResponseBody().flush();
            try {
                stopping.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
        return receiver.getAddress().getPort();
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
