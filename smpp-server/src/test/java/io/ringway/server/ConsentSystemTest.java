package io.ringway.server;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.PasswordHasher;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Consent over SMPP: commercial messages (service_type CMR) reach opted-in recipients only; a recipient who replies
 * STOP through the SMSC is opted out at once and the next commercial message to them is refused.
 */
@Timeout(120)
class ConsentSystemTest {
    private static final String OPTED_IN = "905321111111";
    private static final String OPTED_OUT = "905322222222";
    private static final String UNKNOWN = "905323333333";
    private static final String BRAND_NUMBER = "905550000000";

    @TempDir
    Path data;

    @Test
    void shouldSendCommercialMessagesOnlyWithConsentAndHonourAnOptOutReply() throws Exception {
        int simulatorPort = TestNodes.freePort();
        RingwayConfig config = ConfigLoader.parse("consent.yaml", """
                smpp: {port: %d}
                http: {enabled: false}
                journal: {directory: "%s"}
                simulator: {enabled: true, port: %d, receipt-delay: 10ms, outcomes: {DELIVRD: 1}}
                accounts:
                  - system-id: demo
                    password-hash: "%s"
                    senders: [RINGWAY]
                    brands:
                      - {name: RINGWAY, numbers: ["%s"]}
                upstreams:
                  - {name: sim, host: 127.0.0.1, port: %d, system-id: ringway, password: sim-pass}
                """.formatted(TestNodes.freePort(), data.toString().replace('\\', '/'), simulatorPort,
                PasswordHasher.hash(TestNodes.PASSWORD, 1000), BRAND_NUMBER, simulatorPort));
        try (RingwayNode node = new RingwayNode(config).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), "demo", TestNodes.PASSWORD)) {
            node.engine().importConsents(new StringReader("""
                    msisdn,brand,status,date,source,type
                    %s,RINGWAY,OPT_IN,2026-01-01,WEB,INDIVIDUAL
                    %s,RINGWAY,OPT_IN,2026-01-01,WEB,INDIVIDUAL
                    %s,RINGWAY,OPT_OUT,2026-02-01,CALL_CENTRE,INDIVIDUAL
                    """.formatted(OPTED_IN, OPTED_OUT, OPTED_OUT)), "demo", rows -> { });

            assertThat(customer.submit("CMR", OPTED_IN, "Kampanya")).matches("[0-9a-f]{16}");
            assertThat(refusal(customer, OPTED_OUT)).as("opted out").isEqualTo(0x402);
            assertThat(refusal(customer, UNKNOWN)).as("no consent").isEqualTo(0x401);
            assertThat(customer.submit("OTP", OPTED_OUT, "Kodunuz 1234")).as("OTPs need no consent").matches("[0-9a-f]{16}");
            NegativeResponseException sender = catchThrowableOfType(
                    () -> customer.submitAs("BANK", "OTP", OPTED_IN, "x"), NegativeResponseException.class);
            assertThat(sender.getCommandStatus()).as("ESME_RINVSRCADR").isEqualTo(0x0A);

            awaitTrue(() -> node.simulator().sendMobileOriginated(OPTED_IN, BRAND_NUMBER, "STOP"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (node.engine().counters().optOutReplies.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(node.engine().counters().optOutReplies.get()).isEqualTo(1);
            assertThat(refusal(customer, OPTED_IN)).as("opted out by reply").isEqualTo(0x402);
        }
    }

    private static int refusal(JsmppCustomer customer, String destination) {
        return catchThrowableOfType(() -> customer.submit("CMR", destination, "Kampanya"),
                NegativeResponseException.class).getCommandStatus();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
