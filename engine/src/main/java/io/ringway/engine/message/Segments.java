package io.ringway.engine.message;

/**
 * How many network segments a message body takes and where each part ends, counted the way the connector splits
 * it (3GPP TS 23.040 §9.2.3.24.1 concatenation with an 8-bit reference, a 6-octet UDH per part): GSM 7-bit 160
 * septets in one segment, 153 per part; UCS-2 70 characters, 67 per part; 8-bit data and Latin-1 140 octets, 134
 * per part. A part never splits a GSM escape pair (the escape and the extension septet, e.g. '€') nor a UTF-16
 * surrogate pair (an emoji): such a part ends one unit early, which can add a part. Rating and splitting share
 * this one count, so a message is charged for exactly the parts that go out. A body that already carries its
 * own UDH (esm_class UDHI) is one segment the customer split itself. Allocation-free.
 *
 * <p>Which of the three a data_coding is depends on the {@code rules} a message was counted under, kept per
 * message and per journal record so that a replay charges and splits every message as it did when it came.
 * {@link #RULES_CURRENT} (1) reads the alphabet of every GSM 03.38 coding group: the general and automatic-deletion
 * groups (0x10-0x7F) by their alphabet bits (compressed text as octets), the indication groups 0xC0-0xDF as
 * GSM and 0xE0-0xEF as UCS-2, 0xF0-0xFF by bit 2; of SMPP's own values (§5.2.19) 0x00 and 0x01 (IA5) are 7-bit,
 * 0x08 is UCS-2, and the others (8-bit data, Latin-1, JIS, Cyrillic, Hebrew, Kanji ...) are octets, like the
 * reserved ranges. {@link #RULES_FIRST} (0, messages accepted before rules were kept) counted only 0x02-0x04 and
 * the 8-bit class group as octets and every other value not UCS-2 as GSM, so that 0x14-0x17 (8-bit with a class)
 * and 0xE0-0xEF (UCS-2 with an indication) were charged and split as GSM.
 */
public final class Segments {
    /**
     * The most parts one message can have: the concatenation header counts them in one octet (1 to 255). A longer
     * body cannot be sent as one message; the edges refuse it before it is accepted or charged.
     */
    public static final int MAX_PARTS = 255;
    /** The rules messages accepted before rules were kept were counted under. */
    public static final byte RULES_FIRST = 0;
    /** The rules messages accepted now are counted under. */
    public static final byte RULES_CURRENT = 1;
    private static final int GSM = 0;
    private static final int UCS2 = 1;
    private static final int OCTETS = 2;
    private static final int GSM_SINGLE = 160;
    private static final int GSM_PART = 153;
    private static final int UCS2_SINGLE = 140;
    private static final int UCS2_PART = 134;
    private static final int OCTET_SINGLE = 140;
    private static final int OCTET_PART = 134;
    private static final byte GSM_ESCAPE = 0x1B;

    private Segments() {
    }

    /** {@link #count(byte[], byte, byte, byte)} under the {@link #RULES_CURRENT current rules}. */
    public static int count(byte[] payload, byte dataCoding, byte esmClass) {
        return count(payload, dataCoding, esmClass, RULES_CURRENT);
    }

    /** The segments {@code payload} takes under {@code rules} ({@link #RULES_FIRST} or {@link #RULES_CURRENT}). */
    public static int count(byte[] payload, byte dataCoding, byte esmClass, byte rules) {
        if (payload == null || payload.length == 0 || (esmClass & 0x40) != 0 || fitsOne(payload, dataCoding, rules)) {
            return 1;
        }
        int parts = 0;
        for (int start = 0; start < payload.length; start = partEnd(payload, dataCoding, start, rules)) {
            parts++;
        }
        return parts;
    }

    /** True when {@code payload} goes out as one segment without a UDH, under the current rules. */
    public static boolean fitsOne(byte[] payload, byte dataCoding) {
        return fitsOne(payload, dataCoding, RULES_CURRENT);
    }

    private static boolean fitsOne(byte[] payload, byte dataCoding, byte rules) {
        int unit = unit(dataCoding, rules);
        int single = unit == UCS2 ? UCS2_SINGLE : unit == OCTETS ? OCTET_SINGLE : GSM_SINGLE;
        return payload.length <= single;
    }

