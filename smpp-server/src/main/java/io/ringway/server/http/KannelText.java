package io.ringway.server.http;

import io.ringway.engine.message.Segments;
import io.ringway.engine.message.TextEncoding;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Kannel's {@code text}, {@code charset}, {@code coding}, {@code udh}, {@code mclass} and {@code alt-dcs} as the
 * message body the ring carries: data_coding, esm_class and octets. The rules are Kannel 1.4.5's (its smsbox's
 * charset processing and {@code fields_to_dcs}), checked against what a Kannel 1.4.5 puts in its submit_sm:
 * <ul>
 *   <li>{@code coding} 0 is GSM 7-bit text, 1 8-bit data (the octets as sent; {@code charset} does not apply), 2
 *   UCS-2. Without it a text with a {@code udh} is 8-bit data, as in Kannel; a text without one goes in the coding
 *   with the most characters per segment that holds all of it (GSM, Latin-1 or UCS-2), as over the JSON API, where
 *   Kannel would send 7-bit and turn what GSM lacks into '?';</li>
 *   <li>{@code charset} is the text's: UTF-8 by default for text, UTF-16BE by default with {@code coding} 2 (the
 *   octets then go as they are);</li>
 *   <li>{@code udh} is the customer's own user data header: the body is the UDH followed by the text, with esm_class
 *   UDHI, and it is one message, never split further, so it must fit one segment;</li>
 *   <li>{@code mclass} 0-3 is the message class (GSM 03.38 §4: 0 a flash message). Kannel writes it in the 1111
 *   coding group ({@code 0xF0}-{@code 0xF7}) for 7-bit and 8-bit and in the 00 group for UCS-2; {@code alt-dcs} 0
 *   asks for the 00 group ({@code 0x10}-{@code 0x13}) for 7-bit too, and {@code alt-dcs} 1 for the 1111 group even
 *   without {@code mclass} (class 1 then, as Kannel).</li>
 * </ul>
 * What cannot be sent exactly as asked is refused, never changed: a text GSM lacks with {@code coding} 0, octets
 * that are not text in their {@code charset}, a UDH Kannel would call misformed, and a body over one segment with a
 * UDH.
 * Stateless.
 */
final class KannelText {
    /** Kannel's value of a parameter not given ({@code SMS_PARAM_UNDEFINED}). */
    static final int UNDEFINED = -1;
    static final int GSM = 0;
    static final int EIGHT_BIT = 1;
    static final int UCS2 = 2;
    private static final byte OCTETS = 0x04;
    private static final byte UDHI = 0x40;
    /** Octets of user data in one segment (3GPP TS 23.040 §9.2.3.24). */
    private static final int SEGMENT_OCTETS = 140;
    private static final String MISFORMED = "Charset or body misformed, rejected";

    private KannelText() {
    }

    /**
     * The body, or the reason ({@code refusal}, Kannel-style, for a 400) why the parameters cannot be sent as
     * they ask.
     */
    record Encoded(Submissions.EncodedText body, String refusal) {
        private static Encoded refused(String refusal) {
            return new Encoded(null, refusal);
        }
    }

    /**
     * @param text    the text's octets as sent, or {@code null}
     * @param udh     the UDH's octets, or {@code null} (empty is none, as in Kannel)
     * @param coding  0, 1, 2 or {@link #UNDEFINED}
     * @param charset the text's charset, or {@code null}
     * @param mclass  0-3 or {@link #UNDEFINED}
     * @param altDcs  0, 1 or {@link #UNDEFINED}
     */
    static Encoded encode(byte[] text, byte[] udh, int coding, String charset, int mclass, int altDcs) {
        boolean hasUdh = udh != null && udh.length > 0;
        if (hasUdh && udh.length != (udh[0] & 0xFF) + 1) {
            return Encoded.refused("UDH field misformed, rejected");
        }
        if (hasUdh && udh.length > SEGMENT_OCTETS) {
            return Encoded.refused("UDH field is too long, rejected");
        }
        Encoded encoded = text(text == null ? new byte[0] : text, coding == UNDEFINED && hasUdh ? EIGHT_BIT : coding,
                charset, mclass, altDcs);
        return encoded.refusal() != null || !hasUdh ? encoded : withUdh(udh, encoded.body());
    }

