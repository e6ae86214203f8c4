package io.ringway.engine.message;

/**
 * How many network segments a message body takes, counted the way the connector splits it (3GPP TS 23.040):
 * GSM 7-bit 160 characters in one segment, 153 per part when concatenated; UCS-2 70 / 67; 8-bit data and
 * Latin-1 (an octet per character) 140 / 134 octets. A body that already carries its own UDH (esm_class UDHI) is
 * one segment the customer split itself.
 */
public final class Segments {
    private Segments() {
    }

    public static int count(byte[] payload, byte dataCoding, byte esmClass) {
        if (payload == null || payload.length == 0) {
            return 1;
        }
        if ((esmClass & 0x40) != 0) {
            return 1;
        }
        int coding = dataCoding & 0xFF;
        if (isUcs2(coding)) {
            return split((payload.length + 1) / 2, 70, 67);
        }
        if (isEightBit(coding)) {
            return split(payload.length, 140, 134);
        }
        return split(payload.length, 160, 153);
    }

    private static int split(int units, int single, int perPart) {
        return units <= single ? 1 : (units + perPart - 1) / perPart;
    }

    /** SMPP 3.4 §5.2.19: 0x08 is UCS-2; in the 0xC0-0xEF/0x20-0x3F general groups the alphabet bits say so too. */
    private static boolean isUcs2(int coding) {
        return coding == 0x08 || ((coding & 0xC0) == 0x00 && (coding & 0x0C) == 0x08 && coding >= 0x10);
    }

    private static boolean isEightBit(int coding) {
        return coding == 0x02 || coding == 0x03 || coding == 0x04 || (coding & 0xF4) == 0xF4;
    }
}
