package io.ringway.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

import java.util.List;

/**
 * A request answered with a JSON error before it reaches the router, in its turn among the connection's pipelined
 * responses ({@link HttpConnection}). Most are refused from their head alone, before their body is read
 * ({@link BodyAggregator} passes this on instead of the request and drops the body). A refusal that leaves the
 * request's framing in doubt closes the connection after its answer, and no later request on it is read.
 *
 * @param method    the request's method (a HEAD is answered without a body)
 * @param version   the version the request claimed
 * @param keepAlive whether the connection stays open after the answer
 * @param status    HTTP status
 * @param code      error code
 * @param message   error message; never quotes the request target (its query string may hold a password)
 */
record RefusedRequest(String method, HttpVersion version, boolean keepAlive, int status, String code,
                      String message) {
    static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";

    /**
     * The refusal a request's head earns by itself, or {@code null} when its body may be read: a major version
     * other than 1 (505), a transfer coding other than chunked alone (400, 501), a missing, repeated or invalid
     * Host (400), an expectation other than 100-continue (417), a Content-Length over the body cap (413).
     */
    static RefusedRequest check(HttpRequest head, int maxBodyBytes) {
        HttpVersion version = head.protocolVersion();
        String method = head.method().name();
        if (version.majorVersion() != 1) {
            return closing(head, 505, "HTTP_VERSION_NOT_SUPPORTED", "HTTP/" + version.majorVersion() + "."
                    + version.minorVersion() + " is not supported; this server speaks HTTP/1.1");
        }
        RefusedRequest coding = transferCoding(head);
        if (coding != null) {
            return coding;
        }
        String host = hostProblem(head);
        if (host != null) {
            return new RefusedRequest(method, version, HttpUtil.isKeepAlive(head), 400, MALFORMED_REQUEST, host);
        }
        String expect = head.headers().get(HttpHeaderNames.EXPECT);
        // RFC 9110 §10.1.1: 100-continue is the only expectation; an HTTP/1.0 request's is ignored.
        if (expect != null && version.minorVersion() >= 1
                && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            return closing(head, 417, "EXPECTATION_FAILED", "the only expectation supported is 100-continue");
        }
        if (contentLength(head) > maxBodyBytes) {
            return tooLarge(head, maxBodyBytes);
        }
        return null;
    }

    /** A body over the cap (by its Content-Length, or as it was read): 413, then the connection closes. */
    static RefusedRequest tooLarge(HttpRequest request, int maxBodyBytes) {
        return closing(request, 413, "BODY_TOO_LARGE", "the request body is larger than " + maxBodyBytes + " bytes");
    }

    /**
     * A request the decoder could not read (its result failed): 414 for a request line over the limit, 431 for
     * header lines over it, 400 for anything else. The decoder discards the rest of the input, so the connection
     * closes.
     */
    static RefusedRequest unreadable(HttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        String method = request.method().name();
        if (cause instanceof TooLongHttpLineException) {
            return new RefusedRequest(method, HttpVersion.HTTP_1_1, false, 414, "URI_TOO_LONG",
                    "the request line is longer than the server accepts");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new RefusedRequest(method, HttpVersion.HTTP_1_1, false, 431, "HEADERS_TOO_LARGE",
                    "the request's header lines are larger than the server accepts");
        }
        return new RefusedRequest(method, HttpVersion.HTTP_1_1, false, 400, MALFORMED_REQUEST,
                "the HTTP request could not be parsed");
    }

    /** A request target with a malformed %-escape (RFC 3986 §2.1). Its body was read whole: the connection stays. */
    static RefusedRequest malformedTarget(HttpRequest request) {
        return new RefusedRequest(request.method().name(), request.protocolVersion(), HttpUtil.isKeepAlive(request),
                400, MALFORMED_REQUEST, "the request target has a malformed %-escape");
    }

    private static RefusedRequest closing(HttpRequest head, int status, String code, String message) {
        return new RefusedRequest(head.method().name(), head.protocolVersion(), false, status, code, message);
    }

    /**
     * RFC 9112 §6.1 and §6.3: chunked must be the final transfer coding, else the body's length is unknown (400);
     * any coding besides it is one this server does not implement (501). Both close the connection.
     */
    private static RefusedRequest transferCoding(HttpRequest head) {
        List<String> fields = head.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (fields.isEmpty()) {
            return null;
        }
        int codings = 0;
        int chunked = 0;
        boolean chunkedLast = false;
        for (String field : fields) {
            for (String coding : field.split(",")) {
                String name = coding.trim();
                if (!name.isEmpty()) {
                    codings++;
                    chunkedLast = HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(name);
                    chunked += chunkedLast ? 1 : 0;
                }
            }
        }
        if (!chunkedLast || chunked > 1) {
            return closing(head, 400, MALFORMED_REQUEST, "the body's length cannot be told: chunked must be the "
                    + "final transfer coding, and applied once");
        }
        if (codings > 1) {
            return closing(head, 501, "NOT_IMPLEMENTED", "transfer codings other than chunked are not supported");
        }
        return null;
    }

    /**
     * RFC 9112 §3.2: an HTTP/1.1 request needs exactly one Host header, and its value must be a valid
     * {@code uri-host [":" port]} (RFC 3986 §3.2.2; empty is allowed). An HTTP/1.0 request may leave it out.
     */
    private static String hostProblem(HttpRequest head) {
        HttpHeaders headers = head.headers();
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return "the request has more than one Host header";
        }
        if (hosts.isEmpty()) {
            return head.protocolVersion().minorVersion() >= 1 ? "an HTTP/1.1 request needs a Host header" : null;
        }
        return isHost(hosts.get(0)) ? null : "the Host header is not a valid host and port";
    }

    /** {@code uri-host [":" port]}: a bracketed IP literal or a reg-name (which covers IPv4), then digits. */
    static boolean isHost(String value) {
        int at = 0;
        int length = value.length();
        if (length > 0 && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (at = 1; at < close; at++) {
                char c = value.charAt(at);
                if (!isUnreserved(c) && !isSubDelimiter(c) && c != ':') {
                    return false;
                }
            }
            at = close + 1;
        } else {
            while (at < length && value.charAt(at) != ':') {
                char c = value.charAt(at);
                if (c == '%') {
                    if (at + 2 >= length || Character.digit(value.charAt(at + 1), 16) < 0
                            || Character.digit(value.charAt(at + 2), 16) < 0) {
                        return false;
                    }
                    at += 3;
                } else if (isUnreserved(c) || isSubDelimiter(c)) {
                    at++;
                } else {
                    return false;
                }
            }
        }
        if (at == length) {
            return true;
        }
        if (value.charAt(at) != ':') {
            return false;
        }
        for (at++; at < length; at++) {
            if (value.charAt(at) < '0' || value.charAt(at) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isSubDelimiter(char c) {
        return "!$&'()*+,;=".indexOf(c) >= 0;
    }

    /** The Content-Length, or -1 when there is none (the decoder has already refused one that is not a number). */
    private static long contentLength(HttpRequest head) {
        try {
            return HttpUtil.getContentLength(head, -1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
