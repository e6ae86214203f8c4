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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;

/**
 * Writes the PDUs that go out once per message (submit_sm, deliver_sm and their responses) into an array (a
 * per-thread {@link ScratchOctets}, or the codec's batch of pending PDUs, see {@link SmppPduCodec}) and from
 * there, in one copy, into a pooled buffer, octet for octet as Cloudhopper's transcoder writes them (SMPP 3.4 §4.4, §4.6),
 * without its per-field {@code String.getBytes} arrays and boxed lengths. Every other PDU, and these when a field
 * holds a character beyond ISO-8859-1 (which Cloudhopper replaces, with a length it then miscounts) or when their
 * command_length was already set, is left to the transcoder: {@link #length} then returns -1 (and
 * {@link #write(ByteBufAllocator, Pdu)} {@code null}). A submit_sm_resp or bind_*_resp with an error status is
 * written as its header alone: SMPP 3.4 §4.4.2 and §4.1 return no body then (no message_id, no system_id), and a
 * strict peer reads an empty message_id after an error as a malformed response.
 *
 * <p>Stateless; any thread.
 */
final class PduWriter {
    private static final int HEADER_LENGTH = SmppFrameDecoder.HEADER_LENGTH;
    /** Fixed octets of a submit_sm or deliver_sm body: 2 x (ton, npi), esm_class, protocol_id, priority_flag,
     *  registered_delivery, replace_if_present, data_coding, sm_default_msg_id, sm_length. */
    private static final int SM_FIXED_LENGTH = 12;
    private static final ScratchOctets SCRATCH = new ScratchOctets();
    private static final int BIND_RECEIVER_RESP = 0x80000001;
    private static final int BIND_TRANSMITTER_RESP = 0x80000002;
    private static final int SUBMIT_SM_RESP = 0x80000004;
    private static final int BIND_TRANSCEIVER_RESP = 0x80000009;

    private PduWriter() {
    }

    /** {@code pdu} encoded into a buffer from {@code alloc}, or {@code null} when the transcoder must do it. */
    static ByteBuf write(ByteBufAllocator alloc, Pdu pdu) {
        int length = length(pdu);
        if (length < 0) {
            return null;
        }
        byte[] out = SCRATCH.atLeast(length);
        write(pdu, length, out, 0);
        return alloc.ioBuffer(length, length).writeBytes(out, 0, length);
    }

    /**
     * The octets {@link #write(Pdu, int, byte[], int)} writes for {@code pdu} (its command_length), or -1 when the
     * transcoder must encode it.
     */
    static int length(Pdu pdu) {
        if (bodyless(pdu)) {
            return HEADER_LENGTH;
        }
        if (pdu.hasCommandLengthCalculated()) {
            return -1;
        }
        if (pdu instanceof SubmitSm || pdu instanceof DeliverSm) {
            return smLength((BaseSm<?>) pdu);
        }
        if (pdu instanceof SubmitSmResp || pdu instanceof DeliverSmResp) {
            return smRespLength((BaseSmResp) pdu);
        }
        return -1;
    }

    /** Writes {@code pdu}, whose {@link #length} is {@code length} (not -1), into {@code out} from {@code at}. */
    static void write(Pdu pdu, int length, byte[] out, int at) {
        if (length == HEADER_LENGTH) {
            header(out, at, pdu, length);
        } else if (pdu instanceof BaseSm<?> sm) {
            writeSm(sm, length, out, at);
        } else {
            cString(out, header(out, at, pdu, length), ((BaseSmResp) pdu).getMessageId());
        }
    }

    /** A response SMPP 3.4 sends without its body: submit_sm_resp and the bind responses, with an error status. */
    private static boolean bodyless(Pdu pdu) {
        if (pdu.getCommandStatus() == 0) {
            return false;
        }
        int commandId = pdu.getCommandId();
        return commandId == SUBMIT_SM_RESP || commandId == BIND_RECEIVER_RESP || commandId == BIND_TRANSMITTER_RESP
                || commandId == BIND_TRANSCEIVER_RESP;
    }

    private static int smRespLength(BaseSmResp response) {
        String messageId = response.getMessageId();
        if (response.getOptionalParameterCount() != 0 || !latin1(messageId)) {
            return -1;
        }
        return HEADER_LENGTH + cStringLength(messageId);
    }

