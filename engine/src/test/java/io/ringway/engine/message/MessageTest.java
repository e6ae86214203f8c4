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

    private static Message threeParts() {
        Message message = new Message(1L, "demo", Channel.SMPP, MessageType.TRANSACTIONAL, "RINGWAY", (byte) 5,
                (byte) 0, "905321234567", (byte) 1, (byte) 1, (byte) 0, TextEncoding.GSM, (byte) 1,
                new byte[400], 0L, "up");
        message.rated(3, 0L);
        return message;
    }
}
