package io.ringway.engine.dlr;

import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/**
 * A delivery receipt owed to a customer, created by the business logic when a message reaches a final state
 * and kept until the customer has acknowledged it. Its content is immutable, so it may cross threads freely; the
 * links below it place it in the {@link ReceiptOutbox} and belong to the output thread alone (the receipt is its
 * own outbox entry, so that owing a receipt allocates one object).
 */
public final class CustomerReceipt {
    private static final int TEXT_PREFIX = 20;

    private final long messageId;
    private final Message message;
    private final MessageState state;
    private final int errorCode;
    private final long doneAt;

    // ReceiptOutbox's: output thread only.
    ReceiptOutbox.AccountOutbox outbox;
    ReceiptOutbox.EntryList list;
    CustomerReceipt previous;
    CustomerReceipt next;
    long handedOverAt;
    /** How many times the receipt was offered to a session; counted before each offer, on the output thread. */
    int handOvers;

    public CustomerReceipt(Message message, MessageState state, int errorCode, long doneAt) {
        this.messageId = message.id();
        this.message = message;
        this.state = state;
        this.errorCode = errorCode;
        this.doneAt = doneAt;
    }

    public long messageId() { return messageId; }
    public String account() { return message.account(); }
    /** The message the receipt is about (only its immutable content may be read here). */
    public Message message() { return message; }
    public MessageState state() { return state; }
    public int errorCode() { return errorCode; }
    public long doneAt() { return doneAt; }
    /**
     * Which offer to a session this is: read by the session while it is offered the receipt (on the output
     * thread, during {@code CustomerSink.deliver}), so that a receipt it gives back is told apart from a later
     * offer of the same receipt to another session ({@link ReceiptOutbox#returned}).
     */
    public int handOver() { return handOvers; }

    /**
     * Writes the receipt with its message's id (the message itself is written by the business logic). No section
     * marker: receipts are written by the thousand, inside the business logic's own section.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeLong(messageId);
        out.writeEnum(state);
        out.writeInt(errorCode);
        out.writeLong(doneAt);
    }

    /** The receipt {@link #writeSnapshot} wrote, about the message {@code messages} resolves by id. */
    public static CustomerReceipt readSnapshot(SnapshotInput in, LongFunction<Message> messages) throws IOException {
        long messageId = in.readLong();
        MessageState state = in.readEnum(MessageState.class);
        int errorCode = in.readInt();
        long doneAt = in.readLong();
        Message message = messages.apply(messageId);
        if (message == null || state == null) {
            throw new SnapshotFormatException("receipt of message " + messageId + " has "
                    + (message == null ? "no message in the snapshot" : "no state"));
        }
        return new CustomerReceipt(message, state, errorCode, doneAt);
    }

    /** The Appendix B receipt text for the {@code short_message} of a deliver_sm. */
    public String text() {
        boolean delivered = state == MessageState.DELIVERED;
        return ReceiptText.format(MessageIds.format(messageId), 1, delivered ? 1 : 0, message.acceptedAt(), doneAt,
                state.receiptStat(), errorCode, textPrefix());
    }

    private String textPrefix() {
        int coding = message.dataCoding() & 0xFF;
        boolean singleByteText = coding == 0x00 || coding == 0x01 || coding == 0x03;
        if (!singleByteText || (message.esmClass() & 0x40) != 0) {
            return "";
        }
        byte[] payload = message.payload();
        int length = Math.min(TEXT_PREFIX, payload.length);
        return new String(payload, 0, length, StandardCharsets.ISO_8859_1).replace('\0', ' ');
    }
}
