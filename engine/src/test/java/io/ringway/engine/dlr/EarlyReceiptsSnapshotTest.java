package io.ringway.engine.dlr;

import io.ringway.engine.message.MessageState;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EarlyReceiptsSnapshotTest {
    private static final int CAPACITY = 500;
    private static final long HOLD_MILLIS = 1_000;

    private final EarlyReceipts original = new EarlyReceipts(CAPACITY);

    @Test
    void shouldClaimAndExpireTheSameReceiptsAfterRestore() throws IOException {
        fill();
        EarlyReceipts restored = restore(snapshot(original));
        assertThat(restored.size()).isEqualTo(original.size()).isEqualTo(CAPACITY);

        assertThat(restored.hold("smsc-a", "late", MessageState.DELIVERED, 0, 1, 1_000)).isFalse();
        for (int i = 0; i < 300; i += 3) {
            String upstream = i % 2 == 0 ? "smsc-a" : "smsc-b";
            assertThat(restored.take(upstream, "id-" + i)).isEqualTo(original.take(upstream, "id-" + i));
        }
        for (long now = 1_000; now <= 2_000; now += 50) {
            assertThat(restored.expire(now, HOLD_MILLIS)).isEqualTo(original.expire(now, HOLD_MILLIS));
            assertThat(restored.size()).isEqualTo(original.size());
            assertThat(restored.hold("smsc-a", "new-" + now, MessageState.EXPIRED, 1, now, now))
                    .isEqualTo(original.hold("smsc-a", "new-" + now, MessageState.EXPIRED, 1, now, now));
        }
        assertThat(snapshot(restored)).isEqualTo(snapshot(original));
    }

    @Test
    void shouldKeepAClaimedReceiptOutOfReachButCountedUntilItIsSwept() throws IOException {
        original.hold("smsc-a", "7", MessageState.DELIVERED, 0, 10, 100);
        original.take("smsc-a", "7");
        original.hold("smsc-a", "7", MessageState.UNDELIVERABLE, 5, 20, 200);
        EarlyReceipts restored = restore(snapshot(original));

        assertThat(restored.size()).isEqualTo(2);
        assertThat(restored.expire(1_100, HOLD_MILLIS)).isZero();
        assertThat(restored.size()).isEqualTo(1);
        assertThat(restored.take("smsc-a", "7"))
                .isEqualTo(new EarlyReceipts.Held("smsc-a", "7", MessageState.UNDELIVERABLE, 5, 20, 200));
    }

    @Test
    void shouldSweepAReceiptClaimedBeforeTheSnapshotOfAnUpstreamWithNoneWaiting() throws IOException {
        original.hold("smsc-b", "9", MessageState.DELIVERED, 0, 10, 100);
        original.take("smsc-b", "9");
        EarlyReceipts restored = restore(snapshot(original));

        assertThat(restored.expire(100 + HOLD_MILLIS, HOLD_MILLIS)).isZero();
        assertThat(restored.size()).isZero();
        assertThat(original.expire(100 + HOLD_MILLIS, HOLD_MILLIS)).isZero();
    }

    @Test
    void shouldWriteARestoredStateToTheSameBytes() throws IOException {
        fill();
        byte[] written = snapshot(original);

        assertThat(snapshot(restore(written))).isEqualTo(written);
        EarlyReceipts empty = new EarlyReceipts(CAPACITY);
        assertThat(snapshot(restore(snapshot(empty)))).isEqualTo(snapshot(empty));
    }

    @Test
    void shouldFailOnATruncatedOrDamagedSnapshot() throws IOException {
        fill();
        byte[] written = snapshot(original);

        assertThatThrownBy(() -> restore(Arrays.copyOf(written, written.length - 1)))
                .isInstanceOf(EOFException.class);
        byte[] damaged = written.clone();
        damaged[3] ^= 0x20;
        assertThatThrownBy(() -> restore(damaged)).isInstanceOf(SnapshotFormatException.class);
    }

    /**
     * Receipts held up to the capacity over two upstreams, ages rising; some claimed (they stay in the age queue
     * until swept) and one of those held again, so that a claimed receipt and a waiting one share an id.
     */
    private void fill() {
        for (int i = 0; i < CAPACITY - 1; i++) {
            String upstream = i % 2 == 0 ? "smsc-a" : "smsc-b";
            MessageState state = i % 5 == 0 ? MessageState.UNDELIVERABLE : MessageState.DELIVERED;
            assertThat(original.hold(upstream, "id-" + i, state, i % 5, i, i * 2L)).isTrue();
        }
        for (int i = 0; i < 200; i += 7) {
            assertThat(original.take(i % 2 == 0 ? "smsc-a" : "smsc-b", "id-" + i)).isNotNull();
        }
        assertThat(original.hold("smsc-a", "id-14", MessageState.REJECTED, 9, 5_000, 1_000)).isTrue();
    }

    private EarlyReceipts restore(byte[] snapshot) throws IOException {
        EarlyReceipts restored = new EarlyReceipts(CAPACITY);
        restored.readSnapshot(new SnapshotInput(new ByteArrayInputStream(snapshot)));
        return restored;
    }

    private static byte[] snapshot(EarlyReceipts receipts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        receipts.writeSnapshot(new SnapshotOutput(bytes));
        return bytes.toByteArray();
    }
}
