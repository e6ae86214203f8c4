package io.ringway.server.smpp;

import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.MessageType;

import java.nio.charset.StandardCharsets;

/** Receipts as the business logic makes them, for tests that have no engine. */
final class TestReceipts {
    static final String SENDER = "Ringway";
    static final String RECIPIENT = "447700900123";
    static final long ACCEPTED_AT = 1_700_000_000_000L;

    private TestReceipts() {
    }

    static CustomerReceipt delivered(long messageId, String account) {
        Message message = new Message(messageId, account, Channel.SMPP, MessageType.TRANSACTIONAL,
                SENDER, (byte) 5, (byte) 0, RECIPIENT, (byte) 1, (byte) 1,
                (byte) 0, (byte) 0, (byte) 1, "hello".getBytes(StandardCharsets.ISO_8859_1), ACCEPTED_AT, "up");
        return new CustomerReceipt(message, MessageState.DELIVERED, 0, ACCEPTED_AT + 5_000);
    }
}
