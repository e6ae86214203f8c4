package io.ringway.engine.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTest {
    @Test
    void shouldFinishEveryPartAcknowledgedUnderTheReceiptsIdWhenAProviderAcknowledgedTheWholeMessageOnce() {
        Message message = threeParts();
        message.partAcknowledged(0, "whole");
        message.partAcknowledged(1, "whole");
        message.partAcknowledged(2, "whole");

        assertThat(message.partsFinished("whole", MessageState.DELIVERED, 0, 42L)).isTrue();
        assertThat(message.combinedState()).isEqualTo(MessageState.DELIVERED);
        assertThat(message.combinedDoneAt()).isEqualTo(42L);
        assertThat(message.partsFinished("whole", MessageState.UNDELIVERABLE, 1, 43L)).isFalse();
        assertThat(message.combinedState()).isEqualTo(MessageState.DELIVERED);
    }

    @Test
    void shouldFinishOnlyThePartOfItsOwnIdWhenEachPartHasOne() {
        Message message = threeParts();
        message.partAcknowledged(0, "a");
        message.partAcknowledged(1, "b");
        message.partAcknowledged(2, "c");

        assertThat(message.partsFinished("b", MessageState.UNDELIVERABLE, 7, 10L)).isFalse();
        assertThat(message.partsFinished("unknown", MessageState.DELIVERED, 0, 11L)).isFalse();
        assertThat(message.partsFinished("a", MessageState.DELIVERED, 0, 12L)).isFalse();
        assertThat(message.partsFinished("c", MessageState.DELIVERED, 0, 13L)).isTrue();
        assertThat(message.combinedState()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(message.combinedError()).isEqualTo(7);
    }

    @Test
    void shouldMatchANumericFirstPartIdOnlyInTheFormItWasAcknowledgedIn() {
        Message message = threeParts();
        message.partAcknowledged(0, "00ff");
        message.partAcknowledged(1, "4711");
        message.partAcknowledged(2, "x-1");
        assertThat(message.partAcknowledged(0, "00ff")).as("answered twice").isFalse();
        assertThat(message.upstreamMessageId()).isEqualTo("00ff");
        assertThat(message.firstPartForm()).isNotNegative();
        assertThat(message.firstPartValue()).isEqualTo(255L);

        for (String other : new String[]{"ff", "00FF", "0255", "255", null}) {
            assertThat(message.partsFinished(other, MessageState.DELIVERED, 0, 1L)).as(other).isFalse();
        }
        assertThat(message.partDone(0)).isFalse();
        assertThat(message.partsFinished("00ff", MessageState.DELIVERED, 0, 2L)).isFalse();
        assertThat(message.partsFinished("4711", MessageState.DELIVERED, 0, 3L)).isFalse();
        assertThat(message.partsFinished("x-1", MessageState.EXPIRED, 4, 4L)).isTrue();
        assertThat(message.combinedState()).isEqualTo(MessageState.EXPIRED);
        assertThat(message.combinedDoneAt()).isEqualTo(4L);
    }

    @Test
    void shouldTakeTheOutcomeOfASinglePartAsTheMessagesOwn() {
        Message message = new Message(2L, "demo", Channel.SMPP, MessageType.OTP, "RINGWAY", (byte) 5, (byte) 0,
                "905321234567", (byte) 1, (byte) 1, (byte) 0, TextEncoding.GSM, (byte) 1, new byte[20], 0L, "up");
        message.rated(1, 10_000L);
        message.dispatched("1234");
        assertThat(message.combinedState()).isNull();
        assertThat(message.combinedError()).isZero();
        assertThat(message.combinedDoneAt()).isZero();

        assertThat(message.partsFinished("1234", MessageState.UNDELIVERABLE, 11, 7L)).isTrue();
        assertThat(message.partsFinished("1234", MessageState.DELIVERED, 0, 8L)).isFalse();
        assertThat(message.combinedState()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(message.combinedError()).isEqualTo(11);
        assertThat(message.combinedDoneAt()).isEqualTo(7L);
    }

    private static Message threeParts() {
        Message message = new Message(1L, "demo", Channel.SMPP, MessageType.TRANSACTIONAL, "RINGWAY", (byte) 5,
                (byte) 0, "905321234567", (byte) 1, (byte) 1, (byte) 0, TextEncoding.GSM, (byte) 1,
                new byte[400], 0L, "up");
        message.rated(3, 0L);
        return message;
    }
}
