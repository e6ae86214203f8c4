package io.ringway.server.smpp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptWindowTest {
    private final ReceiptWindow window = new ReceiptWindow(2);

    @Test
    void shouldReserveNoMoreSlotsThanItsCapacity() {
        assertThat(window.tryReserve()).isTrue();
        assertThat(window.tryReserve()).isTrue();
        assertThat(window.tryReserve()).isFalse();

        window.release();

        assertThat(window.tryReserve()).isTrue();
    }

    @Test
    void shouldMatchAnAnswerToTheReceiptSentUnderItsSequenceNumberOnce() {
        window.tryReserve();
        window.sent(7, 1234, 1, 0);

        assertThat(window.answered(8)).isEqualTo(ReceiptWindow.NONE);
        assertThat(window.answered(7)).isEqualTo(1234);
        assertThat(window.answered(7)).isEqualTo(ReceiptWindow.NONE);
    }

    @Test
    void shouldKeepTheSlotOfAnAnsweredReceiptUntilItIsReleased() {
        window.tryReserve();
        window.tryReserve();
        window.sent(1, 100, 1, 0);

        window.answered(1);

        assertThat(window.tryReserve()).isFalse();
    }

    @Test
    void shouldExpireOnlyReceiptsSentBeforeTheDeadline() {
        window.tryReserve();
        window.tryReserve();
        window.sent(1, 100, 1, 1_000);
        window.sent(2, 200, 1, 5_000);

        int expired = window.expire(2_000);

        assertThat(expired).isEqualTo(1);
        assertThat(window.answered(1)).isEqualTo(ReceiptWindow.NONE);
        assertThat(window.answered(2)).isEqualTo(200);
        assertThat(window.tryReserve()).isTrue();
        assertThat(window.tryReserve()).isFalse();
    }
}
