package io.ringway.server;

import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A customer as an independent SMPP implementation sees Ringway: a jSMPP transceiver session that submits
 * messages and collects the delivery receipts Ringway forwards (receipted_message_id -> receipt text).
 */
final class JsmppCustomer implements AutoCloseable {
    final Map<String, String> receipts = new ConcurrentHashMap<>();
    final Map<String, Byte> receiptStates = new ConcurrentHashMap<>();
    /** Receipts received, duplicates included. */
    final AtomicInteger receiptCount = new AtomicInteger();
    private final SMPPSession session = new SMPPSession();

    JsmppCustomer(int port, String systemId, String password) throws Exception {
        session.setTransactionTimer(10_000);
        session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) {
                if (!deliverSm.isSmscDeliveryReceipt()) {
                    return;
                }
                OptionalParameter.COctetString id = (OptionalParameter.COctetString)
                        deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
                OptionalParameter.Byte state = (OptionalParameter.Byte)
                        deliverSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
                String text = new String(deliverSm.getShortMessage(), StandardCharsets.ISO_8859_1);
                receipts.put(id.getValueAsString(), text);
                receiptCount.incrementAndGet();
                receiptStates.put(id.getValueAsString(), state.getValue());
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
                return null;
            }
        });
        session.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TRX, systemId, password, "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
    }

    /** Submits one message asking for a receipt and returns the message id Ringway answered with. */
    String submit(String destination, String text) throws Exception {
        return submitAs("RINGWAY", "", destination, text);
    }

    /** Submits with a service_type (OTP, TRN, CMR) naming the message type. */
    String submit(String serviceType, String destination, String text) throws Exception {
        return submitAs("RINGWAY", serviceType, destination, text);
    }

    String submitAs(String sender, String serviceType, String destination, String text) throws Exception {
        return session.submitShortMessage(serviceType, TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, sender,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, new ESMClass(), (byte) 0,
                (byte) 1, null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                new GeneralDataCoding(Alphabet.ALPHA_DEFAULT), (byte) 0,
                text.getBytes(StandardCharsets.ISO_8859_1)).getMessageId();
    }

    /** Submits with a schedule_delivery_time (SMPP 3.4 time format, e.g. {@code 000000000003000R}). */
    String submitScheduled(String destination, String text, String scheduleDeliveryTime) throws Exception {
        return submitScheduled(destination, text, scheduleDeliveryTime, false);
    }

    /** As above, with replace_if_present_flag set when {@code replace} (SMPP 3.4 §5.2.18). */
    String submitScheduled(String destination, String text, String scheduleDeliveryTime, boolean replace)
            throws Exception {
        return session.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "RINGWAY",
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, new ESMClass(), (byte) 0,
                (byte) 1, scheduleDeliveryTime, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                (byte) (replace ? 1 : 0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT), (byte) 0,
                text.getBytes(StandardCharsets.ISO_8859_1)).getMessageId();
    }

    /** Submits {@code body} in message_payload (SMPP 3.4 §5.3.2.32, sm_length 0) with {@code alphabet}. */
    String submitPayload(String destination, byte[] body, Alphabet alphabet) throws Exception {
        return session.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "RINGWAY",
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, new ESMClass(), (byte) 0,
                (byte) 1, null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                new GeneralDataCoding(alphabet), (byte) 0, new byte[0],
                new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), body)).getMessageId();
    }

    /** query_sm for a message this account submitted (SMPP 3.4 §4.8); the source address is the submit's. */
    QuerySmResult query(String messageId) throws Exception {
        return session.queryShortMessage(messageId, TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN,
                "RINGWAY");
    }

    /** cancel_sm by message id (SMPP 3.4 §4.9); throws NegativeResponseException when refused. */
    void cancel(String messageId, String destination) throws Exception {
        session.cancelShortMessage("", messageId, TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN,
                "RINGWAY", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination);
    }

    @Override
    public void close() {
        session.unbindAndClose();
    }
}
