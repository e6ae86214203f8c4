package io.ringway.engine.dlr;

import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.TextEncoding;
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
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerReceiptSnapshotTest {
    private final Message message = message();
    private final Message restoredMessage = message();
    private final LongFunction<Message> restoredMessages = id -> id == 42L ? restoredMessage : null;

    @Test
    void shouldRestoreAReceiptAboutTheRestoredMessageWithTheSameText() throws IOException {
        CustomerReceipt original = new CustomerReceipt(message, MessageState.UNDELIVERABLE, 34, 1_700_000_123_000L);

        CustomerReceipt restored = read(write(original), restoredMessages);

        assertThat(restored.message()).isSameAs(restoredMessage);
        assertThat(restored.messageId()).isEqualTo(42L);
        assertThat(restored.account()).isEqualTo("acme");
        assertThat(restored.state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(restored.errorCode()).isEqualTo(34);
        assertThat(restored.doneAt()).isEqualTo(1_700_000_123_000L);
        assertThat(restored.text()).isEqualTo(original.text());
        assertThat(write(restored)).isEqualTo(write(original));
    }

    @Test
    void shouldFailOnATruncatedReceiptOrOneWhoseMessageIsNotRestored() throws IOException {
        byte[] written = write(new CustomerReceipt(message, MessageState.DELIVERED, 0, 5_000L));

        assertThatThrownBy(() -> read(Arrays.copyOf(written, written.length - 4), restoredMessages))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read(written, id -> null))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("receipt of message 42 has no message in the snapshot");
    }

    private static Message message() {
        Message message = new Message(42L, "acme", Channel.SMPP, MessageType.TRANSACTIONAL, "ACME", (byte) 5,
                (byte) 0, "905321234567", (byte) 1, (byte) 1, (byte) 0, TextEncoding.GSM, (byte) 1,
                "Your parcel is on its way".getBytes(StandardCharsets.ISO_8859_1), 1_700_000_000_000L, "smsc-a");
        message.finish(MessageState.UNDELIVERABLE, 34, 1_700_000_123_000L);
        return message;
    }

    private static byte[] write(CustomerReceipt receipt) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        receipt.writeSnapshot(new SnapshotOutput(bytes));
        return bytes.toByteArray();
    }

    private static CustomerReceipt read(byte[] bytes, LongFunction<Message> messages) throws IOException {
        return CustomerReceipt.readSnapshot(new SnapshotInput(new ByteArrayInputStream(bytes)), messages);
    }
}
