package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.tlv.Tlv;
import io.ringway.engine.dlr.ReceiptFields;

import java.nio.charset.StandardCharsets;

/**
 * A delivery receipt read from an upstream deliver_sm or data_sm (SMPP 3.4 §4.6, §4.7), in whatever dialect the
 * SMSC speaks: the id from the
 * receipted_message_id TLV (SMPP 3.4 §5.3.2.12) or else from the {@code id:} field of the Appendix B text, the
 * state from the {@code stat:} field or else from the message_state TLV (§5.3.2.35), the network error from
 * {@code err:} and the completion time from {@code done date:} (UTC; the arrival time when absent or unreadable).
 *
 * @param upstreamMessageId the SMSC's id of the message, as its submit_sm_resp gave it; {@code null} if the
 *                          receipt names none
 * @param stat              the final state word: DELIVRD, UNDELIV, EXPIRED, ...
 * @param errorCode         the network error code, 0 when none
 * @param doneAtMillis      when the SMSC says the message reached its state
 */
record UpstreamReceipt(String upstreamMessageId, String stat, int errorCode, long doneAtMillis) {
    /** esm_class bits 2-5, the message type (SMPP 3.4 §5.2.12). */
    private static final int ESM_CLASS_TYPE_MASK = 0x3C;
    private static final byte[] NO_TEXT = new byte[0];

    /** The receipt {@code deliver} carries, or {@code null} when it is a mobile-originated message. */
    static UpstreamReceipt from(BaseSm<?> deliver, long nowMillis) {
        Tlv receiptedId = deliver.getOptionalParameter(SmppConstants.TAG_RECEIPTED_MSG_ID);
        boolean receipt = (deliver.getEsmClass() & ESM_CLASS_TYPE_MASK) == SmppConstants.ESM_CLASS_MT_SMSC_DELIVERY_RECEIPT
                || receiptedId != null;
        if (!receipt) {
            return null;
        }
        ReceiptFields fields = new ReceiptFields().read(text(deliver));
        String id = receiptedId != null ? cString(receiptedId.getValue()) : null;
        if (id == null || id.isEmpty()) {
            id = fields.id();
        }
        String stat = fields.stat();
        if (stat == null) {
            stat = statOf(deliver.getOptionalParameter(SmppConstants.TAG_MSG_STATE));
        }
        return new UpstreamReceipt(id, stat, fields.error(), fields.doneAt(nowMillis));
    }

    /** The receipt's text octets: short_message, or the message_payload TLV when short_message is empty. */
    private static byte[] text(BaseSm<?> deliver) {
        byte[] body = deliver.getShortMessage();
        if (body == null || body.length == 0) {
            Tlv payload = deliver.getOptionalParameter(SmppConstants.TAG_MESSAGE_PAYLOAD);
            body = payload != null ? payload.getValue() : null;
        }
        return body == null ? NO_TEXT : body;
    }

    /** A C-octet string value; tolerates a missing terminating NUL, which some SMSCs leave out. */
    private static String cString(byte[] value) {
        if (value == null) {
            return null;
        }
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** SMPP 3.4 §5.2.28 message_state values as receipt words. */
    private static String statOf(Tlv messageState) {
        if (messageState == null || messageState.getValue() == null || messageState.getValue().length != 1) {
            return "UNKNOWN";
        }
        return switch (messageState.getValue()[0]) {
            case 1 -> "ENROUTE";
            case 2 -> "DELIVRD";
            case 3 -> "EXPIRED";
            case 4 -> "DELETED";
            case 5 -> "UNDELIV";
            case 6 -> "ACCEPTD";
            case 8 -> "REJECTD";
            default -> "UNKNOWN";
        };
    }

    /** {@code YYMMDDhhmm} (some SMSCs add {@code ss}) in UTC, or {@code nowMillis} when absent or not a date. */
    static long doneAt(String date, long nowMillis) {
        if (date == null) {
            return nowMillis;
        }
        byte[] octets = date.getBytes(StandardCharsets.ISO_8859_1);
        return ReceiptFields.utcMillis(octets, 0, octets.length, nowMillis);
    }
}
