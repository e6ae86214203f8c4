package io.ringway.engine.ring;

import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.Status;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The output stage empties an event's output lists once it has read them, because a producer's claim no longer
 * does: the slot's next event must start with none of this one's receipts or dispatches, even when sending failed.
 */
class OutputHandlerTest {
    private final RecordingUpstream upstream = new RecordingUpstream("up");
    private final RecordingCustomers customers = new RecordingCustomers();
    private final OutputHandler output = new OutputHandler(new ResponseHandler(),
            new DispatchHandler(Map.of("up", upstream), customers, 60_000, new AtomicLong()));

    @Test
    void shouldEmptyTheOutputListsAfterSendingThem() {
        MessageEvent event = new MessageEvent();
        event.resetForClaim(EventKind.TIMER, 7, 1_000);
        event.dispatches.add(message(1));
        event.receipts.add(new CustomerReceipt(message(2), MessageState.DELIVERED, 0, 1_000));

        output.onEvent(event, 7, true);

        assertThat(upstream.submitted).extracting(Message::id).containsExactly(1L);
        assertThat(customers.receipts).extracting(CustomerReceipt::messageId).containsExactly(2L);
        assertThat(event.dispatches).isEmpty();
        assertThat(event.receipts).isEmpty();

        event.resetForClaim(EventKind.TIMER, 8, 2_000); // the next lap of the slot
        output.onEvent(event, 8, true);
        assertThat(upstream.submitted).hasSize(1);
        assertThat(customers.receipts).hasSize(1);
    }

    @Test
    void shouldOfferTheReceiptsOfEveryKindOfEventThatCanFinishMessages() {
        // SUBMIT (a scheduled message it replaced), UPSTREAM_STATE (held ones whose recipients opted out),
        // CONSENT_ANSWER (what the submissions it decided replaced), besides receipts, cancels and ticks.
        EventKind[] kinds = {EventKind.SUBMIT, EventKind.UPSTREAM_STATE, EventKind.CONSENT_ANSWER, EventKind.DLR,
                EventKind.UPSTREAM_ACK, EventKind.CANCEL, EventKind.TIMER};
        for (int i = 0; i < kinds.length; i++) {
            MessageEvent event = new MessageEvent();
            event.resetForClaim(kinds[i], 20 + i, 1_000);
            event.status = Status.OK;
            event.receipts.add(new CustomerReceipt(message(100 + i), MessageState.DELETED, 0, 1_000));
            output.onEvent(event, 20 + i, true);
        }

        assertThat(customers.receipts).extracting(CustomerReceipt::messageId)
                .containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L);
    }

    @Test
    void shouldEmptyThemWhenSendingFails() {
        MessageEvent event = new MessageEvent();
        event.resetForClaim(EventKind.UPSTREAM_STATE, 9, 1_000);
        event.status = Status.OK;
        event.dispatches.add(message(3));
        upstream.failOnNext = new IllegalStateException("connector broke");

        assertThatThrownBy(() -> output.onEvent(event, 9, true)).hasMessage("connector broke");
        assertThat(event.dispatches).isEmpty();
    }

    @Test
    void shouldClearAQueryAnswerOnceItIsAnswered() {
        MessageEvent event = new MessageEvent();
        event.resetForClaim(EventKind.QUERY, 10, 1_000);
        AtomicLong answeredBalance = new AtomicLong(-1);
        event.queryResponder = (correlation, answered) -> answeredBalance.set(answered.answer.balance);
        event.status = Status.OK;
        event.answer.found = true;
        event.answer.balance = 5_000_000;

        output.onEvent(event, 10, true);

        assertThat(answeredBalance).hasValue(5_000_000); // the responder read it first
        assertThat(event.answer.found).isFalse();
        assertThat(event.answer.balance).isZero();
    }

    private static Message message(long id) {
        Message message = new Message(id, "acme", Channel.SMPP, MessageType.OTP, "S", (byte) 0, (byte) 0,
                "905321234567", (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 1, new byte[]{'x'}, 0, null);
        message.routed("up", 0);
        return message;
    }
}
