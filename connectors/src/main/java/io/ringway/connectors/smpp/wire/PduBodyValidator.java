package io.ringway.connectors.smpp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Walks the body of the PDUs customers and SMSCs send us before the Cloudhopper transcoder sees them, and names
 * the exact SMPP error for a malformed field: C-octet strings without their terminating NUL or longer than the
 * specification allows (SMPP 3.4 §4), an {@code sm_length} that runs past the PDU, a TLV whose length runs past
 * the end. Cloudhopper accepts over-long fields and turns a wrong {@code sm_length} into an unchecked exception.
 */
public final class PduBodyValidator {
    public static final int OK = 0;
    public static final int ESME_RINVMSGLEN = 0x01;
    public static final int ESME_RINVCMDLEN = 0x02;
    public static final int ESME_RINVSRCADR = 0x0A;
    public static final int ESME_RINVDSTADR = 0x0B;
    public static final int ESME_RINVPASWD = 0x0E;
    public static final int ESME_RINVSYSID = 0x0F;
    public static final int ESME_RINVSERTYP = 0x15;
    public static final int ESME_RINVSYSTYP = 0x53;
    public static final int ESME_RINVSCHED = 0x61;
    public static final int ESME_RINVEXPIRY = 0x62;
    public static final int ESME_RINVOPTPARSTREAM = 0xC0;
    public static final int ESME_RINVPARLEN = 0xC2;

    private static final int CMD_BIND_RECEIVER = 0x00000001;
    private static final int CMD_BIND_TRANSMITTER = 0x00000002;
    private static final int CMD_SUBMIT_SM = 0x00000004;
    private static final int CMD_DELIVER_SM = 0x00000005;
    private static final int CMD_BIND_TRANSCEIVER = 0x00000009;

    private PduBodyValidator() {
    }

    /**
     * Returns {@link #OK} or the status to answer with. {@code pdu} holds one whole PDU, header included; its
     * reader index is not moved.
     */
    public static int validate(ByteBuf pdu) {
        return validate(ByteBufUtil.getBytes(pdu), pdu.readableBytes());
    }

    /** As {@link #validate(ByteBuf)}, for the whole PDU in the first {@code length} octets of {@code pdu}. */
    static int validate(byte[] pdu, int length) {
        int commandId = (pdu[4] & 0xFF) << 24 | (pdu[5] & 0xFF) << 16 | (pdu[6] & 0xFF) << 8 | pdu[7] & 0xFF;
        Cursor c = new Cursor(pdu, SmppFrameDecoder.HEADER_LENGTH, length);
        switch (commandId) {
            case CMD_SUBMIT_SM, CMD_DELIVER_SM -> {
                return validateSm(c);
            }
            case CMD_BIND_RECEIVER, CMD_BIND_TRANSMITTER, CMD_BIND_TRANSCEIVER -> {
                return validateBind(c);
            }
            default -> {
                return OK;
            }
        }
    }

    private static int validateSm(Cursor c) {
        int status;
        if ((status = c.cString(6, ESME_RINVSERTYP)) != OK
                || (status = c.skip(2)) != OK
                || (status = c.cString(21, ESME_RINVSRCADR)) != OK
                || (status = c.skip(2)) != OK
                || (status = c.cString(21, ESME_RINVDSTADR)) != OK
                || (status = c.skip(3)) != OK
                || (status = c.cString(17, ESME_RINVSCHED)) != OK
                || (status = c.cString(17, ESME_RINVEXPIRY)) != OK
                || (status = c.skip(4)) != OK) {
            return status;
        }
        if (c.remaining() < 1) {
            return ESME_RINVCMDLEN;
        }
        int smLength = c.u8();
        if (smLength > 254 || c.remaining() < smLength) {
            return ESME_RINVMSGLEN;
        }
        c.skip(smLength);
        return validateTlvs(c, true);
    }

    private static int validateBind(Cursor c) {
        int status;
        if ((status = c.cString(16, ESME_RINVSYSID)) != OK
                || (status = c.cString(9, ESME_RINVPASWD)) != OK
                || (status = c.cString(13, ESME_RINVSYSTYP)) != OK
                || (status = c.skip(3)) != OK
                || (status = c.cString(41, ESME_RINVCMDLEN)) != OK) {
            return status;
        }
        return validateTlvs(c, false);
    }

    /**
     * Every TLV must have a whole header and a value inside the PDU. When the very first "TLV" after a short
     * message is broken and its tag is not an SMPP tag, the real fault is an {@code sm_length} shorter than the
     * text that followed it, and that is what we report.
     */
    private static int validateTlvs(Cursor c, boolean afterShortMessage) {
        boolean first = true;
        while (c.remaining() > 0) {
            if (c.remaining() < 4) {
                return first && afterShortMessage ? ESME_RINVMSGLEN : ESME_RINVOPTPARSTREAM;
            }
            int tag = c.u16();
            int length = c.u16();
            if (c.remaining() < length) {
                return first && afterShortMessage && !isKnownTag(tag) ? ESME_RINVMSGLEN : ESME_RINVPARLEN;
            }
            c.skip(length);
            first = false;
        }
        return OK;
    }

    /** Tags defined by SMPP 3.4 §5.3.2 (and the vendor range 0x1400-0x3FFF). */
    private static boolean isKnownTag(int tag) {
        return (tag >= 0x0005 && tag <= 0x0030) || (tag >= 0x0201 && tag <= 0x0210)
                || (tag >= 0x020A && tag <= 0x020F) || (tag >= 0x0300 && tag <= 0x0304) || tag == 0x0381
                || tag == 0x0420 || tag == 0x0421 || tag == 0x0422 || tag == 0x0423 || tag == 0x0424
                || tag == 0x0425 || tag == 0x0426 || tag == 0x0427 || tag == 0x1201 || tag == 0x1203
                || tag == 0x1380 || tag == 0x1381 || tag == 0x1382 || tag == 0x1383 || tag == 0x1384
                || (tag >= 0x1400 && tag <= 0x3FFF);
    }

    /** A bounds-checked reader over one PDU body. */
    private static final class Cursor {
        private final byte[] octets;
        private final int end;
        private int position;

        Cursor(byte[] octets, int position, int end) {
            this.octets = octets;
            this.position = position;
            this.end = end;
        }

        int remaining() {
            return end - position;
        }

        int skip(int count) {
            if (remaining() < count) {
                return ESME_RINVCMDLEN;
            }
            position += count;
            return OK;
        }

        int u8() {
            return octets[position++] & 0xFF;
        }

        int u16() {
            int value = (octets[position] & 0xFF) << 8 | octets[position + 1] & 0xFF;
            position += 2;
            return value;
        }

        /** A C-octet string of at most {@code maxLength} octets including its NUL. */
        int cString(int maxLength, int tooLongStatus) {
            int limit = Math.min(end, position + maxLength);
            for (int at = position; at < limit; at++) {
                if (octets[at] == 0) {
                    position = at + 1;
                    return OK;
                }
            }
            return limit == end && end - position < maxLength ? ESME_RINVCMDLEN : tooLongStatus;
        }
    }
}
