package io.ringway.connectors.smpp.wire;

import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.pdu.BaseSmResp;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.type.SmppInvalidArgumentException;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Reads the PDUs that arrive once per message (submit_sm, deliver_sm and their responses) into the same
 * Cloudhopper objects, field for field, that the transcoder makes of them, with one bulk search per C-octet
 * string instead of a bounds-checked read per octet, and no slice, boxed header or charset lookup by name. The
 * transcoder's result message, a log text for responses, is not filled in. Only frames that
 * {@link PduBodyValidator} passed come here; a shape it does not cover (a response with TLVs, or without the NUL
 * that ends its message_id) makes {@link #read} return {@code null}, and the transcoder decides.
 *
 * <p>Stateless; any thread.
 */
final class PduReader {
    private static final int CMD_SUBMIT_SM = 0x00000004;
    private static final int CMD_DELIVER_SM = 0x00000005;
    private static final int CMD_SUBMIT_SM_RESP = 0x80000004;
    private static final int CMD_DELIVER_SM_RESP = 0x80000005;

    private PduReader() {
    }

    /** The PDU in {@code frame} (one whole, validated PDU; its indexes are not moved), or {@code null}. */
    static Pdu read(ByteBuf frame) {
        int start = frame.readerIndex();
        int commandId = frame.getInt(start + 4);
        return switch (commandId) {
            case CMD_SUBMIT_SM -> readSm(frame, new SubmitSm());
            case CMD_DELIVER_SM -> readSm(frame, new DeliverSm());
            case CMD_SUBMIT_SM_RESP -> readSmResp(frame, new SubmitSmResp());
            case CMD_DELIVER_SM_RESP -> readSmResp(frame, new DeliverSmResp());
            default -> null;
        };
    }

    private static Pdu readSmResp(ByteBuf frame, BaseSmResp response) {
        int at = frame.readerIndex() + SmppFrameDecoder.HEADER_LENGTH;
        int end = frame.writerIndex();
        if (at < end) {
            int nul = frame.indexOf(at, end, (byte) 0);
            if (nul != end - 1) {
                return null; // no NUL, or TLVs after it: the transcoder's path
            }
            response.setMessageId(string(frame, at, nul));
        }
        return header(frame, response);
    }

    /** The fields of SMPP 3.4 §4.4.1 (the same for deliver_sm, §4.6.1); the validator checked every length. */
    private static Pdu readSm(ByteBuf frame, BaseSm<?> sm) {
        int end = frame.writerIndex();
        int at = frame.readerIndex() + SmppFrameDecoder.HEADER_LENGTH;
        int nul = frame.indexOf(at, end, (byte) 0);
        sm.setServiceType(string(frame, at, nul));
        at = nul + 1;
        nul = frame.indexOf(at + 2, end, (byte) 0);
        sm.setSourceAddress(new Address(frame.getByte(at), frame.getByte(at + 1), string(frame, at + 2, nul)));
        at = nul + 1;
        nul = frame.indexOf(at + 2, end, (byte) 0);
        sm.setDestAddress(new Address(frame.getByte(at), frame.getByte(at + 1), string(frame, at + 2, nul)));
        at = nul + 1;
        sm.setEsmClass(frame.getByte(at));
        sm.setProtocolId(frame.getByte(at + 1));
        sm.setPriority(frame.getByte(at + 2));
        at += 3;
        nul = frame.indexOf(at, end, (byte) 0);
        sm.setScheduleDeliveryTime(string(frame, at, nul));
        at = nul + 1;
        nul = frame.indexOf(at, end, (byte) 0);
        sm.setValidityPeriod(string(frame, at, nul));
        at = nul + 1;
        sm.setRegisteredDelivery(frame.getByte(at));
        sm.setReplaceIfPresent(frame.getByte(at + 1));
        sm.setDataCoding(frame.getByte(at + 2));
        sm.setDefaultMsgId(frame.getByte(at + 3));
        int smLength = frame.getUnsignedByte(at + 4);
        at += 5;
        byte[] shortMessage = new byte[smLength];
        frame.getBytes(at, shortMessage);
        try {
            sm.setShortMessage(shortMessage);
        } catch (SmppInvalidArgumentException e) {
            return null; // over 255 octets: the validator refuses those first
        }
        at += smLength;
        while (at < end) {
            short tag = frame.getShort(at);
            byte[] value = new byte[frame.getUnsignedShort(at + 2)];
            frame.getBytes(at + 4, value);
            sm.addOptionalParameter(new Tlv(tag, value));
            at += 4 + value.length;
        }
        return header(frame, sm);
    }

    private static Pdu header(ByteBuf frame, Pdu pdu) {
        int start = frame.readerIndex();
        pdu.setCommandLength(frame.getInt(start));
        pdu.setCommandStatus(frame.getInt(start + 8));
        pdu.setSequenceNumber(frame.getInt(start + 12));
        return pdu;
    }

    /** A C-octet string from {@code from} to its NUL at {@code nul}: "" when empty, as the transcoder reads it. */
    private static String string(ByteBuf frame, int from, int nul) {
        return nul == from ? "" : frame.toString(from, nul - from, StandardCharsets.ISO_8859_1);
    }
}
