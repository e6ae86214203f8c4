package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.PasswordHasher;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The external consent registry from end to end: an SMPP customer sends commercial messages for an integrator-mode
 * brand (the registry decides, its answers are cached, a registry that is down fails closed, an opt-out by reply
 * wins over a cached opt-in and is pushed), and a registry-mode brand's changes reach the registry even when it
 * was down until the node restarted.
 */
@Timeout(120)
class ConsentRegistrySystemTest {
    private static final String ALICE = "905321111111";
    private static final String BOB = "905322222222";
    private static final String CAROL = "905323333333";
    private static final String DAVE = "905324444444";
    private static final String EVE = "905325555555";
    private static final String FRANK = "905326666666";
    private static final String RETAIL_NUMBER = "905550000009";

    @TempDir
    Path data;

    private RingwayConfig config(FakeConsentRegistry registry, int simulatorPort) {
        return ConfigLoader.parse("registry.yaml", """
                smpp: {port: %d}
                http: {enabled: true, port: %d}
                journal: {directory: "%s"}
                simulator: {enabled: true, port: %d, receipt-delay: 10ms, outcomes: {DELIVRD: 1}}
                consent:
                  registry: {url: "%s", api-key: test-key, timeout: 1s, cache-ttl: 10m}
                accounts:
                  - system-id: demo
                    password-hash: "%s"
                    api-key-hash: "%s"
                    senders: [RETAIL, SHOP]
                    brands:
                      - {name: SHOPRETAIL, senders: [RETAIL], numbers: ["%s"], mode: integrator}
                      - {name: SHOP, senders: [SHOP], mode: registry}
                upstreams:
                  - {name: sim, host: 127.0.0.1, port: %d, system-id: ringway, password: sim-pass}
                """.formatted(TestNodes.freePort(), TestNodes.freePort(), data.toString().replace('\\', '/'),
                simulatorPort, registry.url(), PasswordHasher.hash(TestNodes.PASSWORD, 1000),
                PasswordHasher.hash(TestNodes.API_KEY, 1000), RETAIL_NUMBER, simulatorPort));
    }

