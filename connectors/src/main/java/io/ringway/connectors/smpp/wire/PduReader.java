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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /** The PDU in the first {@code length} octets of {@code pdu} (one whole, validated PDU), or {@code null}. */
    static Pdu read(byte[] pdu, int length) {
        return switch (int32(pdu, 4)) {
            case CMD_SUBMIT_SM -> readSm(pdu, length, new SubmitSm());
            case CMD_DELIVER_SM -> readSm(pdu, length, new DeliverSm());
            case CMD_SUBMIT_SM_RESP -> readSmResp(pdu, length, new SubmitSmResp());
            case CMD_DELIVER_SM_RESP -> readSmResp(pdu, length, new DeliverSmResp());
            default -> null;
        };
    }

    private static Pdu readSmResp(byte[] pdu, int end, BaseSmResp response) {
        int at = SmppFrameDecoder.HEADER_LENGTH;
        if (at < end) {
            int nul = nul(pdu, at, end);
            if (nul != end - 1) {
                return null; // no NUL, or TLVs after it: the transcoder's path
            }
            response.setMessageId(string(pdu, at, nul));
        }
        return header(pdu, response);
    }

    /** The fields of SMPP 3.4 §4.4.1 (the same for deliver_sm, §4.6.1); the validator checked every length. */
    private static Pdu readSm(byte[] pdu, int end, BaseSm<?> sm) {
        int at = SmppFrameDecoder.HEADER_LENGTH;
        int nul = nul(pdu, at, end);
        sm.setServiceType(string(pdu, at, nul));
        at = nul + 1;
        nul = nul(pdu, at + 2, end);
        sm.setSourceAddress(new Address(pdu[at], pdu[at + 1], string(pdu, at + 2, nul)));
        at = nul + 1;
        nul = nul(pdu, at + 2, end);
        sm.setDestAddress(new Address(pdu[at], pdu[at + 1], string(pdu, at + 2, nul)));
        at = nul + 1;
        sm.setEsmClass(pdu[at]);
        sm.setProtocolId(pdu[at + 1]);
        sm.setPriority(pdu[at + 2]);
        at += 3;
        nul = nul(pdu, at, end);
        sm.setScheduleDeliveryTime(string(pdu, at, nul));
        at = nul + 1;
        nul = nul(pdu, at, end);
        sm.setValidityPeriod(string(pdu, at, nul));
        at = nul + 1;
        sm.setRegisteredDelivery(pdu[at]);
        sm.setReplaceIfPresent(pdu[at + 1]);
        sm.setDataCoding(pdu[at + 2]);
        sm.setDefaultMsgId(pdu[at + 3]);
        int smLength = pdu[at + 4] & 0xFF;
        at += 5;
        try {
            sm.setShortMessage(Arrays.copyOfRange(pdu, at, at + smLength));
        } catch (SmppInvalidArgumentException e) {
            return null; // over 255 octets: the validator refuses those first
        }
        at += smLength;
        while (at < end) {
            short tag = (short) ((pdu[at] & 0xFF) << 8 | pdu[at + 1] & 0xFF);
            int valueLength = (pdu[at + 2] & 0xFF) << 8 | pdu[at + 3] & 0xFF;
            sm.addOptionalParameter(new Tlv(tag, Arrays.copyOfRange(pdu, at + 4, at + 4 + valueLength)));
            at += 4 + valueLength;
        }
        return header(pdu, sm);
    }

    private static Pdu header(byte[] pdu, Pdu read) {
        read.setCommandLength(int32(pdu, 0));
        read.setCommandStatus(int32(pdu, 8));
        read.setSequenceNumber(int32(pdu, 12));
        return read;
    }

    private static int int32(byte[] pdu, int at) {
        return (pdu[at] & 0xFF) << 24 | (pdu[at + 1] & 0xFF) << 16 | (pdu[at + 2] & 0xFF) << 8 | pdu[at + 3] & 0xFF;
    }

    /** The index of the first NUL from {@code from}, or -1 before {@code end}. */
    private static int nul(byte[] pdu, int from, int end) {
        for (int at = from; at < end; at++) {
            if (pdu[at] == 0) {
                return at;
            }
        }
        return -1;
    }

    /** A C-octet string from {@code from} to its NUL at {@code nul}: "" when empty, as the transcoder reads it. */
    private static String string(byte[] pdu, int from, int nul) {
        return nul == from ? "" : new String(pdu, from, nul - from, StandardCharsets.ISO_8859_1);
    }
}