    /** The text alone, in {@code alphabet} ({@link #UNDEFINED}: the cheapest that holds it). */
    private static Encoded text(byte[] octets, int alphabet, String charset, int mclass, int altDcs) {
        byte[] payload;
        if (alphabet == EIGHT_BIT) {
            payload = octets;
        } else if (alphabet == UCS2 && (charset == null || charsetOf(charset) == StandardCharsets.UTF_16BE)) {
            if (octets.length % 2 != 0) {
                return Encoded.refused(MISFORMED);
            }
            payload = octets;
        } else {
            String decoded = decode(octets, charset);
            if (decoded == null) {
                return Encoded.refused(MISFORMED);
            }
            byte cheapest = TextEncoding.cheapest(decoded);
            if (alphabet == GSM && cheapest != TextEncoding.GSM) {
                return Encoded.refused("Text has characters the GSM 7-bit alphabet lacks (coding 0); send it with "
                        + "coding 2, rejected");
            }
            if (alphabet == UNDEFINED) {
                if (cheapest == TextEncoding.LATIN1 && mclass == UNDEFINED && altDcs != 1) { // Latin-1 has no class
                    return new Encoded(new Submissions.EncodedText(TextEncoding.LATIN1, (byte) 0,
                            TextEncoding.encode(decoded, TextEncoding.LATIN1)), null);
                }
                alphabet = cheapest == TextEncoding.GSM ? GSM : UCS2;
            }
            payload = TextEncoding.encode(decoded, alphabet == GSM ? TextEncoding.GSM : TextEncoding.UCS2);
        }
        return new Encoded(new Submissions.EncodedText(dataCoding(alphabet, mclass, altDcs), (byte) 0, payload),
                null);
    }

    /**
     * {@code text} after {@code udh}, with esm_class UDHI, when they fit one segment: 140 octets of user data, of
     * which a 7-bit text has the septets left after the UDH and its fill bits (Kannel's count).
     */
    private static Encoded withUdh(byte[] udh, Submissions.EncodedText text) {
        byte[] payload = text.payload();
        boolean septets = TextEncoding.alphabet(text.dataCoding()) == TextEncoding.GSM;
        int room = Segments.roomAfterHeader(udh.length, text.dataCoding());
        if (payload.length > room) {
            return Encoded.refused("Text too long for one message with its udh (" + payload.length
                    + (septets ? " septets" : " octets") + ", at most " + room + "), rejected");
        }
        byte[] body = new byte[udh.length + payload.length];
        System.arraycopy(udh, 0, body, 0, udh.length);
        System.arraycopy(payload, 0, body, udh.length, payload.length);
        return new Encoded(new Submissions.EncodedText(text.dataCoding(), UDHI, body), null);
    }

    /**
     * GSM 03.38 §4 data_coding for the alphabet and message class, as Kannel's {@code fields_to_dcs} writes it on
     * SMPP: UCS-2 in the 00 group; 7-bit and 8-bit without a class plain, with one (or with {@code alt-dcs} 1) in
     * the 1111 group, or with {@code alt-dcs} 0 in the 00 group.
     */
    private static byte dataCoding(int alphabet, int mclass, int altDcs) {
        if (alphabet == UCS2) {
            return (byte) (mclass == UNDEFINED ? TextEncoding.UCS2 : 0x18 | mclass);
        }
        int octets = alphabet == EIGHT_BIT ? OCTETS : 0;
        if (mclass == UNDEFINED && altDcs != 1) {
            return (byte) octets;
        }
        if (altDcs == 0) {
            return (byte) (0x10 | octets | mclass);
        }
        return (byte) (0xF0 | octets | (mclass == UNDEFINED ? 1 : mclass));
    }

    /** {@code octets} as text in {@code charset} (UTF-8 when {@code null}), or {@code null} when they are not. */
    private static String decode(byte[] octets, String charset) {
        Charset decoding = charset == null ? StandardCharsets.UTF_8 : charsetOf(charset);
        if (decoding == null) {
            return null;
        }
        try {
            return decoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The charset of that name, or {@code null} when the JVM knows none. */
    private static Charset charsetOf(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
