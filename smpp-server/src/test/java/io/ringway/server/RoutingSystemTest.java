package io.ringway.server;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.config.SimulatorConfig;
import io.ringway.connectors.simulator.SmscSimulator;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.message.TextEncoding;
import org.jsmpp.bean.Alphabet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing over two misbehaving upstream SMSCs, end to end: a weighted route splits traffic between a simulator
 * that answers ESME_RTHROTTLED above its rate and one that drops its connection every few submissions (its single
 * bind then reports the upstream down, and the route fails over to the other). Every accepted message, long ones
 * included, must reach an SMSC exactly once per part and come back to the jSMPP customer as exactly one receipt.
 */
@Timeout(150)
class RoutingSystemTest {
    private static final int SHORT_MESSAGES = 300;
    private static final int LONG_MESSAGES = 5;
    /** 400 GSM characters with escape pairs: 3 parts of at most 153 septets. */
    private static final String GSM_TEXT = "a".repeat(152) + "€[" + "b".repeat(200) + "]" + "c".repeat(45);
    /** 150 Turkish characters: UCS-2, 3 parts of at most 67 characters. */
    private static final String TURKISH_TEXT = "Şişli'de ağır İşçi ğüşöç ".repeat(6);

    @TempDir
    Path data;

    @Test
    void shouldDeliverEveryAcceptedMessageExactlyOncePerPartThroughAThrottlingAndADroppingSmsc() throws Exception {
        assertThat(GSM_TEXT).hasSize(400);
        assertThat(TURKISH_TEXT).hasSize(150);
        try (SmscSimulator throttling = new SmscSimulator(simulator(25, 0)).start();
             SmscSimulator dropping = new SmscSimulator(simulator(0, 40)).start();
             RingwayNode node = new RingwayNode(config(throttling.port(), dropping.port())).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {

            Set<String> ids = new HashSet<>();
            for (int i = 0; i < SHORT_MESSAGES; i++) {
                ids.add(customer.submit("9053212" + String.format("%05d", i), "Your code is " + i));
            }
            for (int i = 0; i < LONG_MESSAGES; i++) {
                ids.add(customer.submitPayload("905321299" + i, TextEncoding.encode(GSM_TEXT, TextEncoding.GSM),
                        Alphabet.ALPHA_DEFAULT));
                ids.add(customer.submitPayload("905321288" + i, TextEncoding.encode(TURKISH_TEXT, TextEncoding.UCS2),
                        Alphabet.ALPHA_UCS2));
            }
            assertThat(ids).hasSize(SHORT_MESSAGES + 2 * LONG_MESSAGES);

            SubmitAndReceiptSystemTest.awaitReceipts(customer, ids.size());
            Thread.sleep(500); // a duplicate receipt would arrive within this
            assertThat(customer.receipts.keySet()).isEqualTo(ids);
            assertThat(customer.receiptCount.get()).as("one receipt per message").isEqualTo(ids.size());
            assertThat(customer.receiptStates.values()).as("every part delivered").containsOnly((byte) 2);

            long parts = SHORT_MESSAGES + 2L * LONG_MESSAGES * 3;
            assertThat(throttling.submitsAccepted() + dropping.submitsAccepted()).as("each part once").isEqualTo(parts);
            assertThat(throttling.submitsThrottled()).as("the throttling SMSC pushed back").isPositive();
            assertThat(dropping.submitsAccepted()).as("the weighted route used both").isPositive();
            assertThat(throttling.submitsAccepted()).isPositive();
            List<byte[]> headers = new ArrayList<>(throttling.concatenationHeaders());
            assertWholeMessages(throttling.concatenationHeaders());
            assertWholeMessages(dropping.concatenationHeaders());
            headers.addAll(dropping.concatenationHeaders());
            assertThat(headers).hasSize(2 * LONG_MESSAGES * 3);
        }
    }

    /** Every concatenation reference of one SMSC came as parts 1..3 of 3, once each (3GPP TS 23.040 §9.2.3.24.1). */
    private static void assertWholeMessages(List<byte[]> headers) {
        Map<Integer, Set<Integer>> partsByReference = new HashMap<>();
        for (byte[] header : headers) {
            assertThat(new byte[]{header[0], header[1], header[2], header[4]}).containsExactly(0x05, 0x00, 0x03, 0x03);
            assertThat(partsByReference.computeIfAbsent(header[3] & 0xFF, ref -> new HashSet<>()).add((int) header[5]))
                    .as("part sent once").isTrue();
        }
        partsByReference.values().forEach(parts -> assertThat(parts).containsExactlyInAnyOrder(1, 2, 3));
    }

    private static SimulatorConfig simulator(int throttlePerSecond, int dropAfter) {
        return new SimulatorConfig(true, "127.0.0.1", 0, "ringway", "sim-pass", Duration.ZERO, Duration.ofMillis(20),
                Map.of("DELIVRD", 1), throttlePerSecond, dropAfter, 7);
    }

    private RingwayConfig config(int throttlingPort, int droppingPort) {
        return ConfigLoader.parse("routing-test.yaml", """
                smpp:
                  port: %d
                http:
                  enabled: false
                journal:
                  directory: %s
                ring:
                  size: 4096
                simulator:
                  enabled: false
                price-lists:
                  - name: standard
                    prefixes: {"90": "0.0125"}
                accounts:
                  - system-id: %s
                    password-hash: %s
                    price-list: standard
                    balance: "1000.00"
                upstreams:
                  - {name: throttling, host: 127.0.0.1, port: %d, system-id: ringway, password: sim-pass, binds: 2,
                     costs: {"90": "0.0050"}}
                  - {name: dropping, host: 127.0.0.1, port: %d, system-id: ringway, password: sim-pass, binds: 1,
                     reconnect-min: 20ms, reconnect-max: 200ms, costs: {"90": "0.0040"}}
                routes:
                  - prefix: "90"
                    strategy: weighted
                    upstreams: [{name: throttling, weight: 1}, {name: dropping, weight: 1}]
                """.formatted(TestNodes.freePort(), data.toString().replace("\\", "/"), TestNodes.SYSTEM_ID,
                PasswordHasher.hash(TestNodes.PASSWORD, 1000), throttlingPort, droppingPort));
    }
}