    @Test
    void shouldLetTheRegistryDecideCommercialMessagesOfAnIntegratorBrand() throws Exception {
        try (FakeConsentRegistry registry = new FakeConsentRegistry()
                .holds("SHOPRETAIL", ALICE, "OPT_IN", "2026-01-01T10:00:00Z")
                .holds("SHOPRETAIL", BOB, "OPT_OUT", "2026-01-02T10:00:00Z")
                .holds("SHOPRETAIL", EVE, "OPT_IN", "2026-01-03T10:00:00Z");
             RingwayNode node = new RingwayNode(config(registry, TestNodes.freePort())).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), "demo", TestNodes.PASSWORD)) {

            assertThat(customer.submitAs("RETAIL", "CMR", ALICE, "Kampanya")).as("opted in at the registry")
                    .matches("[0-9a-f]{16}");
            assertThat(refusal(customer, BOB)).as("opted out at the registry").isEqualTo(0x402);
            assertThat(refusal(customer, CAROL)).as("unknown to the registry").isEqualTo(0x401);
            assertThat(customer.submitAs("RETAIL", "CMR", ALICE, "Kampanya 2")).matches("[0-9a-f]{16}");
            assertThat(registry.lookups()).as("the second message to Alice used the cached answer")
                    .containsExactly("SHOPRETAIL/" + ALICE, "SHOPRETAIL/" + BOB, "SHOPRETAIL/" + CAROL);
            assertThat(customer.submitAs("RETAIL", "OTP", DAVE, "Kod 1234")).as("OTPs never ask")
                    .matches("[0-9a-f]{16}");

            registry.down(true);
            assertThat(refusal(customer, DAVE)).as("registry down: fail closed").isEqualTo(0x403);
            registry.down(false);

            await(() -> node.simulator().sendMobileOriginated(ALICE, RETAIL_NUMBER, "STOP"));
            await(() -> node.engine().counters().optOutReplies.get() == 1);
            assertThat(refusal(customer, ALICE)).as("opt-out by reply beats the cached opt-in").isEqualTo(0x402);
            await(() -> registry.pushed().size() == 1);
            JsonNode pushed = registry.pushed().get(0);
            assertThat(pushed.get("brand").asText()).isEqualTo("SHOPRETAIL");
            assertThat(pushed.get("msisdn").asText()).isEqualTo(ALICE);
            assertThat(pushed.get("status").asText()).isEqualTo("OPT_OUT");
            assertThat(pushed.get("source").asText()).isEqualTo("SMS");
            assertThat(node.engine().counters().consentCacheHits.get()).isEqualTo(2);

            HttpClients.Answer http = new HttpClients(node.httpPort()).post("/api/v1/messages", TestNodes.API_KEY,
                    "{\"from\": \"RETAIL\", \"to\": [\"+" + EVE + "\", \"+" + FRANK
                            + "\"], \"text\": \"Kampanya\", \"type\": \"commercial\"}");
            assertThat(http.status()).as("HTTP answered once the registry decided both").isEqualTo(202);
            JsonNode messages = http.json().get("messages");
            assertThat(messages.get(0).get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(messages.get(1).get("status").asText()).isEqualTo("REJECTED");
            assertThat(messages.get(1).get("error").get("code").asText()).isEqualTo("NO_CONSENT");
        }
    }

    @Test
    void shouldPushRegistryModeChangesAndPushThemAgainAfterARestartWhileTheRegistryWasDown() throws Exception {
        int simulatorPort = TestNodes.freePort();
        try (FakeConsentRegistry registry = new FakeConsentRegistry()) {
            registry.down(true);
            RingwayConfig config = config(registry, simulatorPort);
            try (RingwayNode node = new RingwayNode(config).start()) {
                node.engine().importConsents(new StringReader("""
                        msisdn,brand,status,date,source,type
                        %s,SHOP,OPT_IN,2026-01-01,WEB,INDIVIDUAL
                        %s,SHOP,OPT_IN,2026-01-01,WEB,INDIVIDUAL
                        %s,SHOP,OPT_OUT,2026-02-01,CALL_CENTRE,INDIVIDUAL
                        """.formatted(ALICE, BOB, BOB)), "demo", rows -> { });
                assertThat(node.engine().counters().consentPushAcks.get()).isZero();
            }
            assertThat(registry.pushed()).as("down the whole time").isEmpty();

            registry.down(false);
            try (RingwayNode node = new RingwayNode(config).start()) {
                await(() -> registry.pushed().size() == 2);
                List<String> records = registry.pushed().stream()
                        .map(record -> record.get("msisdn").asText() + " " + record.get("status").asText()).toList();
                assertThat(records).as("the standing consent of each recipient, in change order")
                        .containsExactly(ALICE + " OPT_IN", BOB + " OPT_OUT");
                try (JsmppCustomer customer = new JsmppCustomer(node.smppPort(), "demo", TestNodes.PASSWORD)) {
                    assertThat(customer.submitAs("SHOP", "CMR", ALICE, "Kampanya")).matches("[0-9a-f]{16}");
                    assertThat(refusal(customer, "SHOP", BOB)).isEqualTo(0x402);
                }
                assertThat(registry.lookups()).as("registry mode decides locally").isEmpty();
                await(() -> node.engine().counters().consentPushAcks.get() == registry.pushRequests());
            }
            try (RingwayNode node = new RingwayNode(config).start()) {
                assertThat(node.recovery()).isNotNull();
                Thread.sleep(500);
                assertThat(registry.pushed()).as("acknowledged pushes are not sent again").hasSize(2);
            }
        }
    }

    private static int refusal(JsmppCustomer customer, String destination) {
        return refusal(customer, "RETAIL", destination);
    }

    private static int refusal(JsmppCustomer customer, String sender, String destination) {
        return catchThrowableOfType(() -> customer.submitAs(sender, "CMR", destination, "Kampanya"),
                NegativeResponseException.class).getCommandStatus();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
