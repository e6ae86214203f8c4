package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.type.SmppInvalidArgumentException;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.Sar;
import io.ringway.engine.message.Segments;

/**
 * Turns an accepted {@link Message} into the submit_sm an upstream SMSC receives (SMPP 3.4 §4.4.1). Ringway
 * always asks the SMSC for a receipt, whatever the customer asked, because the receipt settles the charge.
 *
 * <p>A body longer than one segment goes out as {@link Message#segments()} parts, split where {@link Segments}
 * says, each a submit_sm with esm_class UDHI (SMPP 3.4 §5.2.12) and the concatenation UDH {@code 05 00 03 ref
 * total seq} (3GPP TS 23.040 §9.2.3.24.1) in front of its slice of the body. A customer's own UDH (UDHI set on
 * the submission) passes through untouched as one part, and so does a part of the customer's own concatenation
 * by the sar_* TLVs, which go upstream with it. The submission's protocol_id, priority_flag and
 * replace_if_present_flag go upstream as given: the upstream SMSC replaces a message it still holds.
 */
final class SubmitSmTranslator {
    /** SMPP 3.4 §5.2.17: SMSC delivery receipt requested on success and failure. */
    static final byte REGISTERED_DELIVERY_RECEIPT = 0x01;
    /** Largest short_message (SMPP 3.4 §5.2.21); longer payloads go in message_payload. */
    static final int MAX_SHORT_MESSAGE_LENGTH = 254;
    /** Largest TLV value: its length field is 16 bits (SMPP 3.4 §3.2.4.1). */
    static final int MAX_MESSAGE_PAYLOAD_LENGTH = 0xFFFF;
    /** SMPP 3.4 §5.2.12: the short message begins with a user data header. */
    static final byte ESM_CLASS_UDHI = 0x40;
    /** Information element 00: concatenated short messages, 8-bit reference; 3 octets of data. */
    private static final byte[] CONCATENATION_HEADER = {0x05, 0x00, 0x03};

    private SubmitSmTranslator() {
    }

    /** The submit_sm for {@code message}, sequence number unset. Throws {@link IllegalArgumentException} for a
     *  payload no submit_sm can carry. */
    static SubmitSm translate(Message message) {
        return translate(message, message.payload());
    }

    /**
     * The submit_sm for part {@code part} (0-based) of a message of {@code parts} parts, under concatenation
     * reference {@code reference}; a one-part message is {@link #translate(Message)}. Throws
     * {@link IllegalArgumentException} for more than {@link Segments#MAX_PARTS} parts, which the header cannot
     * number (the edges refuse such messages; one accepted before they did fails instead of going out garbled).
     */
    static SubmitSm translatePart(Message message, int part, int parts, int reference) {
        if (parts == 1) {
            return translate(message);
        }
        if (parts > Segments.MAX_PARTS) {
            throw new IllegalArgumentException("a message of " + parts + " parts; a concatenation header numbers at most "
                    + Segments.MAX_PARTS);
        }
        byte[] payload = message.payload();
        int start = 0;
        for (int i = 0; i < part; i++) {
            start = Segments.partEnd(payload, message.dataCoding(), start, message.segmentRules());
        }
        int end = Segments.partEnd(payload, message.dataCoding(), start, message.segmentRules());
        byte[] body = new byte[CONCATENATION_HEADER.length + 3 + end - start];
        System.arraycopy(CONCATENATION_HEADER, 0, body, 0, CONCATENATION_HEADER.length);
        body[3] = (byte) reference;
        body[4] = (byte) parts;
        body[5] = (byte) (part + 1);
        System.arraycopy(payload, start, body, 6, end - start);
        SubmitSm submit = translate(message, body);
        submit.setEsmClass((byte) (message.esmClass() | ESM_CLASS_UDHI));
        submit.setReplaceIfPresent((byte) 0); // each part would replace the one before it at the SMSC
        return submit;
    }

    /**
     * {@code millis} as an SMPP 3.4 relative time ({@code YYMMDDhhmmss000R}, §7.1.1.2), rounded up to whole
     * seconds; days beyond 99 are capped there (the API allows at most seven).
     */
    static String relativeValidity(long millis) {
        long seconds = Math.min((millis + 999) / 1000, 99L * 86_400 + 86_399);
        char[] text = "000000000000000R".toCharArray();
        twoDigits(text, 4, seconds / 86_400);
        twoDigits(text, 6, seconds / 3_600 % 24);
        twoDigits(text, 8, seconds / 60 % 60);
        twoDigits(text, 10, seconds % 60);
        return new String(text);
    }

    private static void twoDigits(char[] text, int at, long value) {
        text[at] = (char) ('0' + value / 10);
        text[at + 1] = (char) ('0' + value % 10);
    }

    private static SubmitSm translate(Message message, byte[] payload) {
        SubmitSm submit = new SubmitSm();
        submit.setSourceAddress(new Address(message.sourceTon(), message.sourceNpi(), message.sourceAddress()));
        submit.setDestAddress(new Address(message.destinationTon(), message.destinationNpi(),
                message.destinationAddress()));
        submit.setEsmClass(message.esmClass());
        submit.setProtocolId(message.protocolId());
        submit.setPriority(message.priorityFlag());
        submit.setReplaceIfPresent(message.replaceIfPresent());
        submit.setDataCoding(message.dataCoding());
        submit.setRegisteredDelivery(REGISTERED_DELIVERY_RECEIPT);
        if (message.validityMillis() > 0) {
            submit.setValidityPeriod(relativeValidity(message.validityMillis()));
        }
        if (payload.length <= MAX_SHORT_MESSAGE_LENGTH) {
            try {
                submit.setShortMessage(payload);
            } catch (SmppInvalidArgumentException e) {
                throw new IllegalStateException("short message of " + payload.length + " octets refused", e);
            }
        } else if (payload.length <= MAX_MESSAGE_PAYLOAD_LENGTH) {
            submit.addOptionalParameter(new Tlv(SmppConstants.TAG_MESSAGE_PAYLOAD, payload));
        } else {
            throw new IllegalArgumentException("payload of " + payload.length + " octets exceeds message_payload");
        }
        long sar = message.sar();
        if (Sar.present(sar)) {
            int reference = Sar.reference(sar);
            submit.addOptionalParameter(new Tlv(SmppConstants.TAG_SAR_MSG_REF_NUM,
                    new byte[] {(byte) (reference >>> 8), (byte) reference}));
            submit.addOptionalParameter(new Tlv(SmppConstants.TAG_SAR_TOTAL_SEGMENTS, new byte[] {(byte) Sar.total(sar)}));
            submit.addOptionalParameter(new Tlv(SmppConstants.TAG_SAR_SEGMENT_SEQNUM,
                    new byte[] {(byte) Sar.sequence(sar)}));
        }
        return submit;
    }
}
