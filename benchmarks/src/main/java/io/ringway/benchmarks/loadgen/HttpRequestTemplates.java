package io.ringway.benchmarks.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringway.benchmarks.SampleTraffic;

import java.nio.charset.StandardCharsets;

/**
 * The {@code POST /api/v1/messages} requests of a run, encoded once as whole HTTP/1.1 requests (request line,
 * Host, bearer key, JSON body {@code {"from","to","text"}} with the same varied senders, destinations and texts
 * as the SMPP mode). Sending one is a copy into a pooled buffer, so no HTTP encoder runs per request.
 */
final class HttpRequestTemplates {
    static final String PATH = "/api/v1/messages";

    private final byte[][] requests;
    private int next;

    HttpRequestTemplates(String host, int port, String apiKey, String sender) {
        String[] destinations = SampleTraffic.destinations(SampleTraffic.SIZE, 41);
        String[] senders = SampleTraffic.sendersOrOne(sender, 42);
        String[] otps = SampleTraffic.otpTexts(SampleTraffic.SIZE, 43);
        String[] texts = SampleTraffic.fullTexts(SampleTraffic.SIZE, 44);
        requests = new byte[SampleTraffic.SIZE][];
        for (int i = 0; i < SampleTraffic.SIZE; i++) {
            String body = "{\"from\":\"" + json(senders[i]) + "\",\"to\":\"" + destinations[i] + "\",\"text\":\""
                    + json((i & 3) != 3 ? otps[i] : texts[i]) + "\"}";
            byte[] octets = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + PATH + " HTTP/1.1\r\n"
                    + "Host: " + host + ":" + port + "\r\n"
                    + "Authorization: Bearer " + apiKey + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + octets.length + "\r\n\r\n";
            byte[] headOctets = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[headOctets.length + octets.length];
            System.arraycopy(headOctets, 0, request, 0, headOctets.length);
            System.arraycopy(octets, 0, request, headOctets.length, octets.length);
            requests[i] = request;
        }
    }

    /** The next request in {@code alloc}'s buffer. Event loop of one connection only. */
    ByteBuf next(ByteBufAllocator alloc) {
        byte[] request = requests[next++ & SampleTraffic.MASK];
        return alloc.directBuffer(request.length).writeBytes(request);
    }

    /** A JSON string's content (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
