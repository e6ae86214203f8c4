package io.ringway.benchmarks.loadgen;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive HTTP/1.1 connection of the load generator, behind Netty's {@code HttpResponseDecoder}: writes
 * pre-encoded {@code POST /api/v1/messages} requests, one at a time by default or up to the window pipelined
 * (HTTP/1.1 answers in request order, RFC 9112 §9.3.2, so the oldest request in flight owns each response), and
 * counts responses by status code. The body (202 {@code {"messages":[{"id",...}]}}) is not parsed: the status
 * says whether the message was accepted. Event loop only.
 */
final class HttpLoadConnection extends LoadConnection {
    private final HttpRequestTemplates templates;
    private int nextKey;
    private int oldestKey;
    private int status;

    HttpLoadConnection(LoadOptions options, double ratePerSecond, HttpRequestTemplates templates) {
        super(options.window(), ratePerSecond);
        this.templates = templates;
    }

    @Override
    protected int writeRequest(ChannelHandlerContext ctx) {
        ctx.write(templates.next(ctx.alloc()), ctx.voidPromise());
        return nextKey++;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
                if (response.decoderResult().isFailure()) {
                    stats.protocolErrors++;
                    ctx.close();
                    return;
                }
            }
            if (msg instanceof LastHttpContent) {
                answered(oldestKey++, status, System.nanoTime());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.protocolErrors++;
        ctx.close();
    }
}
