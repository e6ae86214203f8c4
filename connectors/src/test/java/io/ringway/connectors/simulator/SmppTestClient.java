package io.ringway.connectors.simulator;

import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.ringway.connectors.smpp.wire.SmppFrameDecoder;
import io.ringway.connectors.smpp.wire.SmppPduCodec;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare SMPP client on Ringway's wire codec, for driving an SMSC PDU by PDU in tests: responses complete the
 * future of their request, receipts land in {@link #receipts} and are answered (status 0 unless
 * {@link #refusals} says otherwise, nothing while {@link #answerReceipts} is false).
 */
final class SmppTestClient implements AutoCloseable {
    final BlockingQueue<DeliverSm> receipts = new LinkedBlockingQueue<>();
    /** Receipts still to refuse with ESME_RSYSERR before answering with status 0. */
    final AtomicInteger refusals = new AtomicInteger();
    volatile boolean answerReceipts = true;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<Integer, CompletableFuture<Pdu>> awaiting = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Channel channel;

    SmppTestClient(int port) {
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new SmppFrameDecoder(70_000), new SmppPduCodec(), new Inbound());
                    }
                })
                .connect("127.0.0.1", port).syncUninterruptibly().channel();
    }

    CompletableFuture<Pdu> send(PduRequest<?> request) {
        request.setSequenceNumber(sequence.incrementAndGet());
        CompletableFuture<Pdu> response = expect(request.getSequenceNumber());
        channel.writeAndFlush(request);
        return response;
    }

    /** Sends and waits for the response. */
    Pdu call(PduRequest<?> request) throws Exception {
        return send(request).get(5, TimeUnit.SECONDS);
    }

    /** Sends raw bytes whose answer carries {@code sequenceNumber}. */
    CompletableFuture<Pdu> sendRaw(int sequenceNumber, ByteBuf bytes) {
        CompletableFuture<Pdu> response = expect(sequenceNumber);
        channel.writeAndFlush(bytes);
        return response;
    }

    int bind(BaseBind<?> bind, String systemId, String password) throws Exception {
        bind.setSystemId(systemId);
        bind.setPassword(password);
        return call(bind).getCommandStatus();
    }

    boolean awaitClosed(long millis) {
        return channel.closeFuture().awaitUninterruptibly(millis);
    }

    DeliverSm nextReceipt() throws InterruptedException {
        return receipts.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    private CompletableFuture<Pdu> expect(int sequenceNumber) {
        CompletableFuture<Pdu> response = new CompletableFuture<>();
        awaiting.put(sequenceNumber, response);
        return response;
    }

    private final class Inbound extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof PduResponse response) {
                CompletableFuture<Pdu> waiting = awaiting.remove(response.getSequenceNumber());
                if (waiting != null) {
                    waiting.complete(response);
                }
            } else if (msg instanceof DeliverSm deliver) {
                receipts.add(deliver);
                if (answerReceipts) {
                    DeliverSmResp answer = deliver.createResponse();
                    if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                        answer.setCommandStatus(0x08);
                    }
                    ctx.writeAndFlush(answer);
                }
            } else if (msg instanceof EnquireLink enquireLink) {
                ctx.writeAndFlush(enquireLink.createResponse());
            }
        }
    }
}
