package io.ringway.server.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.type.SmppInvalidArgumentException;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageIds;

import java.nio.charset.StandardCharsets;

/**
 * Writes a customer receipt as the deliver_sm SMPP 3.4 defines for SMSC delivery receipts: esm_class 0x04
 * (§5.2.12), the message's addresses swapped (the receipt travels from the recipient back to the sender), the
 * Appendix B text in {@code short_message} with data_coding 0, and the {@code receipted_message_id} (§5.3.2.12)
 * and {@code message_state} (§5.3.2.35) TLVs that let a client match it without parsing the text.
 *
 * <p>Stateless; called on the engine's dispatcher thread.
 */
final class ReceiptDeliverSm {
    private static final byte DATA_CODING_DEFAULT = 0x00;

    private ReceiptDeliverSm() {
    }

    /** A deliver_sm for {@code receipt}, without a sequence number; the receipt rides along as reference object. */
    /**
     * The deliver_sm for {@code receipt}; with {@code optionalParameters} false (an ESME bound as SMPP 3.3 or
     * earlier, which knows no TLVs) without receipted_message_id and message_state: the text carries both.
     */
    static DeliverSm of(CustomerReceipt receipt, boolean optionalParameters) {
        Message message = receipt.message();
        DeliverSm deliver = new DeliverSm();
        deliver.setSourceAddress(new Address(message.destinationTon(), message.destinationNpi(),
                message.destinationAddress()));
        deliver.setDestAddress(new Address(message.sourceTon(), message.sourceNpi(), message.sourceAddress()));
        deliver.setEsmClass(SmppConstants.ESM_CLASS_MT_SMSC_DELIVERY_RECEIPT);
        deliver.setDataCoding(DATA_CODING_DEFAULT);
        try {
            // The Appendix B text is ASCII apart from the 20-character prefix, which came from ISO-8859-1.
            deliver.setShortMessage(receipt.text().getBytes(StandardCharsets.ISO_8859_1));
        } catch (SmppInvalidArgumentException e) {
            throw new IllegalStateException("receipt text longer than short_message allows", e);
        }
        if (optionalParameters) {
            deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID,
                    cString(MessageIds.format(receipt.messageId()))));
            deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_MSG_STATE,
                    new byte[] {(byte) receipt.state().smppMessageState()}));
        }
        deliver.setReferenceObject(new Offered(receipt.messageId(), receipt.handOver()));
        return deliver;
    }

    /**
     * What a receipt's deliver_sm carries for the session that writes it: the message and which offer of the
     * receipt it is ({@link CustomerReceipt#handOver}, read while the engine offers it), so that a receipt the
     * session gives back is told apart from a later offer of it to another session.
     */
    record Offered(long messageId, int handOver) {
    }

    /** A C-octet string: the ASCII text and its terminating NUL. */
    private static byte[] cString(String text) {
        byte[] bytes = new byte[text.length() + 1];
        for (int i = 0; i < text.length(); i++) {
            bytes[i] = (byte) text.charAt(i);
        }
        return bytes;
    }
}
