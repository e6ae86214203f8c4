package io.ringway.engine.message;

import java.nio.charset.StandardCharsets;

/**
 * Text to message body and back, in the three encodings the network carries (SMPP 3.4 §5.2.19 data_coding):
 * GSM 03.38 default alphabet with its extension table ({@link #GSM}, one octet per septet, unpacked, as SMPP
 * carries it), ISO-8859-1 ({@link #LATIN1}) and UCS-2/UTF-16BE ({@link #UCS2}). {@link #cheapest} picks the first
 * that represents the whole text, in the order of characters per segment: GSM 160, Latin-1 140, UCS-2 70.
 * Turkish ş, ğ, ı, İ and every emoji therefore force UCS-2; emoji travel as surrogate pairs.
 */
public final class TextEncoding {
    public static final byte GSM = 0x00;
    public static final byte LATIN1 = 0x03;
    public static final byte UCS2 = 0x08;

    /** The escape septet that announces a character of the extension table. */
    public static final byte ESCAPE = 0x1B;

    /** GSM 03.38 default alphabet, by septet value; the escape position (0x1B) holds no character. */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\uFFFFÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** GSM 03.38 extension table: character and its septet after the escape. */
    private static final String EXTENSION_CHARS = "\f^{}\\[~]|€";
    private static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    /** National language identifier of Turkish in a user data header's shift table elements (3GPP TS 23.038 §6.2.1.2.4). */
    public static final int TURKISH = 1;
    /** The Turkish locking shift table (3GPP TS 23.038 A.3.1): the default alphabet with eight septets changed. */
    private static final String TURKISH_BASIC = replaced(BASIC,
            new int[] {0x04, 0x07, 0x0B, 0x0C, 0x1C, 0x1D, 0x40, 0x60}, "\u20AC\u0131\u011E\u011F\u015E\u015F\u0130\u00E7");
    /** Septets of the Turkish single shift table (A.2.1) besides the default extension table's, and their characters. */
    private static final byte[] TURKISH_SINGLE_CODES = {0x47, 0x49, 0x53, 0x63, 0x67, 0x69, 0x73};
    private static final String TURKISH_SINGLE_CHARS = "\u011E\u0130\u015E\u00E7\u011F\u0131\u015F";

    private static final short[] GSM_OF_CHAR = new short[0x2100];
    private static final short NONE = -1;

    static {
        java.util.Arrays.fill(GSM_OF_CHAR, NONE);
        for (int septet = 0; septet < BASIC.length(); septet++) {
            char c = BASIC.charAt(septet);
            if (c != '\uFFFF') {
                GSM_OF_CHAR[c] = (short) septet;
            }
        }
        for (int i = 0; i < EXTENSION_CHARS.length(); i++) {
            GSM_OF_CHAR[EXTENSION_CHARS.charAt(i)] = (short) (0x100 | EXTENSION_CODES[i]);
        }
    }

    private TextEncoding() {
    }

    /** The data_coding with the most characters per segment that can carry all of {@code text}. */
    public static byte cheapest(CharSequence text) {
        boolean gsm = true;
        boolean latin1 = true;
        for (int i = 0; i < text.length() && (gsm || latin1); i++) {
            char c = text.charAt(i);
            gsm &= gsmCode(c) != NONE;
            latin1 &= c <= 0xFF;
        }
        return gsm ? GSM : latin1 ? LATIN1 : UCS2;
    }

