package io.ringway.engine.message;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageSnapshotTest {
    @Test
    void shouldRestoreAMessageJustAcceptedWithEveryOptionalFieldNull() throws IOException {
        Message message = new Message(1L, "acme", Channel.SMPP, null, "RINGWAY", (byte) 5, (byte) 0,
                "905321234567", (byte) 1, (byte) 1, (byte) 0, TextEncoding.GSM, (byte) 1, new byte[0], 100L, null);

        Message restored = roundTrip(message);

        assertThat(restored).usingRecursiveComparison().isEqualTo(message);
        assertThat(restored.upstream()).isNull();
        assertThat(restored.callbackUrl()).isNull();
        assertThat(restored.reference()).isNull();
        assertThat(restored.upstreamMessageId()).isNull();
        assertThat(restored.state()).isEqualTo(MessageState.ACCEPTED);
    }

    @Test
    void shouldRestoreAScheduledHttpMessageWithItsOptionsAndCallback() throws IOException {
        Message message = new Message(2L, "shop", Channel.HTTP, MessageType.COMMERCIAL, "SHOP", (byte) 5, (byte) 0,
                "447700900123", (byte) 1, (byte) 1, (byte) 0, TextEncoding.UCS2, (byte) 1,
                "Sale ends tonight \u263A".getBytes(StandardCharsets.UTF_16BE), 1_000L, null,
                "https://shop.example/dlr?id=42");
        message.rated(1, 50_000L);
        message.options(3_600_000L, "order-42 \u00e9", 90_000L);

        Message restored = roundTrip(message);

        assertThat(restored).usingRecursiveComparison().isEqualTo(message);
        assertThat(restored.validityMillis()).isEqualTo(3_600_000L);
        assertThat(restored.reference()).isEqualTo("order-42 \u00e9");
        assertThat(restored.sendAt()).isEqualTo(90_000L);
        assertThat(restored.callbackUrl()).isEqualTo("https://shop.example/dlr?id=42");
    }

    @Test
    void shouldRestoreTheSmppFieldsTheUpstreamGetsAndReadAFormat3SnapshotWithoutThem() throws IOException {
        Message message = singlePart(9L);
        message.options(60_000L, null, 0);
        message.smppFields((byte) 0x40, (byte) 2, (byte) 1, Sar.of(7, 3, 1));

        Message restored = roundTrip(message);

        assertThat(restored).usingRecursiveComparison().isEqualTo(message);
        assertThat(restored.protocolId()).isEqualTo((byte) 0x40);
        assertThat(restored.priorityFlag()).isEqualTo((byte) 2);
        assertThat(restored.replaceIfPresent()).isEqualTo((byte) 1);
        assertThat(restored.sar()).isEqualTo(Sar.of(7, 3, 1));
        assertThat(restored.validityMillis()).as("options and SMPP fields share their side object").isEqualTo(60_000L);

        // Format 3 ended each message after its outcome: its messages have the defaults.
        Message plain = singlePart(10L);
        byte[] written = write(plain);
        byte[] format3 = Arrays.copyOf(written, written.length - 1 - 1 - 1 - 8 - 1);
        Message old = Message.readSnapshot(new SnapshotInput(new ByteArrayInputStream(format3), 3));
        assertThat(old).usingRecursiveComparison().ignoringFields("segmentRules").isEqualTo(plain);
        assertThat(old.sar()).isEqualTo(Sar.NONE);
        assertThat(old.segmentRules()).isEqualTo(Segments.RULES_FIRST);
    }

    @Test
    void shouldRestoreTheSegmentRulesAndReadAFormat4SnapshotAsCountedUnderTheFirst() throws IOException {
        Message current = singlePart(11L);
        assertThat(roundTrip(current).segmentRules()).isEqualTo(Segments.RULES_CURRENT);
        Message first = singlePart(12L);
        first.rated(2, 80_000L, Segments.RULES_FIRST);
        Message restored = roundTrip(first);
        assertThat(restored).usingRecursiveComparison().isEqualTo(first);
        assertThat(restored.segmentRules()).isEqualTo(Segments.RULES_FIRST);

        // Format 4 ended each message after its SMPP fields: it was counted under the first rules.
        byte[] written = write(current);
        byte[] format4 = Arrays.copyOf(written, written.length - 1);
        Message old = Message.readSnapshot(new SnapshotInput(new ByteArrayInputStream(format4), 4));
        assertThat(old).usingRecursiveComparison().ignoringFields("segmentRules").isEqualTo(current);
        assertThat(old.segmentRules()).isEqualTo(Segments.RULES_FIRST);

        byte[] damaged = write(current);
        damaged[damaged.length - 1] = 9;
        assertThatThrownBy(() -> read(damaged)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("segment rules 9");
    }

    @Test
    void shouldRestoreSinglePartMessagesRoutedDispatchedAndFinished() throws IOException {
        Message routed = singlePart(3L);
        routed.routed("smsc-a", 7_000L);
        Message dispatched = singlePart(4L);
        dispatched.routed("smsc-a", 7_000L);
        dispatched.dispatched("A-4");
        Message finished = singlePart(5L);
        finished.routed("smsc-b", 6_000L);
        finished.dispatched("B-5");
        finished.partFinished(0, MessageState.UNDELIVERABLE, 11, 9_000L);
        finished.finish(MessageState.UNDELIVERABLE, 11, 9_000L);

        for (Message message : List.of(routed, dispatched, finished)) {
            assertThat(roundTrip(message)).usingRecursiveComparison().isEqualTo(message);
        }
        assertThat(roundTrip(finished).state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(roundTrip(dispatched).upstreamMessageId()).isEqualTo("A-4");
    }

    @Test
    void shouldRestoreNumericUpstreamIdsInTheFormTheUpstreamWroteThem() throws IOException {
        for (String id : new String[]{"4711", "0004711", "00ab12", "00AB12", "123456789012345678", "A-4", "aB"}) {
            Message message = singlePart(6L);
            message.routed("smsc-a", 7_000L);
            message.dispatched(id);
            byte[] written = write(message);

            Message restored = read(written);
            assertThat(restored).usingRecursiveComparison().isEqualTo(message);
            assertThat(restored.upstreamMessageId()).isEqualTo(id);
            assertThat(write(restored)).isEqualTo(written);
        }
    }

    @Test
    void shouldCarryOnAMultiPartMessageAfterRestoreExactlyAsTheOriginal() throws IOException {
        Message original = fourParts();
        original.routed("smsc-a", 28_000L);
        original.partAcknowledged(0, "p0");
        original.partAcknowledged(2, "p2");
        original.partFinished(2, MessageState.EXPIRED, 3, 5_000L);

        Message restored = roundTrip(original);
        assertThat(restored).usingRecursiveComparison().isEqualTo(original);

        for (Message message : List.of(original, restored)) {
            assertThat(message.partAcknowledged(2, "again")).isFalse();
            assertThat(message.partAcknowledged(1, "p1")).isTrue();
            assertThat(message.state()).isEqualTo(MessageState.ACCEPTED);
            assertThat(message.partAcknowledged(3, "p3")).isTrue();
            assertThat(message.state()).isEqualTo(MessageState.DISPATCHED);
            assertThat(message.partFinished(0, MessageState.DELIVERED, 0, 6_000L)).isFalse();
            assertThat(message.partsFinished("p1", MessageState.UNKNOWN, 0, 4_000L)).isFalse();
            assertThat(message.partFinished(3, MessageState.DELIVERED, 0, 7_000L)).isTrue();
            assertThat(message.combinedState()).isEqualTo(MessageState.EXPIRED);
            assertThat(message.combinedError()).isEqualTo(3);
            assertThat(message.combinedDoneAt()).isEqualTo(7_000L);
        }
        assertThat(restored).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void shouldRestoreAFinishedMultiPartMessage() throws IOException {
        Message message = fourParts();
        message.routed("http-provider", 0L);
        for (int part = 0; part < 4; part++) {
            message.partAcknowledged(part, "whole");
        }
        message.partsFinished("whole", MessageState.REJECTED, 8, 2_000L);
        message.finish(message.combinedState(), message.combinedError(), message.combinedDoneAt());

        Message restored = roundTrip(message);

        assertThat(restored).usingRecursiveComparison().isEqualTo(message);
        assertThat(restored.partDone(3)).isTrue();
        assertThat(restored.partUpstreamId(3)).isEqualTo("whole");
    }

    @Test
    void shouldWriteARestoredMessageToTheSameBytes() throws IOException {
        Message message = fourParts();
        message.routed("smsc-a", 28_000L);
        message.options(60_000L, null, 0L);
        message.partAcknowledged(1, "p1");
        message.partFinished(1, MessageState.DELIVERED, 0, 3_000L);
        byte[] written = write(message);

        assertThat(write(read(written))).isEqualTo(written);
    }

    @Test
    void shouldFailOnATruncatedOrDamagedMessage() throws IOException {
        byte[] written = write(fourParts());

        assertThatThrownBy(() -> read(Arrays.copyOf(written, written.length - 3))).isInstanceOf(EOFException.class);
        byte[] damaged = written.clone();
        damaged[Long.BYTES] = 0x7F; // the account's length: far past any string a snapshot holds
        assertThatThrownBy(() -> read(damaged)).isInstanceOf(SnapshotFormatException.class);
    }

    private static Message singlePart(long id) {
        Message message = new Message(id, "bank", Channel.KANNEL, MessageType.OTP, "BANK", (byte) 5, (byte) 0,
                "905321234567", (byte) 1, (byte) 1, (byte) 0, TextEncoding.GSM, (byte) 1,
                "Your code is 1234".getBytes(StandardCharsets.ISO_8859_1), 500L, null, "http://bank.example/dlr");
        message.rated(1, 40_000L);
        return message;
    }

    private static Message fourParts() {
        Message message = new Message(6L, "demo", Channel.SMPP, MessageType.TRANSACTIONAL, "RINGWAY", (byte) 5,
                (byte) 0, "905321234567", (byte) 1, (byte) 1, (byte) 0x40, TextEncoding.GSM, (byte) 1,
                new byte[600], 1_500L, null);
        message.rated(4, 160_000L);
        return message;
    }

    private static Message roundTrip(Message message) throws IOException {
        return read(write(message));
    }

    private static byte[] write(Message message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeSnapshot(new SnapshotOutput(bytes));
        return bytes.toByteArray();
    }

    private static Message read(byte[] bytes) throws IOException {
        return Message.readSnapshot(new SnapshotInput(new ByteArrayInputStream(bytes)));
    }
}
