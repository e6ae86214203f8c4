package io.ringway.connectors.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.config.ConsentRegistryConfig;
import io.ringway.connectors.http.FakeProvider;
import io.ringway.engine.consent.Consent;
import io.ringway.engine.consent.ConsentChange;
import io.ringway.engine.consent.ConsentRegistryEvents;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.consent.RecipientType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry client against a local HTTP server playing the registry, contract as in README.md. */
class HttpConsentRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DATE = Instant.parse("2026-03-01T09:30:00Z").toEpochMilli();
    private final Recorded events = new Recorded();
    private FakeProvider registry;
    private HttpConsentRegistry client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private HttpConsentRegistry client(String url, Duration timeout) {
        client = new HttpConsentRegistry(new ConsentRegistryConfig(url, "registry-key", timeout, Duration.ofMinutes(10),
                1_000, 2), events, Duration.ofMillis(20));
        return client;
    }

    @Test
    void shouldAskForARecipientsConsentAndReportTheAnswer() throws Exception {
        registry = new FakeProvider().on("/iys/brands/", request -> switch (request.path()) {
            case "/iys/brands/SHOP TR/consents/905321111111" -> new FakeProvider.Answer(200, """
                    {"status":"ONAY","date":"2026-03-01T12:30:00+03:00","source":"HS_WEB","recipient_type":"TACIR"}""");
            case "/iys/brands/SHOP TR/consents/905322222222" -> new FakeProvider.Answer(200, """
                    {"status":"OPT_OUT","date":"2026-03-01T09:30:00Z"}""");
            default -> new FakeProvider.Answer(404, "{\"error\":\"NOT_FOUND\"}");
        }).start();
        client(registry.url("/iys/"), Duration.ofSeconds(2));

        client.lookup("SHOP TR", "905321111111");
        assertThat(events.next()).isEqualTo(new Event("answered", "SHOP TR", "905321111111",
                new Consent(ConsentStatus.OPT_IN, DATE, ConsentSource.WEB, RecipientType.MERCHANT), 0));
        client.lookup("SHOP TR", "905322222222");
        assertThat(events.next().consent()).as("source and type default to OTHER and INDIVIDUAL")
                .isEqualTo(new Consent(ConsentStatus.OPT_OUT, DATE, ConsentSource.OTHER, RecipientType.INDIVIDUAL));
        client.lookup("SHOP TR", "905323333333");
        assertThat(events.next()).as("404: none on record is an answer")
                .isEqualTo(new Event("answered", "SHOP TR", "905323333333", null, 0));

        FakeProvider.Request first = registry.requests("/iys/").get(0);
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.query()).isEqualTo("channel=SMS");
        assertThat(first.authorization()).isEqualTo("Bearer registry-key");
        assertThat(client.lookups()).isEqualTo(3);
        assertThat(client.lookupFailures()).isZero();
    }

    @Test
    void shouldAskForARecipientWrittenWithAPlusByItsDigitsAndAnswerUnderTheNumberAsAsked() throws Exception {
        registry = new FakeProvider().on("/brands/", request -> request.path().equals("/brands/SHOP/consents/905321111111")
                ? new FakeProvider.Answer(200, "{\"status\":\"OPT_IN\",\"date\":\"2026-03-01T09:30:00Z\"}")
                : new FakeProvider.Answer(404, "{\"error\":\"NOT_FOUND\"}")).start();
        client(registry.url("/"), Duration.ofSeconds(2));

        client.lookup("SHOP", "+905321111111"); // an SMPP customer's destination_addr as written
        assertThat(events.next()).as("the contract's {msisdn} is E.164 without '+'; the engine parked it as written")
                .isEqualTo(new Event("answered", "SHOP", "+905321111111",
                        new Consent(ConsentStatus.OPT_IN, DATE, ConsentSource.OTHER, RecipientType.INDIVIDUAL), 0));
        assertThat(registry.requests("/brands/")).singleElement().extracting(FakeProvider.Request::path)
                .isEqualTo("/brands/SHOP/consents/905321111111");
    }

    @Test
    void shouldReportTheRegistryUnavailableWhenItFailsIsSlowOrBreaksTheContract() throws Exception {
        registry = new FakeProvider().on("/brands/", request -> switch (request.path()) {
            case "/brands/B/consents/901" -> new FakeProvider.Answer(503, "{}");
            case "/brands/B/consents/902" -> new FakeProvider.Answer(200, "{\"status\":\"MAYBE\",\"date\":\"x\"}");
            case "/brands/B/consents/903" -> new FakeProvider.Answer(200, "not json");
            case "/brands/B/consents/904" -> new FakeProvider.Answer(200, "{\"status\":\"OPT_IN\",\"date\":\"yesterday\"}");
            default -> {
                sleep(1_000);
                yield new FakeProvider.Answer(200, "{\"status\":\"OPT_IN\",\"date\":\"2026-03-01T09:30:00Z\"}");
            }
        }).start();
        client(registry.url("/"), Duration.ofMillis(300));
        for (String msisdn : List.of("901", "902", "903", "904", "905")) {
            client.lookup("B", msisdn);
            assertThat(events.next()).as(msisdn).isEqualTo(new Event("unavailable", "B", msisdn, null, 0));
        }
        assertThat(client.lookupFailures()).isEqualTo(5);
    }

    @Test
    void shouldGiveUpAnAnswerWhoseBodyNeverEndsAtTheTimeoutAndKeepAskingAndPushing() throws Exception {
        try (ServerSocket stalling = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = stalling.accept();
                        held.add(socket);
                        // The status line and headers of a 100-octet body, then one octet of it, then nothing.
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "stalling-registry");
            acceptor.setDaemon(true);
            acceptor.start();
            client("http://127.0.0.1:" + stalling.getLocalPort(), Duration.ofMillis(300));

            for (int i = 0; i < 5; i++) { // each answered unavailable at the timeout, none holding its place
                client.lookup("B", "90532111" + (1000 + i));
                assertThat(events.next().what()).as("lookup %d", i).isEqualTo("unavailable");
            }
            Consent optOut = new Consent(ConsentStatus.OPT_OUT, DATE, ConsentSource.SMS, RecipientType.INDIVIDUAL);
            client.push(new ConsentChange(1, "B", "905321111111", optOut));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.pushFailures() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.pushFailures()).as("the push gave up each stalled answer and tried again")
                    .isGreaterThanOrEqualTo(2);
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void shouldReportTheRegistryUnavailableWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        client("http://127.0.0.1:" + port, Duration.ofMillis(500));
        client.lookup("B", "905321111111");
        assertThat(events.next()).isEqualTo(new Event("unavailable", "B", "905321111111", null, 0));
    }

    @Test
    void shouldPushChangesInOrderInBatchesPerBrandAndRetryUntilTheRegistryTakesThem() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        registry = new FakeProvider().on("/brands/", request -> {
            if (request.path().equals("/brands/WARMUP/consents")) {
                busy.countDown();
                awaitQuietly(queued); // the pusher is busy while the changes below queue up: batches of two
                return new FakeProvider.Answer(202, "{}");
            }
            return request.path().equals("/brands/SHOP/consents") && attempts.incrementAndGet() <= 2
                    ? new FakeProvider.Answer(503, "{\"error\":\"maintenance\"}")
                    : new FakeProvider.Answer(202, "{}");
        }).start();
        client(registry.url(""), Duration.ofSeconds(2));
        Consent optIn = new Consent(ConsentStatus.OPT_IN, DATE, ConsentSource.SMS, RecipientType.INDIVIDUAL);
        client.push(new ConsentChange(0, "WARMUP", "905320000000", optIn));
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        client.push(new ConsentChange(1, "SHOP", "905321111111", optIn));
        client.push(new ConsentChange(2, "SHOP", "905322222222", optIn));
        client.push(new ConsentChange(3, "OTHER", "905323333333", optIn));
        queued.countDown();

        assertThat(events.next()).isEqualTo(new Event("pushed", "WARMUP", null, null, 0));
        assertThat(events.next()).as("after two refusals, the same batch").isEqualTo(new Event("pushed", "SHOP", null, null, 2));
        assertThat(events.next()).isEqualTo(new Event("pushed", "OTHER", null, null, 3));
        List<FakeProvider.Request> shop = registry.requests("/brands/SHOP/");
        assertThat(shop).hasSize(3).extracting(FakeProvider.Request::body).containsOnly(shop.get(0).body());
        JsonNode body = JSON.readTree(shop.get(0).body());
        assertThat(body.get("consents")).hasSize(2);
        JsonNode record = body.get("consents").get(0);
        assertThat(record.get("change_id").asLong()).isEqualTo(1);
        assertThat(record.get("msisdn").asText()).isEqualTo("905321111111");
        assertThat(record.get("channel").asText()).isEqualTo("SMS");
        assertThat(record.get("status").asText()).isEqualTo("OPT_IN");
        assertThat(record.get("date").asText()).isEqualTo("2026-03-01T09:30:00Z");
        assertThat(record.get("source").asText()).isEqualTo("SMS");
        assertThat(record.get("recipient_type").asText()).isEqualTo("INDIVIDUAL");
        assertThat(shop.get(0).contentType()).isEqualTo("application/json");
        assertThat(shop.get(0).authorization()).isEqualTo("Bearer registry-key");
        assertThat(client.pushed()).isEqualTo(4);
        assertThat(client.pushFailures()).isEqualTo(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldPassOverChangesTheRegistryRefusesAsInvalidInsteadOfBlockingTheOthers() throws Exception {
        registry = new FakeProvider().on("/brands/", request -> request.body().contains("\"change_id\":1,")
                ? new FakeProvider.Answer(422, "{\"error\":\"msisdn not valid\"}")
                : new FakeProvider.Answer(200, "{}")).start();
        client(registry.url(""), Duration.ofSeconds(2));
        Consent optOut = new Consent(ConsentStatus.OPT_OUT, DATE, ConsentSource.SMS, RecipientType.INDIVIDUAL);
        client.push(new ConsentChange(1, "SHOP", "905321111111", optOut));
        assertThat(events.next()).isEqualTo(new Event("pushed", "SHOP", null, null, 1));
        client.push(new ConsentChange(2, "SHOP", "905321111111", optOut));
        assertThat(events.next()).isEqualTo(new Event("pushed", "SHOP", null, null, 2));
        assertThat(client.pushRefused()).isEqualTo(1);
        assertThat(client.pushed()).isEqualTo(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Event(String what, String brand, String msisdn, Consent consent, long changeId) { }

    /** What the client reported, in order. */
    static final class Recorded implements ConsentRegistryEvents {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        @Override
        public void answered(String brand, String msisdn, Consent consent) {
            events.add(new Event("answered", brand, msisdn, consent, 0));
        }

        @Override
        public void unavailable(String brand, String msisdn) {
            events.add(new Event("unavailable", brand, msisdn, null, 0));
        }

        @Override
        public void pushed(String brand, long changeId) {
            events.add(new Event("pushed", brand, null, null, changeId));
        }

        Event next() throws InterruptedException {
            Event event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event;
        }
    }
}
