package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.type.SmppInvalidArgumentException;
import io.ringway.engine.message.Message;

/**
 * Turns an accepted {@link Message} into the submit_sm an upstream SMSC receives (SMPP 3.4 §4.4.1). Ringway
 * always asks the SMSC for a receipt, whatever the customer asked, because the receipt settles the charge.
 */
final class SubmitSmTranslator {
    /** SMPP 3.4 §5.2.17: SMSC delivery receipt requested on success and failure. */
    static final byte REGISTERED_DELIVERY_RECEIPT = 0x01;
    /** Largest short_message (SMPP 3.4 §5.2.21); longer payloads go in message_payload. */
    static final int MAX_SHORT_MESSAGE_LENGTH = 254;
    /** Largest TLV value: its length field is 16 bits (SMPP 3.4 §3.2.4.1). */
    static final int MAX_MESSAGE_PAYLOAD_LENGTH = 0xFFFF;

    private SubmitSmTranslator() {
    }

    /** The submit_sm for {@code message}, sequence number unset. Throws {@link IllegalArgumentException} for a
     *  payload no submit_sm can carry. */
    static SubmitSm translate(Message message) {
        SubmitSm submit = new SubmitSm();
        submit.setSourceAddress(new Address(message.sourceTon(), message.sourceNpi(), message.sourceAddress()));
        submit.setDestAddress(new Address(message.destinationTon(), message.destinationNpi(),
                message.destinationAddress()));
        submit.setEsmClass(message.esmClass());
        submit.setDataCoding(message.dataCoding());
        submit.setRegisteredDelivery(REGISTERED_DELIVERY_RECEIPT);
        byte[] payload = message.payload();
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
        return submit;
    }
}
