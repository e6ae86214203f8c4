package io.ringway.benchmarks.loadgen;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.ringway.connectors.smpp.wire.SmppFrameDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The least an SMPP server can do, to measure the load generator's own ceiling: it accepts any bind, answers
 * every submit_sm at once with a 16-hex-digit counter as message id, and, when registered_delivery asks and the
 * bind can receive, sends the receipt at once (receipted_message_id and message_state TLVs, Appendix B text).
 * It reads only headers and the fields it needs, writes every response from octets, keeps no state per message
 * and flushes once per read. enquire_link and unbind are answered; other requests get generic_nack.
 */
final class SmppSink implements AutoCloseable {
    private static final byte[] SYSTEM_ID = "sink".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_PREFIX = "id:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIPT_TAIL = (" sub:001 dlvrd:001 submit date:2601010000 done date:2601010000"
            + " stat:DELIVRD err:000 text:").getBytes(StandardCharsets.US_ASCII);
    private static final int ID_DIGITS = 16;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int MESSAGE_STATE_DELIVERED = 2;

    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final AtomicLong submits = new AtomicLong();
    private EventLoopGroup group;
    private Channel listener;
    private final ChannelGroup connections = new DefaultChannelGroup("sink", GlobalEventExecutor.INSTANCE);

    /** Listens on {@code host:port} (0: any free port) with {@code threads} event loops. */
    SmppSink start(String host, int port, int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("smpp-sink"),
                NioIoHandler.newFactory());
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new SmppFrameDecoder(70_000), new Session());
                    }
                })
                .bind(host, port).syncUninterruptibly().channel();
        return this;
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** submit_sm answered since start. */
    long submits() {
        return submits.get();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** One connection; its event loop only. */
    private final class Session extends ChannelInboundHandlerAdapter {
        private boolean receives;
        private int nextSequence = 1;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            try {
                onFrame(ctx, frame);
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void onFrame(ChannelHandlerContext ctx, ByteBuf frame) {
            int commandId = SmppWire.commandId(frame);
            int sequence = SmppWire.sequence(frame);
            switch (commandId) {
                case SmppWire.SUBMIT_SM -> onSubmit(ctx, frame, sequence);
                case SmppWire.BIND_TRANSCEIVER, SmppWire.BIND_RECEIVER, SmppWire.BIND_TRANSMITTER -> {
                    receives = commandId != SmppWire.BIND_TRANSMITTER;
                    ByteBuf resp = ctx.alloc().directBuffer(SmppWire.HEADER + SYSTEM_ID.length + 1);
                    resp.writeInt(SmppWire.HEADER + SYSTEM_ID.length + 1).writeInt(commandId | SmppWire.RESPONSE)
                            .writeInt(0).writeInt(sequence).writeBytes(SYSTEM_ID).writeByte(0);
                    ctx.write(resp, ctx.voidPromise());
                }
                case SmppWire.ENQUIRE_LINK -> ctx.write(SmppWire.pdu(ctx.alloc(), SmppWire.ENQUIRE_LINK_RESP, 0,
                        sequence, false), ctx.voidPromise());
                case SmppWire.UNBIND -> ctx.writeAndFlush(SmppWire.pdu(ctx.alloc(), SmppWire.UNBIND_RESP, 0, sequence,
                        false)).addListener(ChannelFutureListener.CLOSE);
                default -> {
                    if ((commandId & SmppWire.RESPONSE) == 0) {
                        ctx.write(SmppWire.pdu(ctx.alloc(), SmppWire.GENERIC_NACK, 0x03, sequence, false),
                                ctx.voidPromise());
                    }
                }
            }
        }

        private void onSubmit(ChannelHandlerContext ctx, ByteBuf frame, int sequence) {
            submits.incrementAndGet();
            long id = nextMessageId.getAndIncrement();
            ByteBuf resp = ctx.alloc().directBuffer(SmppWire.HEADER + ID_DIGITS + 1);
            resp.writeInt(SmppWire.HEADER + ID_DIGITS + 1).writeInt(SmppWire.SUBMIT_SM_RESP).writeInt(0)
                    .writeInt(sequence);
            writeId(resp, id).writeByte(0);
            ctx.write(resp, ctx.voidPromise());
            int registered = SmppWire.registeredDeliveryIndex(frame);
            if (receives && registered >= 0 && (frame.getByte(registered) & 0x03) != 0) {
                ctx.write(receipt(ctx, id), ctx.voidPromise());
            }
        }

        /** deliver_sm with esm_class 0x04, empty addresses and the receipt text and TLVs for message {@code id}. */
        private ByteBuf receipt(ChannelHandlerContext ctx, long id) {
            int textLength = ID_PREFIX.length + ID_DIGITS + RECEIPT_TAIL.length;
            int length = SmppWire.HEADER + 1 + 3 + 3 + 3 + 2 + 4 + 1 + textLength + 4 + ID_DIGITS + 1 + 4 + 1;
            ByteBuf out = ctx.alloc().directBuffer(length);
            int sequence = nextSequence++;
            out.writeInt(length).writeInt(SmppWire.DELIVER_SM).writeInt(0).writeInt(sequence);
            out.writeByte(0);                                   // service_type
            out.writeByte(1).writeByte(1).writeByte(0);         // source ton, npi, empty address
            out.writeByte(5).writeByte(0).writeByte(0);         // destination ton, npi, empty address
            out.writeByte(SmppWire.ESM_CLASS_RECEIPT).writeByte(0).writeByte(0); // esm_class, protocol_id, priority
            out.writeByte(0).writeByte(0);                      // schedule_delivery_time, validity_period
            out.writeByte(0).writeByte(0).writeByte(0).writeByte(0); // registered_delivery .. sm_default_msg_id
            out.writeByte(textLength);
            out.writeBytes(ID_PREFIX);
            writeId(out, id).writeBytes(RECEIPT_TAIL);
            out.writeShort(SmppWire.TAG_RECEIPTED_MESSAGE_ID).writeShort(ID_DIGITS + 1);
            writeId(out, id).writeByte(0);
            out.writeShort(SmppWire.TAG_MESSAGE_STATE).writeShort(1).writeByte(MESSAGE_STATE_DELIVERED);
            return out;
        }
    }

    private static ByteBuf writeId(ByteBuf out, long id) {
        for (int shift = (ID_DIGITS - 1) * 4; shift >= 0; shift -= 4) {
            out.writeByte(HEX[(int) (id >>> shift) & 0xF]);
        }
        return out;
    }
}
