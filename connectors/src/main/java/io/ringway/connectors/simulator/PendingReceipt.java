package io.ringway.connectors.simulator;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.type.SmppInvalidArgumentException;
import io.ringway.engine.dlr.ReceiptText;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A delivery receipt the simulator owes for one accepted submit_sm: what it will report and where it is on its
 * way to a client. It lives until a client answers its deliver_sm with status 0. Simulator event loop only.
 */
final class PendingReceipt {
    /** SMPP 3.4 Appendix B: the receipt text repeats the first 20 characters of the message. */
    private static final int TEXT_PREFIX_LENGTH = 20;

    private final String messageId;
    private final Address submitSource;
    private final Address submitDestination;
    private final long submittedAtMillis;
    private final String stat;
    private final byte[] shortMessage;

    /** The session the message came on, tried first; {@code null} once it was tried. */
    SimulatorSession origin;
    /** When it leaves the delay line it waits in. */
    long dueNanos;
    /** When its current deliver_sm was written, for the response timeout. */
    long sentNanos;
    /** The {@code done date} it reports, fixed when it first became due so that a resend reports the same. */
    long doneAtMillis;

    PendingReceipt(String messageId, Address submitSource, Address submitDestination, long submittedAtMillis,
                   String stat, byte[] shortMessage, SimulatorSession origin) {
        this.messageId = messageId;
        this.submitSource = submitSource;
        this.submitDestination = submitDestination;
        this.submittedAtMillis = submittedAtMillis;
        this.stat = stat;
        this.shortMessage = shortMessage;
        this.origin = origin;
    }

    /**
     * The receipt as an SMSC sends it (SMPP 3.4 §4.6.1, Appendix B): esm_class 0x04, addresses swapped, the
     * classic text, and the receipted_message_id (§5.3.2.12) and message_state (§5.3.2.35) TLVs.
     */
    DeliverSm toDeliverSm() {
        DeliverSm deliver = new DeliverSm();
        deliver.setSourceAddress(submitDestination);
        deliver.setDestAddress(submitSource);
        deliver.setEsmClass(SmppConstants.ESM_CLASS_MT_SMSC_DELIVERY_RECEIPT);
        String text = ReceiptText.format(messageId, 1, "DELIVRD".equals(stat) ? 1 : 0, submittedAtMillis,
                doneAtMillis, stat, ReceiptOutcomes.errorCode(stat), textPrefix());
        try {
            deliver.setShortMessage(text.getBytes(StandardCharsets.ISO_8859_1));
        } catch (SmppInvalidArgumentException e) {
            throw new IllegalStateException("receipt text longer than 254 octets: " + text, e);
        }
        byte[] id = Arrays.copyOf(messageId.getBytes(StandardCharsets.ISO_8859_1), messageId.length() + 1);
        deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID, id));
        deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_MSG_STATE,
                new byte[] {ReceiptOutcomes.messageState(stat)}));
        return deliver;
    }

    /** The message's first characters when they are printable ASCII, else nothing (the text is informative only). */
    private String textPrefix() {
        if (shortMessage == null) {
            return "";
        }
        int length = Math.min(TEXT_PREFIX_LENGTH, shortMessage.length);
        for (int i = 0; i < length; i++) {
            if (shortMessage[i] < 0x20 || shortMessage[i] > 0x7E) {
                return "";
            }
        }
        return new String(shortMessage, 0, length, StandardCharsets.US_ASCII);
    }
}
