package io.ringway.engine.message;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptDeadlinesTest {
    private final ReceiptDeadlines deadlines = new ReceiptDeadlines();

    private static Message message(long id) {
        Message message = new Message(id, "a", Channel.SMPP, MessageType.OTP, "S", (byte) 0, (byte) 0, "905321234567",
                (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 1, new byte[]{1}, 0, "up");
        message.dispatched("U" + id);
        return message;
    }

    @Test
    void shouldExpireMessagesWhoseDeadlinePassedInDeadlineOrderAcrossTimeouts() {
        Message first = message(1);
        Message second = message(2);
        Message slow = message(3);
        Message fast = message(4);
        deadlines.track(first, 0, 100);
        deadlines.track(second, 10, 100);
        deadlines.track(slow, 20, 1_000);
        deadlines.track(fast, 30, 50);
        List<Long> expired = new ArrayList<>();

        deadlines.expire(105, message -> expired.add(message.id()));
        assertThat(expired).containsExactlyInAnyOrder(1L, 4L);
        deadlines.expire(2_000, message -> expired.add(message.id()));
        assertThat(expired).containsExactlyInAnyOrder(1L, 4L, 2L, 3L);
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void shouldForgetAMessageWhoseReceiptCameFromAnyPlaceInItsQueue() {
        Message[] messages = {message(1), message(2), message(3), message(4)};
        for (Message message : messages) {
            deadlines.track(message, 0, 100);
        }
        deadlines.forget(messages[1]);
        deadlines.forget(messages[0]);
        deadlines.forget(messages[3]);
        deadlines.forget(messages[3]);
        List<Long> expired = new ArrayList<>();
        deadlines.expire(100, message -> expired.add(message.id()));
        assertThat(expired).containsExactly(3L);
        assertThat(deadlines.size()).isZero();
    }
}
