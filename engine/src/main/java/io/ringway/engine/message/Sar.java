package io.ringway.engine.message;

/**
 * A customer's own concatenation of a long message by the sar_* TLVs (SMPP 3.4 §5.3.2.22-24): each submission is
 * one part, carrying the reference number common to all parts (16 bits), the number of parts (1-255) and its own
 * place among them (1-255). Packed into one {@code long} so that a submission without them carries 0.
 */
public final class Sar {
    /** No sar_* TLVs. */
    public static final long NONE = 0;
    private static final long PRESENT = 1L << 32;

    private Sar() {
    }

    /** The packed TLVs; {@code total} and {@code sequence} 1-255 with {@code sequence <= total}, checked by the caller. */
    public static long of(int reference, int total, int sequence) {
        return PRESENT | (reference & 0xFFFFL) << 16 | (total & 0xFFL) << 8 | (sequence & 0xFFL);
    }

    public static boolean present(long sar) {
        return (sar & PRESENT) != 0;
    }

    /** sar_msg_ref_num. */
    public static int reference(long sar) {
        return (int) (sar >>> 16) & 0xFFFF;
    }

    /** sar_total_segments. */
    public static int total(long sar) {
        return (int) (sar >>> 8) & 0xFF;
    }

    /** sar_segment_seqnum. */
    public static int sequence(long sar) {
        return (int) sar & 0xFF;
    }
}
