package io.ringway.engine.message;

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

class FinishedMessagesSnapshotTest {
    /** More than one chunk, the last one short. */
    private static final int CAPACITY = FinishedMessages.CHUNK + 4_465;
    private static final MessageState[] FINAL = {MessageState.DELIVERED, MessageState.UNDELIVERABLE,
            MessageState.EXPIRED, MessageState.REJECTED, MessageState.UNKNOWN, MessageState.DELETED};

    private final FinishedMessages original = new FinishedMessages(CAPACITY);

    @Test
    void shouldAnswerEveryQueryAfterRestoreAsTheOriginal() throws IOException {
        recordMany(original);
        FinishedMessages restored = restore(snapshot(original));

        for (long id = 0; id <= 2 * CAPACITY + 10; id++) {
            assertSameAnswer(restored, id);
        }
        assertThat(restored.find(7)).isEqualTo(-1);
        assertThat(restored.find(7 + CAPACITY)).isEqualTo(7);
        assertThat(restored.reference(restored.find(7 + CAPACITY))).isNull();
        assertThat(restored.reference(restored.find(10 + CAPACITY))).isEqualTo("ref-" + (10 + CAPACITY));
    }

    @Test
    void shouldKeepWhenAScheduledMessageWasToBeSentAndReadAFormat3StoreWithout() throws IOException {
        FinishedMessages store = new FinishedMessages(CAPACITY);
        store.record(finished(9), false);
        store.record(finished(10), false);
        assertThat(store.sendAt(store.find(9))).isEqualTo(9 * 3 + 60_000);
        assertThat(store.sendAt(store.find(10))).isZero();

        // Format 3 wrote no send time: each entry ends after its reference.
        ByteArrayOutputStream format3 = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(format3);
        out.writeInt(FinishedMessages.MARKER);
        out.writeInt(CAPACITY);
        out.writeCount(1);
        out.writeLong(9);
        out.writeName("account-2");
        out.writeEnum(MessageState.DELIVERED);
        out.writeBoolean(false);
        out.writeInt(2);
        out.writeLong(9_000);
        out.writeLong(27);
        out.writeLong(527);
        out.writeInt(9);
        out.writeString("ref-9");
        FinishedMessages old = new FinishedMessages(CAPACITY);
        old.readSnapshot(new SnapshotInput(new ByteArrayInputStream(format3.toByteArray()), 3));
        assertThat(old.reference(old.find(9))).isEqualTo("ref-9");
        assertThat(old.sendAt(old.find(9))).isZero();
    }

    @Test
    void shouldLetLaterOutcomesEvictTheSameEntriesAfterRestore() throws IOException {
        recordMany(original);
        FinishedMessages restored = restore(snapshot(original));

        for (long id = 2 * CAPACITY - 100; id < 2 * CAPACITY + 300; id += 3) {
            original.record(finished(id), false);
            restored.record(finished(id), false);
        }

        for (long id = 0; id <= 2 * CAPACITY + 300; id++) {
            assertSameAnswer(restored, id);
        }
        assertThat(snapshot(restored)).isEqualTo(snapshot(original));
    }

    @Test
    void shouldWriteARestoredStoreToTheSameBytes() throws IOException {
        recordMany(original);
        byte[] written = snapshot(original);

        assertThat(snapshot(restore(written))).isEqualTo(written);
        FinishedMessages empty = new FinishedMessages(CAPACITY);
        assertThat(snapshot(restore(snapshot(empty)))).isEqualTo(snapshot(empty));
    }

    @Test
    void shouldFailOnATruncatedOrDamagedSnapshotOrAnotherCapacity() throws IOException {
        recordMany(original);
        byte[] written = snapshot(original);

        assertThatThrownBy(() -> restore(Arrays.copyOf(written, written.length - 2)))
                .isInstanceOf(EOFException.class);
        byte[] damaged = written.clone();
        damaged[2] ^= 0x10;
        assertThatThrownBy(() -> restore(damaged)).isInstanceOf(SnapshotFormatException.class);
        assertThatThrownBy(() -> new FinishedMessages(CAPACITY - 1).readSnapshot(input(written)))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("slots");
    }

    /**
     * Ids 1 to 1.5 x the capacity, some skipped: the newer half overwrote the older one's slots, and some slots
     * (and every id ending in 5) stay empty.
     */
    private static void recordMany(FinishedMessages finished) {
        for (long id = 1; id <= CAPACITY + CAPACITY / 2; id++) {
            if (id % 10 != 5 && id % 1_000 < 900) {
                finished.record(finished(id), id % 3 == 0);
            }
        }
    }

    private static Message finished(long id) {
        Message message = new Message(id, "account-" + id % 7, Channel.HTTP, MessageType.OTP, "S", (byte) 0,
                (byte) 0, "905321234567", (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 1, new byte[]{1},
                id * 3, "up");
        message.rated((int) (id % 4) + 1, id * 1_000);
        message.options(0, id % 2 == 0 ? null : "ref-" + id, id % 3 == 0 ? id * 3 + 60_000 : 0);
        MessageState state = FINAL[(int) (id % FINAL.length)];
        message.finish(state, (int) (id % 256), id * 3 + 500);
        return message;
    }

    private void assertSameAnswer(FinishedMessages restored, long id) {
        int slot = original.find(id);
        assertThat(restored.find(id)).isEqualTo(slot);
        if (slot >= 0) {
            assertThat(restored.account(slot)).isEqualTo(original.account(slot));
            assertThat(restored.state(slot)).isEqualTo(original.state(slot));
            assertThat(restored.refunded(slot)).isEqualTo(original.refunded(slot));
            assertThat(restored.segments(slot)).isEqualTo(original.segments(slot));
            assertThat(restored.charge(slot)).isEqualTo(original.charge(slot));
            assertThat(restored.acceptedAt(slot)).isEqualTo(original.acceptedAt(slot));
            assertThat(restored.doneAt(slot)).isEqualTo(original.doneAt(slot));
            assertThat(restored.errorCode(slot)).isEqualTo(original.errorCode(slot));
            assertThat(restored.reference(slot)).isEqualTo(original.reference(slot));
            assertThat(restored.sendAt(slot)).isEqualTo(original.sendAt(slot));
        }
    }

    private static FinishedMessages restore(byte[] snapshot) throws IOException {
        FinishedMessages restored = new FinishedMessages(CAPACITY);
        restored.readSnapshot(input(snapshot));
        return restored;
    }

    private static byte[] snapshot(FinishedMessages finished) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        finished.writeSnapshot(new SnapshotOutput(bytes));
        return bytes.toByteArray();
    }

    private static SnapshotInput input(byte[] bytes) {
        return new SnapshotInput(new ByteArrayInputStream(bytes));
    }
}
