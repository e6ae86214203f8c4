package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.tlv.Tlv;
import io.ringway.engine.dlr.ReceiptText;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A delivery receipt read from an upstream deliver_sm, in whatever dialect the SMSC speaks: the id from the
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

    /** The receipt {@code deliver} carries, or {@code null} when it is a mobile-originated message. */
    static UpstreamReceipt from(DeliverSm deliver, long nowMillis) {
        Tlv receiptedId = deliver.getOptionalParameter(SmppConstants.TAG_RECEIPTED_MSG_ID);
        boolean receipt = (deliver.getEsmClass() & ESM_CLASS_TYPE_MASK) == SmppConstants.ESM_CLASS_MT_SMSC_DELIVERY_RECEIPT
                || receiptedId != null;
        if (!receipt) {
            return null;
        }
        String text = text(deliver);
        String id = receiptedId != null ? cString(receiptedId.getValue()) : null;
        if (id == null || id.isEmpty()) {
            id = ReceiptText.field(text, "id");
        }
        String stat = ReceiptText.field(text, "stat");
        stat = stat != null ? stat.toUpperCase(Locale.ROOT) : statOf(deliver.getOptionalParameter(SmppConstants.TAG_MSG_STATE));
        return new UpstreamReceipt(id, stat, ReceiptText.error(text), doneAt(ReceiptText.field(text, "done date"), nowMillis));
    }

    private static String text(DeliverSm deliver) {
        byte[] body = deliver.getShortMessage();
        if (body == null || body.length == 0) {
            Tlv payload = deliver.getOptionalParameter(SmppConstants.TAG_MESSAGE_PAYLOAD);
            body = payload != null ? payload.getValue() : null;
        }
        return body == null ? "" : new String(body, StandardCharsets.ISO_8859_1);
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
        if (date == null || date.length() < 10) {
            return nowMillis;
        }
        for (int i = 0; i < date.length(); i++) {
            if (date.charAt(i) < '0' || date.charAt(i) > '9') {
                return nowMillis;
            }
        }
        int seconds = date.length() >= 12 ? twoDigits(date, 10) : 0;
        try {
            return LocalDateTime.of(2000 + twoDigits(date, 0), twoDigits(date, 2), twoDigits(date, 4),
                    twoDigits(date, 6), twoDigits(date, 8), seconds).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException e) {
            return nowMillis;
        }
    }

    private static int twoDigits(String text, int at) {
        return (text.charAt(at) - '0') * 10 + (text.charAt(at + 1) - '0');
    }
}
