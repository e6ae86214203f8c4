package io.ringway.connectors.smpp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Encodes a {@code generic_nack} (SMPP 3.4 §4.3), a 16-octet header with no body. */
public final class GenericNack {
    public static final int COMMAND_ID = 0x80000000;

    private GenericNack() {
    }

    public static ByteBuf encode(ByteBufAllocator alloc, int commandStatus, int sequenceNumber) {
        ByteBuf buffer = alloc.buffer(SmppFrameDecoder.HEADER_LENGTH);
        buffer.writeInt(SmppFrameDecoder.HEADER_LENGTH);
        buffer.writeInt(COMMAND_ID);
        buffer.writeInt(commandStatus);
        buffer.writeInt(sequenceNumber);
        return buffer;
    }
}
