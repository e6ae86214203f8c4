package io.ringway.engine.dlr;

import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageIdMap;
import io.ringway.engine.message.MessageType;
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

class UpstreamIdIndexSnapshotTest {
    private static final int MESSAGES = 3_000;
    private static final String[] UPSTREAMS = {"smsc-b", "http-c", "smsc-a"};

    private final MessageIdMap<Message> originals = messages();
    private final MessageIdMap<Message> copies = messages();
    private final UpstreamIdIndex original = new UpstreamIdIndex();

    @Test
    void shouldMatchEveryReceiptAfterRestoreToTheSameMessage() throws IOException {
        fill();
        UpstreamIdIndex restored = restore(snapshot(original));
        assertThat(restored.size()).isEqualTo(original.size());

        for (long id = 1; id <= MESSAGES; id++) {
            for (String upstream : UPSTREAMS) {
                String upstreamId = upstreamId(id);
                Message fromOriginal = original.remove(upstream, upstreamId);
                Message fromRestored = restored.remove(upstream, upstreamId);
                assertThat(fromRestored == null ? null : fromRestored.id())
                        .isEqualTo(fromOriginal == null ? null : fromOriginal.id());
                if (fromRestored != null) {
                    assertThat(fromRestored).isSameAs(copies.get(fromRestored.id()));
                }
            }
        }
        assertThat(restored.remove("smsc-a", null).id()).isEqualTo(original.remove("smsc-a", null).id());
        assertThat(restored.size()).isZero();
        assertThat(original.size()).isZero();
    }

    @Test
    void shouldWriteTheSameBytesWhateverOrderTheEntriesCameIn() throws IOException {
        fill();
        UpstreamIdIndex reversed = new UpstreamIdIndex();
        for (long id = MESSAGES; id >= 1; id--) {
            if (id % 9 != 0) {
                reversed.put(UPSTREAMS[(int) (id % UPSTREAMS.length)], upstreamId(id), originals.get(id));
            }
        }
        reversed.put("smsc-a", null, originals.get(1));
        reversed.put("http-c", upstreamId(4), originals.get(8));
        byte[] written = snapshot(original);

        assertThat(snapshot(reversed)).isEqualTo(written);
        assertThat(snapshot(restore(written))).isEqualTo(written);
    }

    @Test
    void shouldFailOnATruncatedOrDamagedSnapshotOrAnUnknownMessage() throws IOException {
        fill();
        byte[] written = snapshot(original);

        assertThatThrownBy(() -> restore(Arrays.copyOf(written, written.length - 5)))
                .isInstanceOf(EOFException.class);
        byte[] damaged = written.clone();
        damaged[1] ^= 0x01;
        assertThatThrownBy(() -> restore(damaged)).isInstanceOf(SnapshotFormatException.class);
        assertThatThrownBy(() -> new UpstreamIdIndex().readSnapshot(input(written), id -> null))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("not in the snapshot");
    }

    /**
     * Ids spread over three upstreams; one in nine is matched and removed again, one id is re-used by another
     * message (the later one wins), and an upstream answered one message without an id.
     */
    private void fill() {
        for (long id = 1; id <= MESSAGES; id++) {
            original.put(UPSTREAMS[(int) (id % UPSTREAMS.length)], upstreamId(id), originals.get(id));
        }
        for (long id = 9; id <= MESSAGES; id += 9) {
            assertThat(original.remove(UPSTREAMS[(int) (id % UPSTREAMS.length)], upstreamId(id)).id()).isEqualTo(id);
        }
        original.put("http-c", upstreamId(4), originals.get(8));
        original.put("smsc-a", null, originals.get(1));
        original.put("smsc-gone", "x", originals.get(2));
        original.remove("smsc-gone", "x");
    }

    /**
     * Ids in the forms SMSCs answer with, kept by value or by string (UpstreamIdIndex): hex (also zero-padded and
     * upper-case), decimal (also zero-padded), and ids that are not numbers, so that the sorted order differs from
     * the order of the messages.
     */
    private static String upstreamId(long id) {
        long value = id * 7_919;
        return switch ((int) (id % 6)) {
            case 0 -> Long.toHexString(value);
            case 1 -> String.format("%010X", value);
            case 2 -> Long.toString(value);
            case 3 -> String.format("%012d", value);
            case 4 -> "msg-" + value;
            default -> "%x-%04x".formatted(value, id & 0xFFFF);
        };
    }

    private UpstreamIdIndex restore(byte[] snapshot) throws IOException {
        UpstreamIdIndex restored = new UpstreamIdIndex();
        restored.readSnapshot(input(snapshot), copies::get);
        return restored;
    }

    private static MessageIdMap<Message> messages() {
        MessageIdMap<Message> messages = new MessageIdMap<>(1 << 10);
        for (long id = 1; id <= MESSAGES; id++) {
            messages.put(id, new Message(id, "a", Channel.SMPP, MessageType.OTP, "S", (byte) 0, (byte) 0,
                    "905321234567", (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 1, new byte[]{1}, 0, "up"));
        }
        return messages;
    }

    private static byte[] snapshot(UpstreamIdIndex index) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        index.writeSnapshot(new SnapshotOutput(bytes));
        return bytes.toByteArray();
    }

    private static SnapshotInput input(byte[] bytes) {
        return new SnapshotInput(new ByteArrayInputStream(bytes));
    }
}
