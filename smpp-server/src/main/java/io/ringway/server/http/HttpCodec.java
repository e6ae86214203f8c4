package io.ringway.server.http;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The API's HTTP/1.x codec: Netty's request decoder and response encoder, the decoder stricter about the
 * protocol name. Netty's {@code HttpServerCodec} is not used because its decoder cannot be given that check; what it
 * adds besides, answering HEAD without a body, {@link HttpConnection} does itself.
 *
 * <p>A request the decoder cannot read arrives with a failed decoder result; the decoder then discards the rest of
 * the connection's input, so that request is answered and the connection closed.
 */
final class HttpCodec extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {
    /** Bytes of body per content message the decoder passes on (the aggregator joins them). */
    private static final int MAX_CHUNK = 8192;

    /**
     * @param maxInitialLine bytes of request line at most (longer: a failed request, answered 414)
     * @param maxHeaders     bytes of header lines at most (more: a failed request, answered 431)
     */
    HttpCodec(int maxInitialLine, int maxHeaders) {
        super(new StrictRequestDecoder(new HttpDecoderConfig().setMaxInitialLineLength(maxInitialLine)
                .setMaxHeaderSize(maxHeaders).setMaxChunkSize(MAX_CHUNK)), new HttpResponseEncoder());
    }

    /** Refuses a protocol name that is not exactly {@code HTTP}, which Netty otherwise upper-cases and accepts. */
    private static final class StrictRequestDecoder extends HttpRequestDecoder {
        StrictRequestDecoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected HttpMessage createMessage(String[] initialLine) throws Exception {
            // RFC 9112 §2.3: HTTP-name is %s"HTTP", case-sensitive. Thrown here, it fails the request (400).
            if (!initialLine[2].startsWith("HTTP/")) {
                throw new IllegalArgumentException("the protocol name must be HTTP, in upper case");
            }
            return super.createMessage(initialLine);
        }
    }
}
