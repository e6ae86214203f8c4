package io.ringway.server;

import io.ringway.config.ConfigLoader;
import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account's {@code max-tps} is one budget for SMPP and HTTP together: the node's two interfaces draw from the
 * same bucket, so alternating between them gains nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedRateLimitSystemTest {
    private static final int MAX_TPS = 5;
    private static final int THROTTLED = 0x58;

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
    void shouldHoldAnAccountToItsMaxTpsAcrossSmppAndHttpTogether() throws Exception {
        String yaml = TestNodes.httpYaml(data, 0, 0, TestNodes.freePort(), "50ms", "")
                .replace("  - system-id: demo\n", "  - system-id: demo\n    max-tps: " + MAX_TPS + "\n");
        node = new RingwayNode(ConfigLoader.parse("test.yaml", yaml)).start();
        HttpClients http = new HttpClients(node.httpPort());
        try (JsmppCustomer smpp = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            long began = System.nanoTime();
            int smppAccepted = 0;
            int httpAccepted = 0;
            for (int i = 0; i < 20; i++) {
                smppAccepted += smppSubmit(smpp, i) ? 1 : 0;
                httpAccepted += httpSubmit(http, i) ? 1 : 0;
            }
            long elapsedNanos = System.nanoTime() - began;

            long refilled = elapsedNanos / (TimeUnit.SECONDS.toNanos(1) / MAX_TPS);
            assertThat(smppAccepted + httpAccepted).isBetween(MAX_TPS, MAX_TPS + (int) refilled);
            assertThat(smppAccepted).as("SMPP accepted").isPositive();
            assertThat(httpAccepted).as("HTTP accepted").isPositive();

            Thread.sleep(1_000);
            assertThat(http.post("/api/v1/messages", TestNodes.API_KEY, body(MAX_TPS)).status()).isEqualTo(202);
            assertThat(smppSubmit(smpp, 99)).as("SMPP right after HTTP took the whole second").isFalse();
        }
    }

    private static boolean smppSubmit(JsmppCustomer smpp, int i) throws Exception {
        try {
            smpp.submit("905321234567", "smpp " + i);
            return true;
        } catch (NegativeResponseException refused) {
            assertThat(refused.getCommandStatus()).as("SMPP submission %d", i).isEqualTo(THROTTLED);
            return false;
        }
    }

    private static boolean httpSubmit(HttpClients http, int i) {
        HttpClients.Answer answer = http.post("/api/v1/messages", TestNodes.API_KEY, body(1));
        if (answer.status() == 202) {
            return true;
        }
        assertThat(answer.status()).as("HTTP submission %d", i).isEqualTo(429);
        assertThat(answer.errorCode()).isEqualTo("RATE_LIMITED");
        return false;
    }

    private static String body(int recipients) {
        StringBuilder to = new StringBuilder();
        for (int i = 0; i < recipients; i++) {
            to.append(i == 0 ? "" : ",").append("\"90532123456").append(i).append('"');
        }
        return "{\"from\":\"RINGWAY\",\"to\":[" + to + "],\"text\":\"shared bucket\"}";
    }
}
