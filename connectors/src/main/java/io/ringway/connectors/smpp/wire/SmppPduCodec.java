package io.ringway.connectors.smpp.wire;

import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.transcoder.DefaultPduTranscoder;
import com.cloudhopper.smpp.transcoder.DefaultPduTranscoderContext;
import com.cloudhopper.smpp.transcoder.PduTranscoder;
import com.cloudhopper.smpp.type.RecoverablePduException;
import com.cloudhopper.smpp.type.UnknownCommandIdException;
import com.cloudhopper.smpp.type.UnrecoverablePduException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.MessageToMessageCodec;

import java.util.Arrays;
import java.util.List;

/**
 * Turns framed PDUs (from {@link SmppFrameDecoder}) into Cloudhopper {@link Pdu} objects and back. A PDU that
 * cannot be decoded becomes a {@link MalformedPdu} for the session to answer; nothing here closes the channel
 * or throws past the pipeline, because framing is intact and the next PDU can be read normally.
 *
 * <p>Outbound, the per-message PDUs written with a void promise (what the sessions write per message) are
 * encoded back to back into one array and go down the pipeline as one buffer at the next flush (or every
 * {@link #MAX_PENDING} octets): one buffer allocation and one copy per flush instead of per PDU. Any other write
 * first sends what is pending, so the order on the wire is the order of the writes. One instance per channel.
 */
public final class SmppPduCodec extends MessageToMessageCodec<ByteBuf, Pdu> {
    public static final int ESME_RINVCMDID = 0x00000003;

    private static final DefaultPduTranscoderContext CONTEXT = new DefaultPduTranscoderContext();
    private static final PduTranscoder TRANSCODER = new DefaultPduTranscoder(CONTEXT);
    /** Where a frame is copied to be validated and read (one bulk copy instead of a checked access per octet). */
    private static final ScratchOctets SCRATCH = new ScratchOctets();

    /** The shared transcoder (stateless and thread-safe), for code that encodes PDUs outside a pipeline. */
    public static PduTranscoder transcoder() {
        return TRANSCODER;
    }

    /** Pending octets are sent once they reach this, even before a flush. */
    static final int MAX_PENDING = 64 * 1024;
    private static final int PENDING_INITIAL = 1024;
    /** A pending array grown beyond this is dropped after use, so that an idle channel keeps none. */
    private static final int PENDING_KEPT = 16 * 1024;

    // Event loop only. No array until the first coalesced write: a bind that only listens holds none.
    private byte[] pending = new byte[0];
    private int pendingLength;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (promise.isVoid() && msg instanceof Pdu pdu) {
            int length = PduWriter.length(pdu);
            if (length > 0) {
                if (pendingLength + length > pending.length) {
                    pending = Arrays.copyOf(pending,
                            Math.max(Math.max(pending.length * 2, PENDING_INITIAL), pendingLength + length));
                }
                PduWriter.write(pdu, length, pending, pendingLength);
                pendingLength += length;
                if (pendingLength >= MAX_PENDING) {
                    sendPending(ctx);
                }
                return;
            }
        }
        sendPending(ctx);
        super.write(ctx, msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        sendPending(ctx);
        ctx.flush();
    }

    /**
     * Passes the pending PDUs on as one buffer. Their writers gave void promises and want no word of a failure
     * (a channel closing under them); the buffer's own promise is not listened to either.
     */
    private void sendPending(ChannelHandlerContext ctx) {
        if (pendingLength == 0) {
            return;
        }
        ByteBuf buffer = ctx.alloc().ioBuffer(pendingLength, pendingLength).writeBytes(pending, 0, pendingLength);
        pendingLength = 0;
        if (pending.length > PENDING_KEPT) {
            pending = new byte[0];
        }
        ctx.write(buffer, ctx.newPromise());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, List<Object> out) throws Exception {
        out.add(encode(ctx.alloc(), pdu));
    }

    /**
     * The octets the transcoder writes for {@code pdu}, into a pooled direct buffer from {@code alloc}: the
     * transcoder allocates an unpooled heap buffer per PDU, which the socket then copies into a direct one. The
     * per-message PDUs are written by {@link PduWriter}, the rest by Cloudhopper's own methods. Unlike the transcoder it does not fill in a response's result message, which
     * is a log text and never on the wire.
     */
    public static ByteBuf encode(ByteBufAllocator alloc, Pdu pdu) throws RecoverablePduException,
            UnrecoverablePduException {
        ByteBuf written = PduWriter.write(alloc, pdu);
        if (written != null) {
            return written;
        }
        int length = pdu.hasCommandLengthCalculated() ? pdu.getCommandLength() : pdu.calculateAndSetCommandLength();
        ByteBuf buffer = alloc.ioBuffer(length);
        try {
            buffer.writeInt(length);
            buffer.writeInt(pdu.getCommandId());
            buffer.writeInt(pdu.getCommandStatus());
            buffer.writeInt(pdu.getSequenceNumber());
            pdu.writeBody(buffer);
            pdu.writeOptionalParameters(buffer, CONTEXT);
            if (buffer.readableBytes() != length) {
                throw new UnrecoverablePduException("encoded " + buffer.readableBytes()
                        + " octets for a command_length of " + length);
            }
            return buffer;
        } catch (RecoverablePduException | UnrecoverablePduException | RuntimeException e) {
            buffer.release();
            throw e;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(decode(frame));
    }

    /** Decodes one whole PDU into a {@link Pdu} or a {@link MalformedPdu}; never throws. */
    public static Object decode(ByteBuf frame) {
        int start = frame.readerIndex();
        int commandId = frame.getInt(start + 4);
        int sequenceNumber = frame.getInt(start + 12);
        int length = frame.readableBytes();
        byte[] octets = SCRATCH.atLeast(length);
        frame.getBytes(start, octets, 0, length);
        int status = PduBodyValidator.validate(octets, length);
        if (status != PduBodyValidator.OK) {
            return new MalformedPdu(commandId, sequenceNumber, status, "invalid field (status 0x"
                    + Integer.toHexString(status) + ")");
        }
        try {
            Pdu read = PduReader.read(octets, length);
            if (read != null) {
                return read;
            }
            Pdu pdu = TRANSCODER.decode(frame);
            if (pdu == null) {
                return new MalformedPdu(commandId, sequenceNumber, PduBodyValidator.ESME_RINVCMDLEN, "incomplete PDU");
            }
            return pdu;
        } catch (UnknownCommandIdException e) {
            return new MalformedPdu(commandId, sequenceNumber, ESME_RINVCMDID, "unknown command_id 0x"
                    + Integer.toHexString(commandId));
        } catch (RecoverablePduException | UnrecoverablePduException | RuntimeException e) {
            return new MalformedPdu(commandId, sequenceNumber, PduBodyValidator.ESME_RINVCMDLEN,
                    String.valueOf(e.getMessage()));
        }
    }
}
