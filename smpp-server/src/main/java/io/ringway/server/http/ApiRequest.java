package io.ringway.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the API needs of an HTTP request, copied out of Netty's buffers so that it can wait for an off-loop password
 * check or cross to another thread after the request's buffers are released. Immutable.
 *
 * @param method         request method, upper case
 * @param path           decoded path without the query; an encoded '/' ({@code %2F}) stays encoded
 * @param parameters     decoded query parameters
 * @param rawQuery       the query as sent, undecoded, without its '?' ({@code ""} when there is none): Kannel's
 *                       sendsms reads some parameters as octets rather than UTF-8 text
 * @param authorization  the Authorization header, or {@code null}
 * @param idempotencyKey the Idempotency-Key header, or {@code null}
 * @param contentType    the Content-Type header, or {@code null}
 * @param kannelHeaders  a POST to {@code /cgi-bin/sendsms}: its {@code X-Kannel-*} headers by lower-case name, which
 *                       carry Kannel's parameters when the body is the text; empty for any other request
 * @param body           the request body (empty when there is none)
 * @param remote         the client's address
 * @param startNanos     when the request was read, for latency
 */
record ApiRequest(String method, String path, Map<String, List<String>> parameters, String rawQuery,
                  String authorization, String idempotencyKey, String contentType, Map<String, String> kannelHeaders,
                  byte[] body, InetAddress remote, long startNanos) {
    static final String SENDSMS = "/cgi-bin/sendsms";
    private static final String X_KANNEL = "x-kannel-";

    /**
     * @param target  the request target as sent: origin-form ({@code /path?query}) or absolute-form
     *                ({@code http://host/path?query})
     * @param headers the request's headers
     * @throws IllegalArgumentException when the path or query has a malformed %-escape. Its message may quote the
     *                                  target, query string included (a password, a message text): never log it
     */
    static ApiRequest of(String method, String target, HttpHeaders headers, byte[] body, InetAddress remote,
                         long startNanos) {
        QueryStringDecoder decoder = new QueryStringDecoder(originForm(target));
        String path = decodePath(decoder.rawPath());
        Map<String, String> kannelHeaders = method.equals("POST") && path.equals(SENDSMS) ? kannelHeaders(headers)
                : Map.of();
        return new ApiRequest(headAsGet(method, path), path, decoder.parameters(), decoder.rawQuery(),
                headers.get(HttpHeaderNames.AUTHORIZATION), headers.get(Submissions.IDEMPOTENCY_KEY),
                headers.get(HttpHeaderNames.CONTENT_TYPE), kannelHeaders, body, remote, startNanos);
    }

    /** A request answered before routing: no target, credentials or body. */
    static ApiRequest refused(String method, InetAddress remote, long startNanos) {
        return new ApiRequest(method, "/", Map.of(), "", null, null, null, Map.of(), new byte[0], remote,
                startNanos);
    }

    /** The {@code X-Kannel-*} headers by lower-case name; the first of a repeated one, as Kannel reads them. */
    private static Map<String, String> kannelHeaders(HttpHeaders headers) {
        Map<String, String> kannel = new HashMap<>();
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().regionMatches(true, 0, X_KANNEL, 0, X_KANNEL.length())) {
                kannel.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
            }
        }
        return kannel;
    }

    /**
     * RFC 9112 §3.2.2: an absolute-form target names the resource its path and query name (the server ignores the
     * authority, as it is the server's own). Any other target is returned as it is.
     */
    static String originForm(String target) {
        int authority;
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            authority = 7;
        } else if (target.regionMatches(true, 0, "https://", 0, 8)) {
            authority = 8;
        } else {
            return target;
        }
        for (int i = authority; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '/') {
                return target.substring(i);
            }
            if (c == '?' || c == '#') {
                return "/" + target.substring(i);
            }
        }
        return "/";
    }

    /**
     * The path percent-decoded as UTF-8 (RFC 3986 §2.1; '+' is itself), except an encoded '/' ({@code %2F}), which
     * stays encoded: routing splits the path at '/', and an escaped one is data inside a segment, never a separator.
     */
    static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] in = raw.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length];
        int length = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '%') {
                out[length++] = in[i];
                continue;
            }
            int high = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int low = high < 0 ? -1 : Character.digit(in[i + 2], 16);
            if (low < 0) {
                throw new IllegalArgumentException("malformed %-escape in the path");
            }
            int decoded = high << 4 | low;
            if (decoded == '/') {
                out[length++] = '%';
                out[length++] = '2';
                out[length++] = 'F';
            } else {
                out[length++] = (byte) decoded;
            }
            i += 2;
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * HEAD is answered as GET (RFC 9110 §9.3.2; the connection then sends the headers without the body), except
     * where a GET acts or costs: Kannel's {@code /cgi-bin/sendsms} sends a message on GET, and a statement replays
     * the whole journal. Those keep HEAD, which they answer 405 with their Allow header.
     */
    private static String headAsGet(String method, String path) {
        if (!method.equals("HEAD") || path.equals(SENDSMS) || path.endsWith("/statement.csv")) {
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
