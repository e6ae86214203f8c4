package io.ringway.engine.message;

/**
 * How many network segments a message body takes and where each part ends, counted the way the connector splits
 * it (3GPP TS 23.040 §9.2.3.24.1 concatenation with an 8-bit reference, a 6-octet UDH per part): GSM 7-bit 160
 * septets in one segment, 153 per part; UCS-2 70 characters, 67 per part; 8-bit data and Latin-1 140 octets, 134
 * per part. A part never splits a GSM escape pair (the escape and the extension septet, e.g. '€') nor a UTF-16
 * surrogate pair (an emoji): such a part ends one unit early, which can add a part. Rating and splitting share
 * this one count, so a message is charged for exactly the parts that go out. A body that already carries its
 * own UDH (esm_class UDHI) is one segment the customer split itself. Allocation-free.
 */
public final class Segments {
    /**
     * The most parts one message can have: the concatenation header counts them in one octet (1 to 255). A longer
     * body cannot be sent as one message; the edges refuse it before it is accepted or charged.
     */
    public static final int MAX_PARTS = 255;
    private static final int GSM_SINGLE = 160;
    private static final int GSM_PART = 153;
    private static final int UCS2_SINGLE = 140;
    private static final int UCS2_PART = 134;
    private static final int OCTET_SINGLE = 140;
    private static final int OCTET_PART = 134;
    private static final byte GSM_ESCAPE = 0x1B;

    private Segments() {
    }

    public static int count(byte[] payload, byte dataCoding, byte esmClass) {
        if (payload == null || payload.length == 0 || (esmClass & 0x40) != 0 || fitsOne(payload, dataCoding)) {
            return 1;
        }
        int parts = 0;
        for (int start = 0; start < payload.length; start = partEnd(payload, dataCoding, start)) {
            parts++;
        }
        return parts;
    }

    /** True when {@code payload} goes out as one segment without a UDH. */
    public static boolean fitsOne(byte[] payload, byte dataCoding) {
        int coding = dataCoding & 0xFF;
        int single = isUcs2(coding) ? UCS2_SINGLE : isEightBit(coding) ? OCTET_SINGLE : GSM_SINGLE;
        return payload.length <= single;
    }

    /**
     * The end (exclusive) of the concatenated part that starts at {@code start}: the most of the body one part
     * carries without splitting an escape or surrogate pair.
     */
    public static int partEnd(byte[] payload, byte dataCoding, int start) {
        int coding = dataCoding & 0xFF;
        if (isUcs2(coding)) {
            int end = Math.min(payload.length, start + UCS2_PART);
            // A high surrogate (U+D800-U+DBFF) as the part's last character: its low half would start the next part.
            if (end < payload.length && end - start >= 2 && (payload[end - 2] & 0xFC) == 0xD8) {
                end -= 2;
            }
            return end;
        }
        if (isEightBit(coding)) {
            return Math.min(payload.length, start + OCTET_PART);
        }
        int at = start;
        while (at < payload.length) {
            int width = payload[at] == GSM_ESCAPE && at + 1 < payload.length ? 2 : 1;
            if (at + width - start > GSM_PART) {
                break;
            }
            at += width;
        }
        return at;
    }

    /** SMPP 3.4 §5.2.19: 0x08 is UCS-2; in the 0xC0-0xEF/0x20-0x3F general groups the alphabet bits say so too. */
    private static boolean isUcs2(int coding) {
        return coding == 0x08 || ((coding & 0xC0) == 0x00 && (coding & 0x0C) == 0x08 && coding >= 0x10);
    }

    private static boolean isEightBit(int coding) {
        return coding == 0x02 || coding == 0x03 || coding == 0x04 || (coding & 0xF4) == 0xF4;
    }
}
