package io.ringway.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection of the HTTP API. Requests are handed to the {@link ApiRouter} as they are read; their
 * answers may arrive in any order and on any thread, but responses go out strictly in request order (HTTP/1.1
 * pipelining): completed exchanges are written from the head of the connection's queue, on its event loop.
 * A connection with many answers outstanding stops reading until they drain, so a pipelining client cannot make
 * it buffer without bound; one that sends nothing for the idle timeout is closed.
 *
 * <p>A streamed response ({@link Exchange#stream}) is started when it reaches the head of the queue, so its body
 * never interleaves with another response; the responses behind it wait until it ends. A client that reads nothing
 * of it for the stall limit (the idle timeout) is closed.
 *
 * <p>Threading: event loop only, except {@link #completed} and {@link #streamEnded}, which any thread may call.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
    /** Unanswered requests on one connection before it stops reading. */
    static final int MAX_PENDING = 256;
    /** The request header naming a submission's idempotency key (IETF draft "The Idempotency-Key HTTP Header"). */
    private static final String IDEMPOTENCY_KEY = Submissions.IDEMPOTENCY_KEY;
    /** The response header telling a client that its answer repeats an earlier request's with the same key. */
    private static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final ApiRouter router;
    private final ApiMetrics metrics;
    private final Duration stallLimit;
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    private final Runnable flush = this::flush;
    private ChannelHandlerContext ctx;
    private InetAddress remote;
    private boolean closing;
    /** The head exchange's streamed response while it is being written, else {@code null}. */
    private StreamedResponse streaming;

    /**
     * @param stallLimit how long a streamed response waits for a client that reads none of it before giving up
     */
    HttpConnection(ApiRouter router, ApiMetrics metrics, Duration stallLimit) {
        this.router = router;
        this.metrics = metrics;
        this.stallLimit = stallLimit;
    }

    /** An exchange and how its response must be framed. */
    private record PendingResponse(Exchange exchange, boolean keepAlive, HttpVersion version) {
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        remote = ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address.getAddress() : null;
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OversizedRequest oversized) {
            Exchange exchange = enqueue(ApiRequest.of(oversized.method(), oversized.uri(), null, null, new byte[0],
                    remote, System.nanoTime()), false, oversized.version());
            exchange.closeAfter = true;
            exchange.error(413, "BODY_TOO_LARGE", "the request body is larger than " + oversized.limit() + " bytes");
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (closing) {
                return;
            }
            if (request.decoderResult().isFailure()) {
                Exchange exchange = enqueue(ApiRequest.of(request.method().name(), "/", null, null, new byte[0],
                        remote, System.nanoTime()), false, HttpVersion.HTTP_1_1);
                exchange.closeAfter = true;
                exchange.error(400, "MALFORMED_REQUEST", "the HTTP request could not be parsed");
                return;
            }
            ApiRequest apiRequest = ApiRequest.of(request.method().name(), request.uri(),
                    request.headers().get(HttpHeaderNames.AUTHORIZATION), request.headers().get(IDEMPOTENCY_KEY),
                    ByteBufUtil.getBytes(request.content()),
                    remote, System.nanoTime());
            Exchange exchange = enqueue(apiRequest, HttpUtil.isKeepAlive(request), request.protocolVersion());
            try {
                router.route(exchange, ctx.executor());
            } catch (RuntimeException e) {
                LOG.error("request {} {} failed", apiRequest.method(), apiRequest.path(), e);
                exchange.error(500, "SYSTEM_ERROR", "internal error");
            }
        } finally {
            request.release();
        }
    }

    private Exchange enqueue(ApiRequest request, boolean keepAlive, HttpVersion version) {
        Exchange exchange = new Exchange(request, this);
        pending.addLast(new PendingResponse(exchange, keepAlive, version));
        if (pending.size() >= MAX_PENDING) {
            ctx.channel().config().setAutoRead(false);
        }
        return exchange;
    }

    /** An exchange was completed: write what is ready, on the event loop. Any thread. */
    void completed() {
        if (ctx.executor().inEventLoop()) {
            flush();
        } else {
            try {
                ctx.executor().execute(flush);
            } catch (RejectedExecutionException shutDown) {
                // The event loop is gone and the connection with it.
            }
        }
    }

    /** A streamed response ended (completed, failed or given up): go on with the next. Any thread. */
    void streamEnded() {
        try {
            ctx.executor().execute(flush);
        } catch (RejectedExecutionException shutDown) {
            // The event loop is gone and the connection with it.
        }
    }

    private void flush() {
        boolean wrote = false;
        PendingResponse head;
        while ((head = pending.peekFirst()) != null && head.exchange().ready()) {
            Exchange exchange = head.exchange();
            boolean keepAlive = head.keepAlive() && !exchange.closeAfter && !closing;
            if (streaming != null) {
                if (!streaming.ended()) {
                    break;
                }
                StreamedResponse ended = streaming;
                streaming = null;
                if (!ended.answeredInstead()) { // its body went out (or was cut short): nothing more to write
                    pending.pollFirst();
                    metrics.answered(exchange);
                    router.accessLog().record(exchange);
                    if (ended.closesConnection()) {
                        closing = true;
                        pending.clear();
                        return;
                    }
                    continue;
                }
                // It failed before its head went out: its error is written below like any other response.
            } else if (exchange.streamer != null) {
                if (!ctx.channel().isActive()) { // the client is gone: nothing to produce the body for
                    pending.clear();
                    return;
                }
                startStream(exchange, head.version(), keepAlive);
                break;
            }
            pending.pollFirst();
            wrote = true;
            metrics.answered(exchange);
            router.accessLog().record(exchange);
            FullHttpResponse response = toResponse(exchange, head.version(), keepAlive);
            if (!keepAlive) {
                closing = true;
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                pending.clear();
                return;
            }
            ctx.write(response, ctx.voidPromise());
        }
        if (wrote) {
            ctx.flush();
        }
        if (pending.size() < MAX_PENDING / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void startStream(Exchange exchange, HttpVersion version, boolean keepAlive) {
        streaming = new StreamedResponse(exchange, ctx, this, version, keepAlive, stallLimit);
        try {
            exchange.streamer.accept(streaming);
        } catch (RuntimeException e) {
            LOG.error("streamed response to {} {} failed to start", exchange.request.method(),
                    exchange.request.path(), e);
            streaming.fail(500, "SYSTEM_ERROR", "internal error", 0);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (streaming != null) {
            streaming.wake();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (streaming != null) {
            streaming.wake();
        }
        ctx.fireChannelInactive();
    }

    private static FullHttpResponse toResponse(Exchange exchange, HttpVersion version, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(exchange.status),
                Unpooled.wrappedBuffer(exchange.body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, exchange.contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, exchange.body.length);
        if (exchange.retryAfter > 0) {
            response.headers().setInt(HttpHeaderNames.RETRY_AFTER, exchange.retryAfter);
        }
        if (exchange.allow != null) {
            response.headers().set(HttpHeaderNames.ALLOW, exchange.allow);
        }
        if (exchange.idempotentReplayed) {
            response.headers().set(IDEMPOTENT_REPLAYED, "true");
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return response;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (pending.isEmpty()) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.warn("HTTP connection from {} failed", remote, cause);
        }
        ctx.close();
    }
}
