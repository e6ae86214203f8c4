package io.ringway.server;

import org.jsmpp.extra.NegativeResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * SMPP schedule_delivery_time (SMPP 3.4 §5.2.14): a scheduled submit_sm is answered at once, held by the engine
 * and sent upstream by the journaled timer at its time; a malformed or too distant one is refused ESME_RINVSCHED.
 */
@Timeout(60)
class SmppScheduledDeliverySystemTest {
    @TempDir
    Path data;

    @Test
    void shouldAnswerAScheduledSubmissionAtOnceAndSendItUpstreamAtItsTime() throws Exception {
        try (RingwayNode node = new RingwayNode(TestNodes.config(data, TestNodes.freePort(), TestNodes.freePort(),
                true, "10ms")).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            long submitted = System.nanoTime();
            String id = customer.submitScheduled("905321234567", "Later", "000000000003000R");
            assertThat(id).matches("[0-9a-f]{16}");
            assertThat(node.simulator().submitsReceived()).as("held until its time").isZero();

            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!customer.receipts.containsKey(id) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(customer.receipts).containsKey(id);
            assertThat(System.nanoTime() - submitted).as("not before the scheduled 3 s")
                    .isGreaterThanOrEqualTo(3_000_000_000L);
            assertThat(node.simulator().submitsReceived()).isEqualTo(1);

            String now = customer.submitScheduled("905321234568", "Past time", "200101000000000+");
            assertThat(now).as("an absolute time already reached means at once").matches("[0-9a-f]{16}");
            assertThat(refusal(customer, "00000000000300XR")).as("malformed").isEqualTo(0x61);
            assertThat(refusal(customer, "000008000000000R")).as("8 days ahead").isEqualTo(0x61);
        }
    }

    private static int refusal(JsmppCustomer customer, String schedule) {
        return catchThrowableOfType(() -> customer.submitScheduled("905321234569", "x", schedule),
                NegativeResponseException.class).getCommandStatus();
    }
}
