package io.ringway.benchmarks.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The few SMPP 3.4 facts the load generator and the sink read straight from the wire, so that neither decodes a
 * whole PDU into Cloudhopper objects per message: header fields (§3.2), the walk over a deliver_sm or submit_sm
 * body to its TLVs (§4.4.1, §4.6.1), and the 17-octet responses that carry an empty message_id.
 */
final class SmppWire {
    static final int HEADER = 16;

    static final int BIND_RECEIVER = 0x00000001;
    static final int BIND_TRANSMITTER = 0x00000002;
    static final int SUBMIT_SM = 0x00000004;
    static final int DELIVER_SM = 0x00000005;
    static final int UNBIND = 0x00000006;
    static final int BIND_TRANSCEIVER = 0x00000009;
    static final int ENQUIRE_LINK = 0x00000015;
    static final int RESPONSE = 0x80000000;
    static final int GENERIC_NACK = 0x80000000;
    static final int SUBMIT_SM_RESP = 0x80000004;
    static final int DELIVER_SM_RESP = 0x80000005;
    static final int UNBIND_RESP = 0x80000006;
    static final int ENQUIRE_LINK_RESP = 0x80000015;

    static final int TAG_RECEIPTED_MESSAGE_ID = 0x001E;
    static final int TAG_MESSAGE_STATE = 0x0427;
    /** esm_class message-type bits of an SMSC delivery receipt (§5.2.12). */
    static final int ESM_CLASS_RECEIPT = 0x04;

    private SmppWire() {
    }

    static int commandId(ByteBuf frame) {
        return frame.getInt(frame.readerIndex() + 4);
    }

    static int status(ByteBuf frame) {
        return frame.getInt(frame.readerIndex() + 8);
    }

    static int sequence(ByteBuf frame) {
        return frame.getInt(frame.readerIndex() + 12);
    }

    /** A PDU of a 16-octet header (a response, or unbind) and, when {@code withMessageId}, an empty message_id C-string. */
    static ByteBuf pdu(ByteBufAllocator alloc, int commandId, int status, int sequence, boolean withMessageId) {
        int length = withMessageId ? HEADER + 1 : HEADER;
        ByteBuf out = alloc.directBuffer(length);
        out.writeInt(length).writeInt(commandId).writeInt(status).writeInt(sequence);
        if (withMessageId) {
            out.writeByte(0);
        }
        return out;
    }

    /** Index just after the NUL of the C-string starting at {@code index}, or -1 if it runs past {@code end}. */
    static int skipCString(ByteBuf frame, int index, int end) {
        int nul = frame.indexOf(index, end, (byte) 0);
        return nul < 0 ? -1 : nul + 1;
    }

    /**
     * Index of the first TLV of a submit_sm or deliver_sm (they share their mandatory fields), or -1 when the
     * body is truncated. Also where the caller finds esm_class ({@link #esmClassIndex}) and registered_delivery.
     */
    static int optionalParametersIndex(ByteBuf frame) {
        int end = frame.readerIndex() + frame.getInt(frame.readerIndex());
        int at = registeredDeliveryIndex(frame);
        if (at < 0 || at + 5 > end) {
            return -1;
        }
        int smLength = frame.getUnsignedByte(at + 4);
        at += 5 + smLength;
        return at <= end ? at : -1;
    }

    /** Index of esm_class, after service_type, the source and the destination address (§4.4.1). */
    static int esmClassIndex(ByteBuf frame) {
        int end = frame.readerIndex() + frame.getInt(frame.readerIndex());
        int at = skipCString(frame, frame.readerIndex() + HEADER, end);
        if (at < 0) {
            return -1;
        }
        at = skipCString(frame, at + 2, end);
        if (at < 0) {
            return -1;
        }
        at = skipCString(frame, at + 2, end);
        return at < 0 || at >= end ? -1 : at;
    }

    /** Index of registered_delivery: esm_class, protocol_id, priority_flag and two time C-strings further. */
    static int registeredDeliveryIndex(ByteBuf frame) {
        int end = frame.readerIndex() + frame.getInt(frame.readerIndex());
        int at = esmClassIndex(frame);
        if (at < 0) {
            return -1;
        }
        at = skipCString(frame, at + 3, end);
        if (at < 0) {
            return -1;
        }
        at = skipCString(frame, at, end);
        return at < 0 || at >= end ? -1 : at;
    }

    /** Index of the value of the TLV {@code tag} among those from {@code from} on, or -1 when it is absent. */
    static int findTlv(ByteBuf frame, int from, int tag) {
        int end = frame.readerIndex() + frame.getInt(frame.readerIndex());
        int at = from;
        while (at + 4 <= end) {
            int found = frame.getUnsignedShort(at);
            int length = frame.getUnsignedShort(at + 2);
            if (found == tag) {
                return at + 4 + length <= end ? at + 4 : -1;
            }
            at += 4 + length;
        }
        return -1;
    }

    static int tlvLength(ByteBuf frame, int valueIndex) {
        return frame.getUnsignedShort(valueIndex - 2);
    }

    /**
     * A 64-bit FNV-1a hash of the message id octets from {@code index} up to a NUL, {@code end} or {@code
     * maxLength} octets: the key under which a submission waits for its receipt. Ids are at most 65 octets
     * (§5.2.23), so among the few hundred thousand a run keeps waiting a collision is practically impossible.
     */
    static long messageIdKey(ByteBuf frame, int index, int maxLength) {
        long hash = 0xcbf29ce484222325L;
        int end = Math.min(index + maxLength, frame.readerIndex() + frame.getInt(frame.readerIndex()));
        for (int i = index; i < end; i++) {
            byte b = frame.getByte(i);
            if (b == 0) {
                break;
            }
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return hash;
    }

    /** The command_status name as SMPP 3.4 §5.1.3 spells it, for the report. */
    static String statusName(int status) {
        return switch (status) {
            case 0x00 -> "ESME_ROK";
            case 0x01 -> "ESME_RINVMSGLEN";
            case 0x02 -> "ESME_RINVCMDLEN";
            case 0x03 -> "ESME_RINVCMDID";
            case 0x04 -> "ESME_RINVBNDSTS";
            case 0x05 -> "ESME_RALYBND";
            case 0x08 -> "ESME_RSYSERR";
            case 0x0A -> "ESME_RINVSRCADR";
            case 0x0B -> "ESME_RINVDSTADR";
            case 0x0D -> "ESME_RBINDFAIL";
            case 0x0E -> "ESME_RINVPASWD";
            case 0x0F -> "ESME_RINVSYSID";
            case 0x14 -> "ESME_RMSGQFUL";
            case 0x45 -> "ESME_RSUBMITFAIL";
            case 0x58 -> "ESME_RTHROTTLED";
            case 0x61 -> "ESME_RINVSCHED";
            case 0x62 -> "ESME_RINVEXPIRY";
            case 0xC2 -> "ESME_RINVPARLEN";
            case 0xFF -> "ESME_RUNKNOWNERR";
            default -> "status";
        };
    }

    /** message_state TLV values (§5.3.2.35) by name, index = value. */
    static final String[] MESSAGE_STATES = {"0", "ENROUTE", "DELIVERED", "EXPIRED", "DELETED", "UNDELIVERABLE",
            "ACCEPTED", "UNKNOWN", "REJECTED"};
}
