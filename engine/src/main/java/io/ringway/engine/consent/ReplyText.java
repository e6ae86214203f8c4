package io.ringway.engine.consent;

import io.ringway.engine.message.TextEncoding;

/**
 * The text of an inbound reply (MO) as the rules its record was journaled under read it, for the opt-out keywords.
 * Rules 0: the payload whole, in the alphabet its data_coding names only when that is 0, 1, 3 or 8. 1: past a user
 * data header (esm_class UDHI) and in the alphabet of any GSM 03.38 coding group. 2: as 1, and a GSM 7-bit text
 * under the national language shift tables its header names (3GPP TS 23.040 §9.2.3.24.15-16: a Turkish phone
 * writes İ and ı with the Turkish single shift table), a later part of a concatenated reply (§9.2.3.24.1 and .8)
 * has no first word: only the reply's first part starts it; and the first word starts at the first letter or
 * digit, past quotes, punctuation or a byte order mark before it. Stateless.
 */
public final class ReplyText {
    /** How replies that come now are read. */
    public static final byte RULES_CURRENT = 2;

    private static final int CONCATENATED = 0x00;
    private static final int CONCATENATED_16_BIT = 0x08;
    private static final int SINGLE_SHIFT = 0x24;
    private static final int LOCKING_SHIFT = 0x25;

    private ReplyText() {
    }

    /** The reply's text, or {@code null} when it is a later part of a concatenated reply (rules 2). */
    public static String read(byte[] payload, byte esmClass, byte dataCoding, byte rules) {
        if (rules == 0) {
            return TextEncoding.decode(payload, 0, payload.length, dataCoding);
        }
        int start = 0;
        int singleShift = 0;
        int lockingShift = 0;
        if ((esmClass & 0x40) != 0 && payload.length > 0) { // UDHI: the first octet is the header's length
            start = Math.min(payload.length, 1 + (payload[0] & 0xFF));
            for (int at = 1; rules >= 2 && at + 1 < start; at += 2 + (payload[at + 1] & 0xFF)) {
                int element = payload[at] & 0xFF;
                int length = payload[at + 1] & 0xFF;
                if (at + 2 + length > start) {
                    break; // an element running past the header: the rest is not read
                }
                if (element == CONCATENATED && length == 3 && (payload[at + 4] & 0xFF) > 1
                        || element == CONCATENATED_16_BIT && length == 4 && (payload[at + 5] & 0xFF) > 1) {
                    return null;
                } else if (element == SINGLE_SHIFT && length == 1) {
                    singleShift = payload[at + 2] & 0xFF;
                } else if (element == LOCKING_SHIFT && length == 1) {
                    lockingShift = payload[at + 2] & 0xFF;
                }
            }
        }
        byte alphabet = TextEncoding.alphabet(dataCoding);
        if (rules < 2) {
            return TextEncoding.decode(payload, start, payload.length - start, alphabet);
        }
        String text = alphabet == TextEncoding.GSM
                ? TextEncoding.decodeGsm(payload, start, payload.length - start, lockingShift, singleShift)
                : TextEncoding.decode(payload, start, payload.length - start, alphabet);
        return fromFirstLetterOrDigit(text);
    }

    /** Without what comes before the first word: a quote ("RET", «İPTAL»), punctuation, a byte order mark. */
    private static String fromFirstLetterOrDigit(String text) {
        int at = 0;
        while (at < text.length() && !Character.isLetterOrDigit(text.codePointAt(at))) {
            at += Character.charCount(text.codePointAt(at));
        }
        return text.substring(at);
    }
}
