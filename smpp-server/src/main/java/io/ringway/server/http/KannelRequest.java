package io.ringway.server.http;

import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one {@code /cgi-bin/sendsms} request by the names Kannel 1.4.5's smsbox gives them, read from
 * wherever the request carries them:
 * <ul>
 *   <li>GET: the query string;</li>
 *   <li>POST with a {@code text/plain} or {@code application/octet-stream} body, Kannel's POST form: the body is the
 *   text, in the charset its Content-Type names, and every other parameter comes in an {@code X-Kannel-*} header
 *   ({@code X-Kannel-Username}, {@code X-Kannel-To}, {@code X-Kannel-UDH} in hex ...). An octet-stream body is
 *   8-bit data unless {@code X-Kannel-Coding} says otherwise;</li>
 *   <li>POST with an {@code application/x-www-form-urlencoded} body: the body, read as a query string. Kannel 1.4.5
 *   answers this "400 Invalid content-type"; Ringway reads it, as form-posting clients expect.</li>
 * </ul>
 * A POST with another body type is refused as Kannel refuses it, and so is a POST that also has a query string: its
 * parameters would otherwise be silently ignored, as Kannel ignores them.
 *
 * <p>Values are percent-decoded to octets as Kannel decodes them: {@link #text} reads them as UTF-8, {@link #octets}
 * returns them as they are (the message text, which may be in another charset or UTF-16BE, and the UDH). Where
 * Kannel takes the first of a repeated parameter, so does this. Immutable; event loop.
 */
final class KannelRequest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String TEXT_PLAIN = "text/plain";
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String X_KANNEL = "x-kannel-";

    /** Parameters decoded to octets, each octet one char (ISO-8859-1), so that any octet survives. */
    private final Map<String, List<String>> parameters;
    /** POST with the text in the body: the body, and the charset its Content-Type names, or null. */
    private final byte[] body;
    private final String bodyCharset;
    private final boolean octetStream;
    private final String unreadable;

    private KannelRequest(Map<String, List<String>> parameters, byte[] body, String bodyCharset, boolean octetStream,
                          String unreadable) {
        this.parameters = parameters;
        this.body = body;
        this.bodyCharset = bodyCharset;
        this.octetStream = octetStream;
        this.unreadable = unreadable;
    }

    static KannelRequest of(ApiRequest request) {
        if (!request.method().equals("POST")) {
            return new KannelRequest(octetParameters(request.rawQuery()), null, null, false, null);
        }
        String type = request.contentType() == null ? "" : contentType(request.contentType());
        String refused = null;
        if (!request.rawQuery().isEmpty()) {
            refused = "Parameters in the query string of a POST are not read; send them as X-Kannel-* headers "
                    + "or in a form body, rejected";
        } else if (type.equals(FORM)) {
            try {
                return new KannelRequest(octetParameters(new String(request.body(), StandardCharsets.ISO_8859_1)),
                        null, null, false, null);
            } catch (IllegalArgumentException malformed) { // its message quotes the body: never pass it on
                refused = "Malformed %-escape in the form body, rejected";
            }
        } else if (type.equals(TEXT_PLAIN) || type.equals(OCTET_STREAM)) {
            CharSequence charset = HttpUtil.getCharsetAsSequence(request.contentType());
            return new KannelRequest(fromHeaders(request.kannelHeaders()), request.body(),
                    charset == null ? null : charset.toString(), type.equals(OCTET_STREAM), null);
        } else if (type.equals("text/html") || type.equals("text/vnd.wap.wml") || type.equals("text/xml")) {
            refused = "Content-type " + type + " is not supported; send text/plain, application/octet-stream or "
                    + FORM + ", rejected";
        } else {
            refused = "Invalid content-type";
        }
        return new KannelRequest(Map.of(), null, null, false, refused);
    }

    /** Kannel's answer to a request whose parameters cannot be read (400), or {@code null}. */
    String unreadable() {
        return unreadable;
    }

    /** Parameter {@code name} as UTF-8 text, or {@code null} when absent. */
    String text(String name) {
        byte[] octets = octets(name);
        return octets == null ? null : new String(octets, StandardCharsets.UTF_8);
    }

    /**
     * Parameter {@code name} as the octets the client sent, or {@code null} when absent. In Kannel's POST form
     * {@code text} is the body, and {@code charset} the Content-Type's.
     */
    byte[] octets(String name) {
        if (body != null && name.equals("text")) {
            return body;
        }
        if (body != null && name.equals("charset")) {
            return bodyCharset == null ? null : bodyCharset.getBytes(StandardCharsets.ISO_8859_1);
        }
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parameter {@code name}, or when absent Kannel's older name for it ({@code user}, {@code dlrurl} ...). */
    String text(String name, String alias) {
        String value = text(name);
        return value != null ? value : text(alias);
    }

    /** Kannel's POST form with an {@code application/octet-stream} body: the text is 8-bit data by default. */
    boolean octetStream() {
        return octetStream;
    }

    /** The media type, lower case, without its parameters. */
    private static String contentType(String header) {
        CharSequence type = HttpUtil.getMimeType(header);
        return type == null ? header.trim().toLowerCase(Locale.ROOT) : type.toString().trim().toLowerCase(Locale.ROOT);
    }

    /** A query string's parameters, each value percent-decoded to octets (one char per octet). */
    private static Map<String, List<String>> octetParameters(String query) {
        return new QueryStringDecoder(query, StandardCharsets.ISO_8859_1, false).parameters();
    }

    /**
     * Kannel's POST headers as parameters: {@code X-Kannel-DLR-Mask} is {@code dlr-mask}, and so on for each.
     * {@code X-Kannel-UDH} is hex (or, failing that, percent-encoded, as Kannel falls back); the others are taken as
     * they are, blanks trimmed.
     */
    private static Map<String, List<String>> fromHeaders(Map<String, String> headers) {
        Map<String, List<String>> parameters = new HashMap<>();
        headers.forEach((header, value) -> {
            String name = header.substring(X_KANNEL.length());
            String trimmed = value.trim();
            parameters.put(name, List.of(name.equals("udh") ? udhOctets(trimmed) : trimmed));
        });
        return parameters;
    }

    private static String udhOctets(String value) {
        if (value.matches("([0-9A-Fa-f]{2})*")) {
            StringBuilder octets = new StringBuilder(value.length() / 2);
            for (int i = 0; i < value.length(); i += 2) {
                octets.append((char) Integer.parseInt(value.substring(i, i + 2), 16));
            }
            return octets.toString();
        }
        return QueryStringDecoder.decodeComponent(value, StandardCharsets.ISO_8859_1);
    }
}
