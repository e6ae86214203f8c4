package io.ringway.server;

import io.ringway.config.Money;
import io.ringway.engine.billing.Wallet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customers pay for what was delivered: over SMPP, against the simulator answering with a mix of DELIVRD and
 * UNDELIV receipts, the balance afterwards is the opening balance minus the prices of delivered messages only.
 */
@Timeout(120)
class BillingSystemTest {
    private static final int MESSAGES = 300;
    /** Price of one single-segment message to a 905... number in the test price list. */
    private static final long PRICE = 10_000;

    @TempDir
    Path data;

    @Test
    void shouldChargeDeliveredMessagesAndRefundUndeliveredOnes() throws Exception {
        RingwayNode node = new RingwayNode(TestNodes.config(data, TestNodes.freePort(), TestNodes.freePort(), true,
                "10ms")).start();
        Set<String> ids = new HashSet<>();
        try (JsmppCustomer customer = new JsmppCustomer(node.smppPort(), TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
            for (int i = 0; i < MESSAGES; i++) {
                ids.add(customer.submit("90532" + (1_000_000 + i), "code " + i));
            }
            SubmitAndReceiptSystemTest.awaitReceipts(customer, MESSAGES);
            assertThat(customer.receipts.keySet()).isEqualTo(ids);
            long delivered = customer.receiptStates.values().stream().filter(state -> state == 2).count();
            long undelivered = customer.receiptStates.values().stream().filter(state -> state == 5).count();
            assertThat(delivered + undelivered).isEqualTo(MESSAGES);
            assertThat(undelivered).as("the simulator's mix includes failures").isPositive();

            node.close(); // the ledger belongs to the business-logic thread: read it once the ring has stopped
            Wallet wallet = node.engine().businessLogic().ledger().wallet(TestNodes.SYSTEM_ID);
            assertThat(wallet.balance()).isEqualTo(Money.parse(TestNodes.OPENING_BALANCE) - delivered * PRICE);
            assertThat(wallet.refunded()).isEqualTo(undelivered * PRICE);
        } finally {
            node.close();
        }
    }
}