    private static int smLength(BaseSm<?> sm) {
        Address source = sm.getSourceAddress();
        Address destination = sm.getDestAddress();
        String sourceText = source == null ? null : source.getAddress();
        String destinationText = destination == null ? null : destination.getAddress();
        if (!latin1(sm.getServiceType()) || !latin1(sourceText) || !latin1(destinationText)
                || !latin1(sm.getScheduleDeliveryTime()) || !latin1(sm.getValidityPeriod())) {
            return -1;
        }
        int tlvLength = tlvLength(sm.getOptionalParameters());
        if (tlvLength < 0) {
            return -1;
        }
        return HEADER_LENGTH + SM_FIXED_LENGTH + cStringLength(sm.getServiceType()) + cStringLength(sourceText)
                + cStringLength(destinationText) + cStringLength(sm.getScheduleDeliveryTime())
                + cStringLength(sm.getValidityPeriod()) + sm.getShortMessageLength() + tlvLength;
    }

    private static void writeSm(BaseSm<?> sm, int length, byte[] out, int start) {
        Address source = sm.getSourceAddress();
        Address destination = sm.getDestAddress();
        byte[] shortMessage = sm.getShortMessage();
        int at = header(out, start, sm, length);
        at = cString(out, at, sm.getServiceType());
        at = address(out, at, source, source == null ? null : source.getAddress());
        at = address(out, at, destination, destination == null ? null : destination.getAddress());
        out[at++] = sm.getEsmClass();
        out[at++] = sm.getProtocolId();
        out[at++] = sm.getPriority();
        at = cString(out, at, sm.getScheduleDeliveryTime());
        at = cString(out, at, sm.getValidityPeriod());
        out[at++] = sm.getRegisteredDelivery();
        out[at++] = sm.getReplaceIfPresent();
        out[at++] = sm.getDataCoding();
        out[at++] = sm.getDefaultMsgId();
        out[at++] = (byte) sm.getShortMessageLength();
        if (shortMessage != null) {
            System.arraycopy(shortMessage, 0, out, at, shortMessage.length);
            at += shortMessage.length;
        }
        List<Tlv> tlvs = sm.getOptionalParameters();
        if (tlvs != null) {
            for (int i = 0; i < tlvs.size(); i++) {
                Tlv tlv = tlvs.get(i);
                at = int16(out, at, tlv.getTag());
                at = int16(out, at, tlv.getUnsignedLength());
                if (tlv.getValue() != null) {
                    System.arraycopy(tlv.getValue(), 0, out, at, tlv.getValue().length);
                    at += tlv.getValue().length;
                }
            }
        }
    }

    private static int header(byte[] out, int start, Pdu pdu, int length) {
        int at = int32(out, start, length);
        at = int32(out, at, pdu.getCommandId());
        at = int32(out, at, pdu.getCommandStatus());
        return int32(out, at, pdu.getSequenceNumber());
    }

    private static int int32(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
        return at + 4;
    }

    private static int int16(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 8);
        out[at + 1] = (byte) value;
        return at + 2;
    }

    /** Octets of the TLVs, or -1 when one cannot be written as the transcoder would (null, or over 64 KiB). */
    private static int tlvLength(List<Tlv> tlvs) {
        if (tlvs == null) {
            return 0;
        }
        int length = 0;
        for (int i = 0; i < tlvs.size(); i++) {
            Tlv tlv = tlvs.get(i);
            if (tlv == null || tlv.getUnsignedLength() > 0xFFFF) {
                return -1;
            }
            length += tlv.calculateByteSize();
        }
        return length;
    }

    /** A missing address is written as TON 0, NPI 0 and an empty string, as the transcoder does. */
    private static int address(byte[] out, int at, Address address, String text) {
        out[at] = address == null ? 0 : address.getTon();
        out[at + 1] = address == null ? 0 : address.getNpi();
        return cString(out, at + 2, text);
    }

    private static int cStringLength(String text) {
        return text == null ? 1 : text.length() + 1;
    }

    /** The string's octets (all ISO-8859-1, checked before) and the terminating NUL. */
    private static int cString(byte[] out, int at, String text) {
        if (text != null) {
            for (int i = 0; i < text.length(); i++) {
                out[at++] = (byte) text.charAt(i);
            }
        }
        out[at] = 0;
        return at + 1;
    }

    private static boolean latin1(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }
}
