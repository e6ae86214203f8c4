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
        String path = decoder.path();
        return new ApiRequest(headAsGet(method, path), path, decoder.parameters(), authorization, idempotencyKey,
                body, remote, startNanos);
    }

    /**
     * HEAD is answered as GET (RFC 9110 §9.3.2; Netty's server codec then sends the headers without the body),
     * except where a GET acts or costs: Kannel's {@code /cgi-bin/sendsms} sends a message on GET, and a statement
     * replays the whole journal. Those keep HEAD, which they answer 405 with their Allow header.
     */
    private static String headAsGet(String method, String path) {
        if (!method.equals("HEAD") || path.equals("/cgi-bin/sendsms") || path.endsWith("/statement.csv")) {
            return method;
        }
        return "GET";
    }

    /** The first value of query parameter {@code name}, or {@code null}. */
    String parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
