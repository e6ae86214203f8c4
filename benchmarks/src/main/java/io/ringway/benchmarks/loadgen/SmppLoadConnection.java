package io.ringway.benchmarks.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;

/**
 * One SMPP bind of the load generator, behind {@code SmppFrameDecoder}: binds (transceiver when receipts are
 * wanted, transmitter otherwise), sends pre-encoded submit_sm within its window, and reads every inbound PDU
 * from its header without decoding it into objects. submit_sm_resp frees a window slot; with receipts, its
 * message_id is remembered in the shared {@link ReceiptClock} and the deliver_sm receipt that names it in
 * {@code receipted_message_id} is timed against the submission and answered with deliver_sm_resp.
 * enquire_link and unbind from the server are answered. Event loop only, except {@link #bound()}.
 */
final class SmppLoadConnection extends LoadConnection {
    private static final int MAX_SEQUENCE = 0x7FFFFFFF;
    private static final int MAX_MESSAGE_ID = 65;

    private final SubmitSmTemplates templates;
    private final ReceiptClock clock;
    private final boolean receipts;
    private final String systemId;
    private final String password;
    private Promise<Void> bound;
    private int nextSequence = 2;
    /** Since the connection opened, warm-up included: what the drain waits for. */
    private long acceptedLifetime;
    private long receiptsLifetime;

    /** {@code clock} is {@code null} when no receipts are wanted. */
    SmppLoadConnection(LoadOptions options, double ratePerSecond, SubmitSmTemplates templates, ReceiptClock clock) {
        super(options.window(), ratePerSecond);
        this.templates = templates;
        this.clock = clock;
        this.receipts = clock != null;
        this.systemId = options.systemId();
        this.password = options.password();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        bound = ctx.executor().newPromise();
    }

    /** Completes when the bind is answered OK; fails with the status otherwise. Any thread. */
    Promise<Void> bound() {
        return bound;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(SubmitSmTemplates.bind(receipts, systemId, password));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        bound.tryFailure(new IllegalStateException("connection closed before the bind was answered"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        bound.tryFailure(cause);
        stats.protocolErrors++;
        ctx.close();
    }

    @Override
    protected int writeRequest(ChannelHandlerContext ctx) {
        int sequence = nextSequence;
        nextSequence = sequence == MAX_SEQUENCE ? 1 : sequence + 1;
        ctx.write(templates.next(ctx.alloc(), sequence), ctx.voidPromise());
        return sequence;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            onFrame(frame);
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void onFrame(ByteBuf frame) {
        int commandId = SmppWire.commandId(frame);
        int status = SmppWire.status(frame);
        int sequence = SmppWire.sequence(frame);
        switch (commandId) {
            case SmppWire.SUBMIT_SM_RESP -> onSubmitSmResp(frame, status, sequence);
            case SmppWire.DELIVER_SM -> onDeliverSm(frame, sequence);
            case SmppWire.GENERIC_NACK -> answered(sequence, status, System.nanoTime());
            case SmppWire.ENQUIRE_LINK -> respond(SmppWire.ENQUIRE_LINK_RESP, sequence, false);
            case SmppWire.UNBIND -> ctx.writeAndFlush(SmppWire.pdu(ctx.alloc(), SmppWire.UNBIND_RESP, 0, sequence,
                    false)).addListener(ChannelFutureListener.CLOSE);
            case SmppWire.UNBIND_RESP -> ctx.close();
            case SmppWire.BIND_TRANSCEIVER | SmppWire.RESPONSE, SmppWire.BIND_TRANSMITTER | SmppWire.RESPONSE -> {
                if (status == 0) {
                    bound.trySuccess(null);
                } else {
                    bound.tryFailure(new IllegalStateException("bind refused with 0x" + hex(status) + " "
                            + SmppWire.statusName(status)));
                }
            }
            default -> {
                // enquire_link_resp and anything else a server may send: nothing to do
            }
        }
    }

    private void onSubmitSmResp(ByteBuf frame, int status, int sequence) {
        long due = answered(sequence, status, System.nanoTime());
        if (status != 0) {
            return;
        }
        acceptedLifetime++;
        if (receipts && due != -1) {
            long receiptArrived = clock.accepted(
                    SmppWire.messageIdKey(frame, frame.readerIndex() + SmppWire.HEADER, MAX_MESSAGE_ID), due);
            if (receiptArrived != ReceiptClock.NONE) {
                stats.receiptTimed(receiptArrived - due);
            }
        }
    }

    private void onDeliverSm(ByteBuf frame, int sequence) {
        respond(SmppWire.DELIVER_SM_RESP, sequence, true);
        int esmClass = SmppWire.esmClassIndex(frame);
        if (esmClass < 0 || (frame.getByte(esmClass) & 0x3C) != SmppWire.ESM_CLASS_RECEIPT) {
            return; // a mobile-originated message, not a receipt
        }
        long now = System.nanoTime();
        receiptsLifetime++;
        int tlvs = SmppWire.optionalParametersIndex(frame);
        int id = tlvs < 0 ? -1 : SmppWire.findTlv(frame, tlvs, SmppWire.TAG_RECEIPTED_MESSAGE_ID);
        int state = tlvs < 0 ? -1 : SmppWire.findTlv(frame, tlvs, SmppWire.TAG_MESSAGE_STATE);
        long due = id < 0 || clock == null ? -1
                : clock.receipted(SmppWire.messageIdKey(frame, id, SmppWire.tlvLength(frame, id)), now);
        int messageState = state < 0 ? 0 : frame.getUnsignedByte(state);
        if (due == ReceiptClock.EARLY) {
            stats.receiptEarly(messageState);
        } else {
            stats.receipt(messageState, due < 0 ? -1 : now - due);
        }
    }

    private void respond(int commandId, int sequence, boolean withMessageId) {
        ctx.write(SmppWire.pdu(ctx.alloc(), commandId, 0, sequence, withMessageId), ctx.voidPromise());
        unflushed = true;
    }

    /** submit_sm accepted since the bind, warm-up included. */
    long acceptedLifetime() {
        return acceptedLifetime;
    }

    /** Receipts received since the bind, warm-up included. */
    long receiptsLifetime() {
        return receiptsLifetime;
    }

    /** Sends unbind; the connection closes on unbind_resp (or when the caller gives up waiting). */
    void unbind() {
        int sequence = nextSequence;
        nextSequence = sequence == MAX_SEQUENCE ? 1 : sequence + 1;
        ctx.writeAndFlush(SmppWire.pdu(ctx.alloc(), SmppWire.UNBIND, 0, sequence, false));
    }

    static String hex(int status) {
        return String.format("%08X", status);
    }
}
