package io.ringway.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Joins a request's body to its head, up to {@code max-body-bytes}, and never answers by itself: Netty's aggregator
 * would write its 100 Continue, 413 and 417 straight to the socket, ahead of the answers still owed to earlier
 * pipelined requests, with an empty body. Instead it passes on what is to be answered, and {@link HttpConnection}
 * answers each in its turn:
 * <ul>
 *   <li>a {@link RefusedRequest} in place of a request its head alone refuses ({@link RefusedRequest#check}; a
 *   body over the cap by its Content-Length or as it is read); its body is read and dropped;</li>
 *   <li>{@link #CONTINUE} before a request that asks for 100-continue and may send its body.</li>
 * </ul>
 * A request the decoder failed to read goes on as it is. Event loop only.
 */
final class BodyAggregator extends HttpObjectAggregator {
    /** Passed on ahead of a request whose client waits for a 100 Continue before it sends the body. */
    static final Object CONTINUE = new Object() {
        @Override
        public String toString() {
            return "100-continue expected";
        }
    };
    /**
     * What the aggregator is given to write in place of its own interim or error response: an empty buffer, which
     * Netty's encoder passes through without writing a byte.
     */
    private static final ByteBuf NOTHING = Unpooled.EMPTY_BUFFER;

    private final int maxBodyBytes;

    BodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The aggregator's hook on every request head, before any of its body is read. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        HttpRequest head = (HttpRequest) start;
        if (head.decoderResult().isFailure()) {
            return null;
        }
        RefusedRequest refused = RefusedRequest.check(head, maxBodyBytes);
        if (refused != null) {
            ctx().fireChannelRead(refused);
            return NOTHING;
        }
        if (HttpUtil.is100ContinueExpected(head)) {
            head.headers().remove(HttpHeaderNames.EXPECT);
            ctx().fireChannelRead(CONTINUE);
        }
        return null;
    }

    /** After {@link #NOTHING}, the request's body is read and dropped, up to the next request. */
    @Override
    protected boolean ignoreContentAfterContinueResponse(Object response) {
        return response == NOTHING;
    }

    /** The connection closes after the refusal's answer, in its turn, not now. */
    @Override
    protected boolean closeAfterContinueResponse(Object response) {
        return false;
    }

    /** A body that grew past the cap as it was read (chunked): the rest of it is dropped. */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(RefusedRequest.tooLarge((HttpRequest) oversized, maxBodyBytes));
    }
}
