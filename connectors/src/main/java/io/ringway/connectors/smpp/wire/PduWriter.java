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
 * Writes the PDUs that go out once per message (submit_sm, deliver_sm and their responses) straight into one
 * pooled buffer of the exact size, octet for octet as Cloudhopper's transcoder writes them (SMPP 3.4 §4.4, §4.6),
 * without its per-field {@code String.getBytes} arrays and boxed lengths. Every other PDU, and these when a field
 * holds a character beyond ISO-8859-1 (which Cloudhopper replaces, with a length it then miscounts) or when their
 * command_length was already set, is left to the transcoder: {@link #write} then returns {@code null}.
 *
 * <p>Stateless; any thread.
 */
final class PduWriter {
    private static final int HEADER_LENGTH = SmppFrameDecoder.HEADER_LENGTH;
    /** Fixed octets of a submit_sm or deliver_sm body: 2 x (ton, npi), esm_class, protocol_id, priority_flag,
     *  registered_delivery, replace_if_present, data_coding, sm_default_msg_id, sm_length. */
    private static final int SM_FIXED_LENGTH = 12;

    private PduWriter() {
    }

    /** {@code pdu} encoded into a buffer from {@code alloc}, or {@code null} when the transcoder must do it. */
    static ByteBuf write(ByteBufAllocator alloc, Pdu pdu) {
        if (pdu.hasCommandLengthCalculated()) {
            return null;
        }
        if (pdu instanceof SubmitSm || pdu instanceof DeliverSm) {
            return writeSm(alloc, (BaseSm<?>) pdu);
        }
        if (pdu instanceof SubmitSmResp || pdu instanceof DeliverSmResp) {
            return writeSmResp(alloc, (BaseSmResp) pdu);
        }
        return null;
    }

    private static ByteBuf writeSmResp(ByteBufAllocator alloc, BaseSmResp response) {
        String messageId = response.getMessageId();
        if (response.getOptionalParameterCount() != 0 || !latin1(messageId)) {
            return null;
        }
        int length = HEADER_LENGTH + cStringLength(messageId);
        ByteBuf buffer = header(alloc, response, length);
        cString(buffer, messageId);
        return buffer;
    }

    private static ByteBuf writeSm(ByteBufAllocator alloc, BaseSm<?> sm) {
        Address source = sm.getSourceAddress();
        Address destination = sm.getDestAddress();
        String sourceText = source == null ? null : source.getAddress();
        String destinationText = destination == null ? null : destination.getAddress();
        if (!latin1(sm.getServiceType()) || !latin1(sourceText) || !latin1(destinationText)
                || !latin1(sm.getScheduleDeliveryTime()) || !latin1(sm.getValidityPeriod())) {
            return null;
        }
        int tlvLength = tlvLength(sm.getOptionalParameters());
        if (tlvLength < 0) {
            return null;
        }
        byte[] shortMessage = sm.getShortMessage();
        int length = HEADER_LENGTH + SM_FIXED_LENGTH + cStringLength(sm.getServiceType()) + cStringLength(sourceText)
                + cStringLength(destinationText) + cStringLength(sm.getScheduleDeliveryTime())
                + cStringLength(sm.getValidityPeriod()) + sm.getShortMessageLength() + tlvLength;
        ByteBuf buffer = header(alloc, sm, length);
        cString(buffer, sm.getServiceType());
        address(buffer, source, sourceText);
        address(buffer, destination, destinationText);
        buffer.writeByte(sm.getEsmClass());
        buffer.writeByte(sm.getProtocolId());
        buffer.writeByte(sm.getPriority());
        cString(buffer, sm.getScheduleDeliveryTime());
        cString(buffer, sm.getValidityPeriod());
        buffer.writeByte(sm.getRegisteredDelivery());
        buffer.writeByte(sm.getReplaceIfPresent());
        buffer.writeByte(sm.getDataCoding());
        buffer.writeByte(sm.getDefaultMsgId());
        buffer.writeByte(sm.getShortMessageLength());
        if (shortMessage != null) {
            buffer.writeBytes(shortMessage);
        }
        List<Tlv> tlvs = sm.getOptionalParameters();
        if (tlvs != null) {
            for (int i = 0; i < tlvs.size(); i++) {
                Tlv tlv = tlvs.get(i);
                buffer.writeShort(tlv.getTag());
                buffer.writeShort(tlv.getUnsignedLength());
                if (tlv.getValue() != null) {
                    buffer.writeBytes(tlv.getValue());
                }
            }
        }
        return buffer;
    }

    private static ByteBuf header(ByteBufAllocator alloc, Pdu pdu, int length) {
        ByteBuf buffer = alloc.ioBuffer(length, length);
        buffer.writeInt(length);
        buffer.writeInt(pdu.getCommandId());
        buffer.writeInt(pdu.getCommandStatus());
        buffer.writeInt(pdu.getSequenceNumber());
        return buffer;
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
    private static void address(ByteBuf buffer, Address address, String text) {
        buffer.writeByte(address == null ? 0 : address.getTon());
        buffer.writeByte(address == null ? 0 : address.getNpi());
        cString(buffer, text);
    }

    private static int cStringLength(String text) {
        return text == null ? 1 : text.length() + 1;
    }

    /** The string's octets (all ISO-8859-1, checked before) and the terminating NUL. */
    private static void cString(ByteBuf buffer, String text) {
        if (text != null) {
            for (int i = 0; i < text.length(); i++) {
                buffer.writeByte(text.charAt(i));
            }
        }
        buffer.writeByte(0);
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