    /** Encodes {@code text} for {@code dataCoding} ({@link #GSM}, {@link #LATIN1} or {@link #UCS2}). */
    public static byte[] encode(CharSequence text, byte dataCoding) {
        switch (dataCoding) {
            case GSM -> {
                byte[] out = new byte[gsmSeptets(text)];
                int at = 0;
                for (int i = 0; i < text.length(); i++) {
                    short code = gsmCode(text.charAt(i));
                    if (code == NONE) {
                        throw new IllegalArgumentException("not in the GSM 03.38 alphabet: U+"
                                + Integer.toHexString(text.charAt(i)));
                    }
                    if (code > 0xFF) {
                        out[at++] = ESCAPE;
                    }
                    out[at++] = (byte) code;
                }
                return out;
            }
            case LATIN1 -> {
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) > 0xFF) {
                        throw new IllegalArgumentException("not in ISO-8859-1: U+" + Integer.toHexString(text.charAt(i)));
                    }
                }
                return text.toString().getBytes(StandardCharsets.ISO_8859_1);
            }
            case UCS2 -> {
                return text.toString().getBytes(StandardCharsets.UTF_16BE);
            }
            default -> throw new IllegalArgumentException("no text encoding for data_coding " + dataCoding);
        }
    }

    /**
     * The alphabet {@code dataCoding} names, as {@link #GSM}, {@link #LATIN1} or {@link #UCS2} for {@link #decode}:
     * SMPP 3.4's own values (§5.2.19: 0x00 the SMSC default, taken as GSM 03.38; 0x01 IA5 and 0x03 Latin-1, read as
     * Latin-1; 0x08 UCS-2), and GSM 03.38's coding groups that carry a message class or an indication: the general
     * group 0x10-0x3F by its alphabet bits (compressed text excepted), 0xC0-0xDF (GSM 7-bit), 0xE0-0xEF (UCS-2), 0xF0-0xFF (bit 2: 8-bit
     * data, else GSM 7-bit). Anything else (8-bit data, JIS, Cyrillic, Hebrew ...) as it is.
     */
    public static byte alphabet(byte dataCoding) {
        int coding = dataCoding & 0xFF;
        if (coding < 0x10) {
            return coding == 0x01 ? LATIN1 : dataCoding;
        }
        if (coding < 0x40) {
            if ((coding & 0x20) != 0) {
                return dataCoding; // compressed (GSM 03.42): not text as it stands
            }
            int bits = coding & 0x0C;
            return bits == 0x00 ? GSM : bits == 0x08 ? UCS2 : dataCoding;
        }
        if (coding >= 0xC0 && coding < 0xE0) {
            return GSM;
        }
        if (coding >= 0xE0 && coding < 0xF0) {
            return UCS2;
        }
        if (coding >= 0xF0) {
            return (coding & 0x04) == 0 ? GSM : dataCoding;
        }
        return dataCoding;
    }

    /** Decodes a body; unknown GSM septets and codings that are not text decode as '?'. */
    public static String decode(byte[] payload, int offset, int length, byte dataCoding) {
        switch (dataCoding) {
            case GSM -> {
                return gsm(payload, offset, length, BASIC, 0, false);
            }
            case LATIN1, 0x01 -> {
                return new String(payload, offset, length, StandardCharsets.ISO_8859_1);
            }
            case UCS2 -> {
                return new String(payload, offset, length & ~1, StandardCharsets.UTF_16BE);
            }
            default -> {
                return "?".repeat(Math.max(0, Math.min(length, 1)));
            }
        }
    }

    /**
     * Decodes GSM 7-bit septets (one per octet) under the national language tables a user data header named:
     * {@code lockingShift} in place of the default alphabet, {@code singleShift} in place of the extension table
     * (0: the default ones). Turkish ({@link #TURKISH}) is known; any other identifier reads as the default table.
     * An escape followed by a septet the extension table in use lacks reads as that septet of the main table, as
     * 3GPP TS 23.038 §6.2.1.1 has a phone display it.
     */
    public static String decodeGsm(byte[] payload, int offset, int length, int lockingShift, int singleShift) {
        return gsm(payload, offset, length, lockingShift == TURKISH ? TURKISH_BASIC : BASIC, singleShift, true);
    }

    /**
     * GSM 7-bit septets (one per octet) read with the main table {@code basic} and the single shift table
     * {@code singleShift}; an escaped septet that table lacks reads as a space, or with {@code mainAfterEscape} as
     * that septet of the main table. A lone escape at the end reads as a space.
     */
    private static String gsm(byte[] payload, int offset, int length, String basic, int singleShift,
                              boolean mainAfterEscape) {
        StringBuilder text = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            int septet = payload[i] & 0x7F;
            if (septet == ESCAPE && i + 1 < offset + length) {
                int shifted = payload[++i] & 0x7F;
                char c = singleShiftChar(shifted, singleShift);
                text.append(c != 0 ? c : mainAfterEscape && shifted != ESCAPE ? basic.charAt(shifted) : ' ');
            } else if (septet == ESCAPE) {
                text.append(' ');
            } else {
                text.append(basic.charAt(septet));
            }
        }
        return text.toString();
    }

    /** The character of {@code septet} after an escape in the single shift table {@code language}, or 0: none. */
    private static char singleShiftChar(int septet, int language) {
        for (int i = 0; language == TURKISH && i < TURKISH_SINGLE_CODES.length; i++) {
            if (TURKISH_SINGLE_CODES[i] == septet) {
                return TURKISH_SINGLE_CHARS.charAt(i);
            }
        }
        for (int i = 0; i < EXTENSION_CODES.length; i++) {
            if (EXTENSION_CODES[i] == septet) {
                return EXTENSION_CHARS.charAt(i);
            }
        }
        return 0;
    }

    private static String replaced(String table, int[] septets, String chars) {
        char[] replaced = table.toCharArray();
        for (int i = 0; i < septets.length; i++) {
            replaced[septets[i]] = chars.charAt(i);
        }
        return new String(replaced);
    }

    /** Septets {@code text} takes in the GSM alphabet (extension characters take two). */
    public static int gsmSeptets(CharSequence text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += gsmCode(text.charAt(i)) > 0xFF ? 2 : 1;
        }
        return septets;
    }

    private static short gsmCode(char c) {
        return c < GSM_OF_CHAR.length ? GSM_OF_CHAR[c] : NONE;
    }

}
