package io.ringway.engine.dlr;

import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.MessageType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptOutboxTest {
    private static final long REOFFER_AFTER = 30_000;

    /** A customer with one session and a receipt window: takes receipts while it has room. */
    private static final class WindowedCustomer implements CustomerSink {
        final List<Long> sent = new ArrayList<>();
        int window;
        int outstanding;
        boolean bound = true;

        WindowedCustomer(int window) {
            this.window = window;
        }

        @Override
        public boolean deliver(CustomerReceipt receipt) {
            if (!bound || outstanding == window) {
                return false;
            }
            outstanding++;
            sent.add(receipt.messageId());
            return true;
        }
    }

    private final WindowedCustomer customer = new WindowedCustomer(3);
    private final ReceiptOutbox outbox = new ReceiptOutbox(customer, REOFFER_AFTER, new AtomicLong());

    private static CustomerReceipt receipt(long id, String account) {
        Message message = new Message(id, account, Channel.SMPP, MessageType.OTP, "S", (byte) 0, (byte) 0,
                "905321234567", (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 1, new byte[]{'x'}, 0, "up");
        return new CustomerReceipt(message, MessageState.DELIVERED, 0, 0);
    }

    @Test
    void shouldSendTheNextWaitingReceiptEachTimeTheCustomerAcknowledgesOne() {
        for (long id = 1; id <= 10; id++) {
            outbox.add(receipt(id, "acme"), 0);
        }
        assertThat(customer.sent).containsExactly(1L, 2L, 3L);
        for (long id = 1; id <= 10; id++) {
            customer.outstanding--;
            outbox.acknowledged(id, 1);
        }
        assertThat(customer.sent).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(outbox.size()).isZero();
    }

    @Test
    void shouldNotHoldUpOneWayOutBehindAnotherThatCannotTakeMore() {
        // Even ids go to SMPP sessions (none bound), odd ones to a callback receiver that takes them.
        List<Long> sent = new ArrayList<>();
        CustomerSink twoWays = new CustomerSink() {
            @Override
            public boolean deliver(CustomerReceipt receipt) {
                if (receipt.messageId() % 2 == 0) {
                    return false;
                }
                sent.add(receipt.messageId());
                return true;
            }

            @Override
            public int lane(CustomerReceipt receipt) {
                return (int) (receipt.messageId() % 2);
            }
        };
        ReceiptOutbox lanes = new ReceiptOutbox(twoWays, REOFFER_AFTER, new AtomicLong());

        for (long id = 2; id <= 7; id++) {
            lanes.add(receipt(id, "acme"), 0);
        }

        assertThat(sent).as("behind receipt 2, which waits for a session").containsExactly(3L, 5L, 7L);
        assertThat(lanes.size()).isEqualTo(6);
        lanes.tick(1);
        lanes.bound("acme", 2);
        assertThat(sent).containsExactly(3L, 5L, 7L);
    }

    @Test
    void shouldOweAReceiptOnceWhateverHowOftenItIsAdded() {
        customer.bound = false;
        CustomerReceipt first = receipt(1, "acme");
        outbox.add(first, 0);
        outbox.add(first, 0); // the same receipt again: it is already owed
        CustomerReceipt again = receipt(1, "acme");
        outbox.add(again, 0); // another receipt for the same message replaces the first
        outbox.add(receipt(2, "acme"), 0);
        assertThat(outbox.size()).isEqualTo(2);

        customer.bound = true;
        outbox.bound("acme", 1);
        assertThat(customer.sent).containsExactly(1L, 2L);

        customer.outstanding = 0;
        outbox.acknowledged(1, 2);
        outbox.acknowledged(2, 2);
        outbox.tick(REOFFER_AFTER * 2);
        assertThat(customer.sent).containsExactly(1L, 2L);
        assertThat(outbox.size()).isZero();
    }

    @Test
    void shouldRetryWaitingReceiptsOnEveryTickWhenRoomAppearsWithoutAnAcknowledgement() {
        for (long id = 1; id <= 5; id++) {
            outbox.add(receipt(id, "acme"), 0);
        }
        customer.outstanding = 0; // the customer refused them: its window freed, but nothing was acknowledged
        outbox.tick(1_000);
        assertThat(customer.sent).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void shouldTakeBackReceiptsHandedOverLongAgoAndOfferThemFirst() {
        for (long id = 1; id <= 4; id++) {
            outbox.add(receipt(id, "acme"), 0);
        }
        customer.outstanding = 0; // their session died
        outbox.bound("acme", REOFFER_AFTER - 1);
        assertThat(customer.sent).as("recent hand-overs are not repeated; the waiting one goes")
                .containsExactly(1L, 2L, 3L, 4L);
        customer.outstanding = 0;
        outbox.bound("acme", REOFFER_AFTER + 5);
        assertThat(customer.sent).containsExactly(1L, 2L, 3L, 4L, 1L, 2L, 3L);
    }

    @Test
    void shouldOfferAReceiptItsClosedSessionReturnedAtOnceAndFirst() {
        for (long id = 1; id <= 4; id++) {
            outbox.add(receipt(id, "acme"), 0);
        }
        customer.outstanding = 0; // the session that had 1-3 closed without answering; another took none yet

        outbox.returned(2, 1, 10);

        assertThat(customer.sent).as("2 goes before 4, long before the re-offer time")
                .containsExactly(1L, 2L, 3L, 2L, 4L);
        customer.outstanding = 0;
        outbox.acknowledged(2, 11);
        outbox.returned(2, 2, 12);
        outbox.returned(99, 1, 12);
        assertThat(customer.sent).as("an acknowledged or unknown receipt is not offered again")
                .containsExactly(1L, 2L, 3L, 2L, 4L);
        assertThat(outbox.size()).isEqualTo(3);
    }

    @Test
    void shouldIgnoreAReceiptReturnedFromAnOfferItWasTakenBackFromAndOfferedAgainSince() {
        outbox.add(receipt(1, "acme"), 0);
        customer.outstanding = 0; // the first session holds it, silent
        outbox.tick(REOFFER_AFTER + 5);
        assertThat(customer.sent).as("taken back and offered again").containsExactly(1L, 1L);

        outbox.returned(1, 1, REOFFER_AFTER + 6); // the first session closes now

        assertThat(customer.sent).as("the second offer stands: not sent a third time").containsExactly(1L, 1L);
        outbox.returned(1, 2, REOFFER_AFTER + 7); // the second session closes
        assertThat(customer.sent).containsExactly(1L, 1L, 1L);
    }

    @Test
    void shouldNotOfferAWaitingReceiptTwiceWhenItIsReturned() {
        customer.window = 1;
        outbox.add(receipt(1, "acme"), 0);
        outbox.add(receipt(2, "acme"), 0);

        outbox.returned(2, 1, 5);

        assertThat(customer.sent).containsExactly(1L);
        customer.outstanding = 0;
        outbox.acknowledged(1, 6);
        assertThat(customer.sent).containsExactly(1L, 2L);
    }

    @Test
    void shouldKeepReceiptsForAnAccountThatIsNotBoundAndSendThemWhenItBinds() {
        customer.bound = false;
        outbox.add(receipt(1, "acme"), 0);
        outbox.add(receipt(2, "other"), 0);
        assertThat(customer.sent).isEmpty();
        customer.bound = true;
        outbox.bound("acme", 10);
        assertThat(customer.sent).containsExactly(1L);
        outbox.acknowledged(99, 11);
        assertThat(outbox.size()).isEqualTo(2);
    }
}
