package io.ringway.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A request whose body went over {@code max-body-bytes}. The aggregator below passes this marker on instead of
 * answering itself (it releases the oversized message), so that the 413 is JSON like every other error and takes its turn among pipelined responses.
 *
 * @param method  request method
 * @param uri     request URI
 * @param version HTTP version
 * @param limit   the body limit in bytes
 */
record OversizedRequest(String method, String uri, HttpVersion version, int limit) {

    /** An aggregator with the body cap that reports oversized requests as {@link OversizedRequest}. */
    static HttpObjectAggregator aggregator(int maxBodyBytes) {
        return new HttpObjectAggregator(maxBodyBytes) {
            @Override
            protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                HttpRequest request = (HttpRequest) oversized;
                ctx.fireChannelRead(new OversizedRequest(request.method().name(), request.uri(),
                        request.protocolVersion(), maxBodyBytes));
            }
        };
    }
}
