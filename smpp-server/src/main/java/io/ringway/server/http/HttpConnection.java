package io.ringway.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of the HTTP API. Requests are handed to the {@link ApiRouter} as they are read; their
 * answers may arrive in any order and on any thread, but responses go out strictly in request order (HTTP/1.1
 * pipelining): completed exchanges are written from the head of the connection's queue, on its event loop.
 * A connection with many answers outstanding stops reading until they drain, so a pipelining client cannot make
 * it buffer without bound; one that sends nothing for the idle timeout is closed.
 *
 * <p>What the server refuses before routing ({@link RefusedRequest}) is answered in its turn like any other request,
 * and so is a 100 Continue ({@link BodyAggregator#CONTINUE}). A request after which the connection closes is the
 * last one read: later ones are dropped, never acted on unanswered.
 *
 * <p>A streamed response ({@link Exchange#stream}) is started when it reaches the head of the queue, so its body
 * never interleaves with another response; the responses behind it wait until it ends. A client that reads nothing
 * of it for the stall limit (the idle timeout) is closed.
 *
 * <p>Threading: event loop only, except {@link #completed} and {@link #streamEnded}, which any thread may call.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
    /** How long a closing connection reads and drops what its client still sends ({@link #closeAfter}). */
    private static final Duration LINGER = Duration.ofSeconds(2);
    /** Unanswered requests on one connection before it stops reading. */
    static final int MAX_PENDING = 256;
    /** The response header telling a client that its answer repeats an earlier request's with the same key. */
    private static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    /** The schemes a 401 offers (RFC 9110 §11.6.1): an API key as a bearer token, or an account's SMPP password. */
    private static final String CHALLENGE = "Bearer realm=\"ringway\", Basic realm=\"ringway\"";

    private final ApiRouter router;
    private final ApiMetrics metrics;
    private final Duration stallLimit;
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    private final Runnable flush = this::flush;
    private ChannelHandlerContext ctx;
    private InetAddress remote;
    private boolean closing;
    /** The last request this connection answers was read: later ones are dropped unread. */
    private boolean lastRequestRead;
    /** The node is stopping: nothing more is read, and the connection closes once what was read is answered. */
    private boolean stopping;
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

    /**
     * An exchange and how its response must be framed, or {@link #CONTINUE}.
     *
     * @param keepAlive whether the connection stays open after this response
     * @param version   the version to answer with
     * @param head      the request was a HEAD: the response goes out without its body
     */
    private record PendingResponse(Exchange exchange, boolean keepAlive, HttpVersion version, boolean head) {
    }

    /**
     * A 100 Continue owed to a request whose client waits for it before sending the body: queued like a response
     * so that it goes out after the answers to earlier requests, not among them (RFC 9110 §15.2.1).
     */
    private static final PendingResponse CONTINUE = new PendingResponse(null, true, HttpVersion.HTTP_1_1, false);

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
        if (!(msg instanceof FullHttpRequest) && !(msg instanceof RefusedRequest) && msg != BodyAggregator.CONTINUE) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing || lastRequestRead) {
            ReferenceCountUtil.release(msg);
        } else if (msg == BodyAggregator.CONTINUE) {
            pending.addLast(CONTINUE);
            flush();
        } else if (msg instanceof RefusedRequest refused) {
            refuse(refused);
        } else {
            FullHttpRequest request = (FullHttpRequest) msg;
            try {
                read(request);
            } finally {
                request.release();
            }
        }
    }

    private void read(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuse(RefusedRequest.unreadable(request));
            return;
        }
        ApiRequest apiRequest;
        try {
            apiRequest = ApiRequest.of(request.method().name(), request.uri(), request.headers(),
                    ByteBufUtil.getBytes(request.content()), remote, System.nanoTime());
        } catch (IllegalArgumentException malformed) { // its message quotes the target, query string and all
            refuse(RefusedRequest.malformedTarget(request));
            return;
        }
        Exchange exchange = enqueue(apiRequest, HttpUtil.isKeepAlive(request), request.protocolVersion(),
                request.method().equals(HttpMethod.HEAD));
        try {
            router.route(exchange, ctx.executor());
        } catch (RuntimeException e) {
            LOG.error("request {} {} failed", apiRequest.method(), apiRequest.path(), e);
            exchange.error(500, "SYSTEM_ERROR", "internal error");
        }
    }

    /** Queues a request's refusal as its answer. */
    private void refuse(RefusedRequest refused) {
        Exchange exchange = enqueue(ApiRequest.refused(refused.method(), remote, System.nanoTime()),
                refused.keepAlive(), refused.version(), refused.method().equals("HEAD"));
        exchange.error(refused.status(), refused.code(), refused.message());
    }

    /**
     * Queues an exchange for its response. One whose connection closes after it is the last request read: the
     * connection reads no further request, so none is acted on (charged) without its answer being sent
     * (RFC 9112 §9.6).
     */
    private Exchange enqueue(ApiRequest request, boolean keepAlive, HttpVersion version, boolean head) {
        Exchange exchange = new Exchange(request, this);
        pending.addLast(new PendingResponse(exchange, keepAlive, answering(version), head));
        if (!keepAlive) {
            lastRequestRead = true;
        }
        if (pending.size() >= MAX_PENDING) {
            ctx.channel().config().setAutoRead(false);
        }
        return exchange;
    }

    /**
     * RFC 9110 §6.2: the highest version this server conforms to within the request's major version, 1.0 for
     * HTTP/1.0 and 1.1 for any other 1.x (other majors are refused before they get here).
     */
    private static HttpVersion answering(HttpVersion requested) {
        return requested.majorVersion() == 1 && requested.minorVersion() == 0 ? HttpVersion.HTTP_1_0
                : HttpVersion.HTTP_1_1;
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
        while ((head = pending.peekFirst()) != null && (head == CONTINUE || head.exchange().ready())) {
            if (head == CONTINUE) {
                pending.pollFirst();
                wrote = true;
                ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
                        ctx.voidPromise());
                continue;
            }
            Exchange exchange = head.exchange();
            boolean keepAlive = head.keepAlive() && !closing && !(stopping && pending.size() == 1);
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
            FullHttpResponse response = toResponse(exchange, head.version(), keepAlive, head.head());
            if (!keepAlive) {
                closing = true;
                closeAfter(ctx.writeAndFlush(response));
                pending.clear();
                return;
            }
            ctx.write(response, ctx.voidPromise());
        }
        if (wrote) {
            ctx.flush();
        }
        if (stopping) {
            if (pending.isEmpty() && !closing) { // e.g. a 100 Continue was the last thing owed
                closing = true;
                closeAfter(ctx.newSucceededFuture());
            }
            return;
        }
        if (pending.size() < MAX_PENDING / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * Event loop: the node is stopping. Nothing more is read; the requests already read are answered as they
     * complete (a submission among them may be accepted and charged already: its client must get its 202), the
     * last with {@code Connection: close}, and then the connection closes.
     */
    void stopAfterAnswers() {
        if (closing || stopping) {
            return;
        }
        stopping = true;
        lastRequestRead = true;
        ctx.channel().config().setAutoRead(false);
        flush();
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

    /** The response; to a HEAD, the headers a GET gets (Content-Length too) without the body (RFC 9110 §9.3.2). */
    private static FullHttpResponse toResponse(Exchange exchange, HttpVersion version, boolean keepAlive,
                                               boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(exchange.status),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(exchange.body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, exchange.contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, exchange.body.length);
        if (exchange.status == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE);
        }
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

    /**
     * Closes the connection once {@code lastWrite} is done, lingering: the sending side is shut first (FIN after the
     * last response) and what the client still sends is read and dropped until it closes, for at most
     * {@link #LINGER}. Closing a socket with unread input sends RST instead, and a client that was still sending
     * (pipelining) may then lose responses already in its receive buffer, such as the 202 of a charged submission.
     * Over TLS the connection is simply closed (the TLS handler ends the session first).
     */
    private void closeAfter(ChannelFuture lastWrite) {
        lastWrite.addListener(written -> {
            Channel channel = ctx.channel();
            if (!written.isSuccess() || !(channel instanceof DuplexChannel duplex)
                    || ctx.pipeline().get(SslHandler.class) != null) {
                ctx.close();
                return;
            }
            duplex.shutdownOutput().addListener(shut -> {
                if (!shut.isSuccess()) {
                    ctx.close();
                    return;
                }
                channel.config().setAutoRead(true); // drained and dropped: nothing more is answered
                ctx.executor().schedule(() -> {
                    ctx.close();
                }, LINGER.toMillis(), TimeUnit.MILLISECONDS);
            });
        });
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

    /**
     * A failure on the connection closes it. What a client causes, by what it sends or by leaving in the middle of a
     * request ({@link #clientCaused}), is one debug line without a stack trace: it needs no one's attention (a
     * malformed request was answered in its turn) and anyone can send it, so it must not be able to flood the log.
     * Its message is left out too: a codec may quote the bytes it could not read, a query string among them. Any
     * other failure is the server's own and is logged with its stack trace.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (clientCaused(cause)) {
            LOG.debug("HTTP connection from {} closed: {}", remote, cause.getClass().getSimpleName());
        } else {
            LOG.warn("HTTP connection from {} failed", remote, cause);
        }
        ctx.close();
    }

    /**
     * The client's doing: an I/O failure (it went away), a request or TLS record the codecs could not decode, or a
     * connection closed while a request's body was still being read.
     */
    static boolean clientCaused(Throwable cause) {
        return cause instanceof IOException || cause instanceof DecoderException
                || cause instanceof PrematureChannelClosureException;
    }
}
