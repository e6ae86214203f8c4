package io.ringway.connectors.smpp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts the inbound byte stream into whole SMPP PDUs (SMPP 3.4 §3.2: {@code command_length} counts the whole PDU,
 * itself included) and emits each as a retained slice. A {@code command_length} below the 16-octet header or
 * above the configured cap is answered with {@code generic_nack ESME_RINVCMDLEN} and the connection is closed
 * before any of the body is buffered, so a peer declaring a 2 GiB PDU costs us 16 bytes of memory.
 */
public final class SmppFrameDecoder extends ByteToMessageDecoder {
    public static final int HEADER_LENGTH = 16;
    public static final int STATUS_INVALID_COMMAND_LENGTH = 0x00000002;

    private final int maxCommandLength;
    private boolean discarding;

    public SmppFrameDecoder(int maxCommandLength) {
        this.maxCommandLength = maxCommandLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            long commandLength = in.getUnsignedInt(start);
            if (commandLength < HEADER_LENGTH || commandLength > maxCommandLength) {
                if (commandLength > maxCommandLength && in.readableBytes() < HEADER_LENGTH) {
                    return; // wait for the sequence number so that the nack can carry it
                }
                int sequence = in.readableBytes() >= HEADER_LENGTH ? in.getInt(start + 12) : 0;
                reject(ctx, in, sequence);
                return;
            }
            if (in.readableBytes() < commandLength) {
                return;
            }
            out.add(in.readRetainedSlice((int) commandLength));
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, int sequence) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(GenericNack.encode(ctx.alloc(), STATUS_INVALID_COMMAND_LENGTH, sequence))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
