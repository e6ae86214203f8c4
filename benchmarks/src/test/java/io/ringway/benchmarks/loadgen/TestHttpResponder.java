package io.ringway.benchmarks.loadgen;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Ringway's HTTP API in the load generator's smoke test, on the same contract: {@code POST
 * /api/v1/messages} with {@code Authorization: Bearer <key>} and a JSON body with "from", "to" and "text" is
 * answered {@code 202 {"messages":[{"id":...}]}} on a kept-alive connection; anything else 400 or 401.
 */
final class TestHttpResponder implements AutoCloseable {
    private final String apiKey;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private EventLoopGroup group;
    private Channel listener;

    TestHttpResponder(String apiKey) {
        this.apiKey = apiKey;
    }

    TestHttpResponder start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.incrementAndGet();
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                                new Responder());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return this;
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    int connections() {
        return connections.get();
    }

    /** Requests answered with something other than 202. */
    long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String body = request.content().toString(StandardCharsets.UTF_8);
            HttpResponseStatus status;
            String json;
            if (!("Bearer " + apiKey).equals(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                status = HttpResponseStatus.UNAUTHORIZED;
                json = "{\"error\":\"unauthorized\"}";
            } else if (request.method() != HttpMethod.POST || !request.uri().equals(HttpRequestTemplates.PATH)
                    || !body.contains("\"from\":") || !body.contains("\"to\":") || !body.contains("\"text\":")) {
                status = HttpResponseStatus.BAD_REQUEST;
                json = "{\"error\":\"bad request\"}";
            } else {
                status = HttpResponseStatus.ACCEPTED;
                json = "{\"messages\":[{\"id\":\"" + String.format("%016x", nextId.getAndIncrement())
                        + "\",\"status\":\"ACCEPTED\"}]}";
            }
            if (status != HttpResponseStatus.ACCEPTED) {
                refused.incrementAndGet();
            }
            ByteBuf content = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
