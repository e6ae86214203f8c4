package io.ringway.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core message path end to end, driven by jSMPP (an SMPP implementation the team did not write): submit_sm
 * in, journal, business logic, upstream bind to the simulator SMSC, receipt back, deliver_sm to the customer.
 */
@Timeout(120)
class SubmitAndReceiptSystemTest {
    private static final int MESSAGES = 1_000;

    @TempDir
    Path data;

    @Test
    void shouldAnswerEverySubmissionAndForwardExactlyOneMatchingReceiptForEach() throws Exception {
        try (RingwayNode node = new RingwayNode(TestNodes.config(data, TestNodes.freePort(), TestNodes.freePort(),
                true, "20ms")).start();
             JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {

            Set<String> ids = ConcurrentHashMap.newKeySet();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> batches = new ArrayList<>();
            for (int sender = 0; sender < 4; sender++) {
                int first = sender * (MESSAGES / 4);
                batches.add(senders.submit(() -> {
                    for (int i = first; i < first + MESSAGES / 4; i++) {
                        ids.add(customer.submit("9053212" + String.format("%05d", i), "Your code is " + i));
                    }
                    return null;
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
            senders.shutdown();

            assertThat(ids).hasSize(MESSAGES).allMatch(id -> id.matches("[0-9a-f]{16}"));
            awaitReceipts(customer, MESSAGES);
            assertThat(customer.receipts.keySet()).isEqualTo(ids);
            customer.receipts.forEach((id, text) -> {
                assertThat(text).startsWith("id:" + id + " sub:001 dlvrd:00").contains(" stat:").contains(" err:");
                byte state = customer.receiptStates.get(id);
                assertThat(text.contains("stat:DELIVRD")).isEqualTo(state == 2);
            });
            assertThat(customer.receiptStates.values()).as("the simulator's 9:1 mix reaches the customer")
                    .contains((byte) 2, (byte) 5);
        }
    }

    static void awaitReceipts(JsmppCustomer customer, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (customer.receipts.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
