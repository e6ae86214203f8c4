package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BaseBindResp;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.Unbind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.ringway.connectors.smpp.wire.SmppFrameDecoder;
import io.ringway.connectors.smpp.wire.SmppPduCodec;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * An SMSC whose answers a test scripts, for the protocol paths the simulator never takes: it binds anyone,
 * answers the n-th submit_sm (counted from 0) with whatever {@code answers} returns (nothing when it returns
 * {@code null}: the test may {@link #answer} it later), records what it receives, and sends PDUs of the test's
 * choosing on the latest bound session. It can go {@link #down} (drop every connection and refuse binds) and come
 * back {@link #up}.
 */
final class ScriptedSmsc implements AutoCloseable {
    /** A submit_sm, when it arrived and on which connection. */
    record Arrival(SubmitSm submit, long atNanos, Channel connection) { }

    final List<Arrival> submits = new CopyOnWriteArrayList<>();
    final BlockingQueue<PduResponse> responses = new LinkedBlockingQueue<>();
    final AtomicInteger binds = new AtomicInteger();
    final AtomicInteger enquireLinks = new AtomicInteger();

    private final BiFunction<SubmitSm, Integer, PduResponse> answers;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup connections = new DefaultChannelGroup("scripted-smsc", group.next());
    private final AtomicInteger sequence = new AtomicInteger(1_000);
    private final Channel listener;
    private volatile Channel session;
    private volatile boolean refusingBinds;

    ScriptedSmsc(BiFunction<SubmitSm, Integer, PduResponse> answers) {
        this.answers = answers;
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new SmppFrameDecoder(70_000), new SmppPduCodec(), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Sends {@code request} on the latest bound session. */
    void send(PduRequest<?> request) {
        request.setSequenceNumber(sequence.incrementAndGet());
        session.writeAndFlush(request);
    }

    /** Answers the {@code index}-th submit_sm now, on the connection it came on. */
    void answer(int index, PduResponse response) {
        Arrival arrival = submits.get(index);
        response.setSequenceNumber(arrival.submit().getSequenceNumber());
        arrival.connection().writeAndFlush(response);
    }

    /** Drops every connection and refuses binds (ESME_RBINDFAIL) until {@link #up}. */
    void down() {
        refusingBinds = true;
        connections.close().awaitUninterruptibly(2_000);
    }

    /** Binds again. */
    void up() {
        refusingBinds = false;
    }

    PduResponse nextResponse() throws InterruptedException {
        return responses.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(1_000);
        connections.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    private final class Handler extends SimpleChannelInboundHandler<Pdu> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Pdu pdu) {
            if (pdu instanceof BaseBind<?> bind) {
                BaseBindResp response = (BaseBindResp) bind.createResponse();
                response.setSystemId("scripted");
                if (refusingBinds) {
                    response.setCommandStatus(SmppConstants.STATUS_BINDFAIL);
                    ctx.writeAndFlush(response);
                    return;
                }
                ctx.writeAndFlush(response);
                session = ctx.channel();
                binds.incrementAndGet();
            } else if (pdu instanceof SubmitSm submit) {
                int index = submits.size();
                submits.add(new Arrival(submit, System.nanoTime(), ctx.channel()));
                PduResponse answer = answers.apply(submit, index);
                if (answer != null) {
                    answer.setSequenceNumber(submit.getSequenceNumber());
                    ctx.writeAndFlush(answer);
                }
            } else if (pdu instanceof EnquireLink enquireLink) {
                enquireLinks.incrementAndGet();
                ctx.writeAndFlush(enquireLink.createResponse());
            } else if (pdu instanceof Unbind unbind) {
                ctx.writeAndFlush(unbind.createResponse()).addListener(ChannelFutureListener.CLOSE);
            } else if (pdu instanceof PduResponse response) {
                responses.add(response);
            }
        }
    }
}
