package io.ringway.engine.journal;

import java.util.Arrays;

/**
 * A journal record being encoded: a growable array written with plain stores, then copied into the journal in
 * one bulk write. Each primitive is laid out as Chronicle Bytes writes it, so that {@link EventCodec#read}, which
 * reads through Chronicle, reads it back: integers little-endian, {@link #stopBit} as Chronicle's stop-bit
 * encoding, {@link #utf8} as a stop-bit length (-1 for null) and each UTF-16 unit in one to three octets.
 * Writing field by field into the mapped file instead checks bounds and translates the address on every octet
 * (see benchmarks/README.md). Journal thread only; reused for every record.
 */
public final class RecordWriter {
    private byte[] octets = new byte[256];
    private int size;

    /** Starts a new record. */
    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The record's octets; valid up to {@link #size()} until the next write. */
    public byte[] array() {
        return octets;
    }

    public void writeByte(int value) {
        ensure(1);
        octets[size++] = (byte) value;
    }

    public void writeBoolean(boolean value) {
        writeByte(value ? 'Y' : 'N');
    }

    public void writeInt(int value) {
        ensure(4);
        int at = size;
        octets[at] = (byte) value;
        octets[at + 1] = (byte) (value >>> 8);
        octets[at + 2] = (byte) (value >>> 16);
        octets[at + 3] = (byte) (value >>> 24);
        size = at + 4;
    }

    public void writeLong(long value) {
        writeInt((int) value);
        writeInt((int) (value >>> 32));
    }

    /** Seven bits an octet, low first, high bit set on all but the last; a negative n is ~n and a final 0. */
    public void stopBit(long value) {
        ensure(11);
        long n = value;
        boolean negative = n < 0;
        if (negative) {
            n = ~n;
        }
        while ((n >>> 7) != 0) {
            octets[size++] = (byte) (0x80 | (n & 0x7F));
            n >>>= 7;
        }
        if (negative) {
            octets[size++] = (byte) (0x80 | n);
            octets[size++] = 0;
        } else {
            octets[size++] = (byte) n;
        }
    }

    public void utf8(String text) {
        if (text == null) {
            stopBit(-1);
            return;
        }
        int length = text.length();
        int encoded = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c > 0x7F) {
                encoded += c > 0x7FF ? 2 : 1;
            }
        }
        stopBit(encoded);
        ensure(encoded);
        int at = size;
        if (encoded == length) {
            for (int i = 0; i < length; i++) {
                octets[at++] = (byte) text.charAt(i);
            }
        } else {
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c <= 0x7F) {
                    octets[at++] = (byte) c;
                } else if (c <= 0x7FF) {
                    octets[at++] = (byte) (0xC0 | (c >> 6));
                    octets[at++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    octets[at++] = (byte) (0xE0 | (c >> 12));
                    octets[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    octets[at++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }
        size = at;
    }

    public void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, octets, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (size + more > octets.length) {
            octets = Arrays.copyOf(octets, Math.max(octets.length * 2, size + more));
        }
    }
}
