package io.ringway.engine.message;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiptDeadlinesSnapshotTest {
    private static final int MESSAGES = 2_000;
    private static final long[] TIMEOUTS = {60_000, 1_000, 3_600_000, 5_000};

    /** The messages of the original and of the restored state: equal content, separate objects. */
    private final MessageIdMap<Message> originals = messages();
    private final MessageIdMap<Message> copies = messages();
    private final ReceiptDeadlines original = new ReceiptDeadlines();

    @Test
    void shouldExpireTheSameMessagesInTheSameOrderAfterRestore() throws IOException {
        trackAndForget();
        ReceiptDeadlines restored = restore(snapshot(original));
        assertThat(restored.size()).isEqualTo(original.size());

        List<Long> fromOriginal = new ArrayList<>();
        List<Long> fromRestored = new ArrayList<>();
        for (long now = 0; now <= 4_000_000; now += 7_919) {
            afterRestore(original, originals, now);
            afterRestore(restored, copies, now);
            original.expire(now, message -> fromOriginal.add(message.id()));
            restored.expire(now, message -> fromRestored.add(message.id()));
            assertThat(fromRestored).isEqualTo(fromOriginal);
            assertThat(restored.size()).isEqualTo(original.size());
        }
        // 1,374 waiting at the snapshot, 150 tracked after it, 2 forgotten before their deadline.
        assertThat(fromOriginal).hasSize(1_522).doesNotHaveDuplicates();
        assertThat(restored.size()).isZero();
    }

    @Test
    void shouldExpireQueueByQueueInAscendingTimeoutOrderEachOldestFirst() throws IOException {
        original.track(originals.get(1), 0, 5_000);
        original.track(originals.get(2), 0, 1_000);
        original.track(originals.get(3), 10, 5_000);
        original.track(originals.get(4), 10, 1_000);
        ReceiptDeadlines restored = restore(snapshot(original));

        List<Long> expired = new ArrayList<>();
        restored.expire(10_000, message -> expired.add(message.id()));

        assertThat(expired).containsExactly(2L, 4L, 1L, 3L);
    }

    @Test
    void shouldNotWaitAfterRestoreForAMessageForgottenBefore() throws IOException {
        trackAndForget();
        ReceiptDeadlines restored = restore(snapshot(original));
        Message forgotten = copies.get(2);

        restored.forget(forgotten);

        assertThat(restored.size()).isEqualTo(original.size());
        assertThat(forgotten.deadlineQueue).isNull();
        assertThat(snapshot(restored)).isEqualTo(snapshot(original));
    }

    @Test
    void shouldWriteARestoredStateToTheSameBytes() throws IOException {
        trackAndForget();
        byte[] written = snapshot(original);

        assertThat(snapshot(restore(written))).isEqualTo(written);
        assertThat(snapshot(new ReceiptDeadlines())).isEqualTo(snapshot(restore(snapshot(new ReceiptDeadlines()))));
    }

    @Test
    void shouldFailOnATruncatedOrDamagedSnapshotOrAnUnknownMessage() throws IOException {
        trackAndForget();
        byte[] written = snapshot(original);

        assertThatThrownBy(() -> restore(Arrays.copyOf(written, written.length - 1)))
                .isInstanceOf(EOFException.class);
        byte[] damaged = written.clone();
        damaged[0] ^= 1;
        assertThatThrownBy(() -> restore(damaged)).isInstanceOf(SnapshotFormatException.class);
        assertThatThrownBy(() -> new ReceiptDeadlines().readSnapshot(input(written), id -> null))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("not in the snapshot");
    }

    /**
     * Every message joins one of four queues (timeouts in no particular order), dispatch times rising; a few
     * hundred leave again: heads, tails, middles, and the whole queue of one timeout.
     */
    private void trackAndForget() {
        for (long id = 1; id <= MESSAGES; id++) {
            original.track(originals.get(id), id * 10, TIMEOUTS[(int) (id % TIMEOUTS.length)]);
        }
        for (long id = 2; id <= MESSAGES; id += 16) {
            original.forget(originals.get(id));
        }
        for (long id = 1; id <= MESSAGES; id += TIMEOUTS.length) {
            if (id % 16 != 2) {
                original.forget(originals.get(id));
            }
        }
        original.forget(originals.get(MESSAGES));
        original.forget(originals.get(MESSAGES));
    }

    /**
     * Receipts and dispatches go on alike on both sides: to a timeout neither side had yet, to one that has
     * messages and to the one whose queue was emptied before the snapshot.
     */
    private static void afterRestore(ReceiptDeadlines deadlines, MessageIdMap<Message> messages, long now) {
        long step = now / 7_919;
        if (step < 50) {
            deadlines.forget(messages.get(3 + step * 8));
            deadlines.track(messages.get(MESSAGES + 1 + step), now, 2_000);
            deadlines.track(messages.get(MESSAGES + 101 + step), now, 60_000);
            deadlines.track(messages.get(MESSAGES + 151 + step), now, 1_000);
        }
    }

    private ReceiptDeadlines restore(byte[] snapshot) throws IOException {
        ReceiptDeadlines restored = new ReceiptDeadlines();
        restored.readSnapshot(input(snapshot), copies::get);
        return restored;
    }

    private static MessageIdMap<Message> messages() {
        MessageIdMap<Message> messages = new MessageIdMap<>(1 << 10);
        for (long id = 1; id <= MESSAGES + 200; id++) {
            messages.put(id, new Message(id, "a", Channel.SMPP, MessageType.OTP, "S", (byte) 0, (byte) 0,
                    "905321234567", (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 1, new byte[]{1}, 0, "up"));
        }
        return messages;
    }

    private static byte[] snapshot(ReceiptDeadlines deadlines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        deadlines.writeSnapshot(new SnapshotOutput(bytes));
        return bytes.toByteArray();
    }

    private static SnapshotInput input(byte[] bytes) {
        return new SnapshotInput(new ByteArrayInputStream(bytes));
    }
}