    /**
     * True when {@code body}, a part the customer split itself (esm_class UDHI: its user data header first), is a
     * well-formed header followed by what one segment carries after it (3GPP TS 23.040 §9.2.3.24): the header's
     * length octet does not run past the body, and the whole takes at most 140 octets, or for GSM 7-bit at most
     * 160 septets, the header's octets counted as the septets they fill (with their fill bits). Such a part is
     * never split further, so one that does not fit cannot be sent as it was charged. Current rules.
     */
    public static boolean fitsOneWithHeader(byte[] body, byte dataCoding) {
        if (body == null || body.length == 0) {
            return false;
        }
        int header = (body[0] & 0xFF) + 1;
        return header <= body.length && body.length - header <= roomAfterHeader(header, dataCoding);
    }

    /**
     * What one segment of {@code dataCoding} carries after a user data header of {@code headerOctets} (its length
     * octet included): octets, or for GSM 7-bit the septets left once the header and its fill bits take theirs.
     * Negative when the header alone does not fit. Current rules.
     */
    public static int roomAfterHeader(int headerOctets, byte dataCoding) {
        return unit(dataCoding, RULES_CURRENT) == GSM
                ? GSM_SINGLE - (headerOctets * 8 + 6) / 7
                : OCTET_SINGLE - headerOctets;
    }

    /** {@link #partEnd(byte[], byte, int, byte)} under the current rules. */
    public static int partEnd(byte[] payload, byte dataCoding, int start) {
        return partEnd(payload, dataCoding, start, RULES_CURRENT);
    }

    /**
     * The end (exclusive) of the concatenated part that starts at {@code start}: the most of the body one part
     * carries without splitting an escape or surrogate pair, under {@code rules}.
     */
    public static int partEnd(byte[] payload, byte dataCoding, int start, byte rules) {
        int unit = unit(dataCoding, rules);
        if (unit == UCS2) {
            int end = Math.min(payload.length, start + UCS2_PART);
            // A high surrogate (U+D800-U+DBFF) as the part's last character: its low half would start the next part.
            if (end < payload.length && end - start >= 2 && (payload[end - 2] & 0xFC) == 0xD8) {
                end -= 2;
            }
            return end;
        }
        if (unit == OCTETS) {
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

    /** What one segment of {@code dataCoding} carries its text in under {@code rules}: GSM, UCS2 or OCTETS. */
    private static int unit(byte dataCoding, byte rules) {
        int coding = dataCoding & 0xFF;
        if (rules == RULES_FIRST) {
            return firstRulesUcs2(coding) ? UCS2 : firstRulesEightBit(coding) ? OCTETS : GSM;
        }
        if (coding < 0x10) {
            return coding == 0x00 || coding == 0x01 ? GSM : coding == 0x08 ? UCS2 : OCTETS;
        }
        if (coding < 0x80) { // general (0x10-0x3F) and automatic-deletion (0x40-0x7F) groups
            if ((coding & 0x20) != 0) {
                return OCTETS; // compressed (GSM 03.42)
            }
            int alphabet = coding & 0x0C;
            return alphabet == 0x00 ? GSM : alphabet == 0x08 ? UCS2 : OCTETS;
        }
        if (coding < 0xC0) {
            return OCTETS; // reserved groups
        }
        if (coding < 0xE0) {
            return GSM; // message waiting indication, discard or store, GSM 7-bit
        }
        if (coding < 0xF0) {
            return UCS2; // message waiting indication, store, UCS-2
        }
        return (coding & 0x04) != 0 ? OCTETS : GSM; // data coding / message class
    }

    /** The first rules' UCS-2: 0x08, and the general group 0x10-0x3F's alphabet bits 10. */
    private static boolean firstRulesUcs2(int coding) {
        return coding == 0x08 || ((coding & 0xC0) == 0x00 && (coding & 0x0C) == 0x08 && coding >= 0x10);
    }

    /** The first rules' octets: SMPP's 0x02-0x04 and the 8-bit message class group. */
    private static boolean firstRulesEightBit(int coding) {
        return coding == 0x02 || coding == 0x03 || coding == 0x04 || (coding & 0xF4) == 0xF4;
    }
}
