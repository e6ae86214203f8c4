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

    @Test
    void shouldCancelAScheduledMessageAndReportItDeleted() throws Exception {
        try (RingwayNode node = new RingwayNode(TestNodes.config(data, TestNodes.freePort(), TestNodes.freePort(),
                true, "10ms")).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            String id = customer.submitScheduled("905321234567", "Tomorrow", "000001000000000R");
            String sent = customer.submit("905321234568", "Now");

            customer.cancel(id, "905321234567");

            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!customer.receipts.containsKey(id) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(customer.receiptStates.get(id)).as("message_state DELETED").isEqualTo((byte) 4);
            assertThat(customer.receipts.get(id)).contains("stat:DELETED");
            assertThat(customer.query(id).getMessageState()).isEqualTo(org.jsmpp.bean.MessageState.DELETED);
            assertThat(cancelRefusal(customer, id)).as("cancelled already").isEqualTo(0x11);
            assertThat(cancelRefusal(customer, sent)).as("sent at once").isEqualTo(0x11);
            assertThat(cancelRefusal(customer, "00000000000fffff")).as("never issued").isEqualTo(0x11);
            assertThat(cancelRefusal(customer, "not-an-id")).isEqualTo(0x0C);
            assertThat(node.simulator().submitsReceived()).as("only the one sent at once").isEqualTo(1);
        }
    }

    @Test
    void shouldReplaceAScheduledMessageWithReplaceIfPresentAndReportItDeleted() throws Exception {
        try (RingwayNode node = new RingwayNode(TestNodes.config(data, TestNodes.freePort(), TestNodes.freePort(),
                true, "10ms")).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            String first = customer.submitScheduled("905321234567", "Code 1111", "000001000000000R");
            String other = customer.submitScheduled("905321234568", "Code 3333", "000001000000000R", true);

            String second = customer.submitScheduled("905321234567", "Code 2222", "000001000000000R", true);

            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!customer.receipts.containsKey(first) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(customer.receipts.get(first)).contains("stat:DELETED");
            assertThat(customer.query(first).getMessageState()).isEqualTo(org.jsmpp.bean.MessageState.DELETED);
            assertThat(customer.query(second).getMessageState()).isEqualTo(org.jsmpp.bean.MessageState.ENROUTE);
            assertThat(customer.query(other).getMessageState()).as("another destination")
                    .isEqualTo(org.jsmpp.bean.MessageState.ENROUTE);
            assertThat(node.engine().counters().replaced.get()).isEqualTo(1);
        }
    }

    private static int cancelRefusal(JsmppCustomer customer, String messageId) {
        return catchThrowableOfType(() -> customer.cancel(messageId, "905321234567"),
                NegativeResponseException.class).getCommandStatus();
    }

    private static int refusal(JsmppCustomer customer, String schedule) {
        return catchThrowableOfType(() -> customer.submitScheduled("905321234569", "x", schedule),
                NegativeResponseException.class).getCommandStatus();
    }
}
