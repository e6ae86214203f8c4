package io.ringway.server.http;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * What the API needs of an HTTP request, copied out of Netty's buffers so that it can wait for an off-loop password
 * check or cross to another thread after the request's buffers are released. Immutable.
 *
 * @param method        request method, upper case
 * @param path          decoded path without the query
 * @param parameters    decoded query parameters
 * @param authorization the Authorization header, or {@code null}
 * @param idempotencyKey the Idempotency-Key header, or {@code null}
 * @param body          the request body (empty when there is none)
 * @param remote        the client's address
 * @param startNanos    when the request was read, for latency
 */
record ApiRequest(String method, String path, Map<String, List<String>> parameters, String authorization,
                  String idempotencyKey, byte[] body, InetAddress remote, long startNanos) {

    static ApiRequest of(String method, String uri, String authorization, String idempotencyKey, byte[] body,
                         InetAddress remote, long startNanos) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        return new ApiRequest(method, decoder.path(), decoder.parameters(), authorization, idempotencyKey, body,
                remote, startNanos);
    }

    /** The first value of query parameter {@code name}, or {@code null}. */
    String parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
