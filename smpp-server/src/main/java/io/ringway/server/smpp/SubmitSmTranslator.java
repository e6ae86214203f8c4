package io.ringway.server.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import io.ringway.engine.customer.SubmitResponder;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Sar;
import io.ringway.engine.message.Segments;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;

/**
 * Turns a submit_sm into a {@code SUBMIT} ring event: the edge where Cloudhopper's PDU becomes the engine's own
 * fields. It never blocks (a full ring is ESME_RTHROTTLED, never a wait on the event loop), never logs and
 * allocates nothing beyond what the decoded PDU already holds.
 *
 * <p>Event loop only (stateless apart from the ingress, which is safe for any producer thread).
 */
final class SubmitSmTranslator {
    /** The submission is on the ring; the engine will answer it through the responder. */
    static final int PUBLISHED = SmppConstants.STATUS_OK;
    /** How far ahead a schedule_delivery_time may be, like the HTTP API's send_at. */
    static final int MAX_SCHEDULE_AHEAD_DAYS = 7;
    /** esm_class bit 6: the body starts with the customer's own user data header (§5.2.12). */
    private static final int UDHI = 0x40;

    private final RingIngress ingress;

    SubmitSmTranslator(RingIngress ingress) {
        this.ingress = ingress;
    }

    /**
     * Publishes {@code submit} for {@code account}, to be answered through {@code responder} under the PDU's
     * sequence number. Returns {@link #PUBLISHED}, or the submit_sm_resp status to answer with now:
     * <ul>
     *   <li>ESME_RINVMSGLEN (0x01) when both {@code short_message} and the {@code message_payload} TLV carry
     *       text: SMPP 3.4 §5.3.2.32 allows the TLV only with {@code sm_length} 0, and which of the two the
     *       customer meant cannot be known; and when the body needs more than {@link Segments#MAX_PARTS}
     *       concatenated parts, the most a concatenation header can number;</li>
     *   <li>the field's own status for a value SMPP 3.4 does not define ({@link #undefinedValue}) and for
     *       incomplete or impossible sar_* TLVs ({@link #sar}); ESME_RINVMSGLEN for a part of the customer's own
     *       sar_* concatenation that needs more than one segment, and for a body with the customer's own user data
     *       header (esm_class UDHI) whose header runs past it or that, header included, exceeds one segment
     *       ({@link Segments#fitsOneWithHeader}): it goes out whole and is charged as one;</li>
     *   <li>ESME_RINVEXPIRY (0x62) when {@code validity_period} is malformed or already past
     *       ({@link ValidityPeriod}), or, in the absolute form, not after the {@code schedule_delivery_time}; a
     *       scheduled message's absolute validity goes upstream as what is left of it at its time;</li>
     *   <li>ESME_RINVSCHED (0x61) when {@code schedule_delivery_time} is malformed or more than
     *       {@value #MAX_SCHEDULE_AHEAD_DAYS} days ahead (as the HTTP API's {@code send_at}); a time already
     *       reached means at once;</li>
     *   <li>ESME_RTHROTTLED (0x58) when the ring has no free slot.</li>
     * </ul>
     */
    int publish(SubmitSm submit, String account, SubmitResponder responder) {
        byte[] shortMessage = submit.getShortMessage();
        Tlv messagePayload = submit.getOptionalParameter(SmppConstants.TAG_MESSAGE_PAYLOAD);
        boolean hasShortMessage = shortMessage != null && shortMessage.length > 0;
        if (hasShortMessage && messagePayload != null) {
            return SmppConstants.STATUS_INVMSGLEN;
        }
        int undefined = undefinedValue(submit);
        if (undefined != SmppConstants.STATUS_OK) {
            return undefined;
        }
        byte[] payload = messagePayload == null ? shortMessage : messagePayload.getValue();
        if (Segments.count(payload, submit.getDataCoding(), submit.getEsmClass()) > Segments.MAX_PARTS) {
            return SmppConstants.STATUS_INVMSGLEN;
        }
        if ((submit.getEsmClass() & UDHI) != 0 && !Segments.fitsOneWithHeader(payload, submit.getDataCoding())) {
            return SmppConstants.STATUS_INVMSGLEN; // the customer's own part goes out whole, charged as one segment
        }
        long sar = sar(submit);
        if (sar < 0) {
            return (int) -sar;
        }
        if (Sar.present(sar) && (submit.getEsmClass() & UDHI) == 0 && payload != null
                && !Segments.fitsOne(payload, submit.getDataCoding())) {
            return SmppConstants.STATUS_INVMSGLEN; // a part of the customer's own concatenation is one segment
        }
        MessageEvent event = ingress.tryClaim(EventKind.SUBMIT);
        if (event == null) {
            return SmppConstants.STATUS_THROTTLED;
        }
        try {
            // The ingress time stamp is the "now" of an absolute validity, as it is the engine's clock.
            long validityMillis = ValidityPeriod.millis(submit.getValidityPeriod(), event.timestamp);
            if (validityMillis == ValidityPeriod.INVALID) {
                event.kind = EventKind.NOOP;
                return SmppConstants.STATUS_INVEXPIRY;
            }
            long delayMillis = ValidityPeriod.delayMillis(submit.getScheduleDeliveryTime(), event.timestamp);
            if (delayMillis == ValidityPeriod.INVALID || delayMillis > MAX_SCHEDULE_AHEAD_DAYS * 86_400_000L) {
                event.kind = EventKind.NOOP;
                return SmppConstants.STATUS_INVSCHED;
            }
            if (delayMillis > 0 && ValidityPeriod.isAbsolute(submit.getValidityPeriod())) {
                // An absolute validity is a moment: a scheduled message goes upstream with what is left of it then.
                validityMillis -= delayMillis;
                if (validityMillis <= 0) {
                    event.kind = EventKind.NOOP;
                    return SmppConstants.STATUS_INVEXPIRY;
                }
            }
            // Scheduled messages are rated and reserved at once and routed by the journaled timer at their time.
            event.sendAt = delayMillis > 0 ? event.timestamp + delayMillis : 0;
            fill(event, submit, account, payload);
            event.sar = sar;
            event.validityMillis = validityMillis;
            event.responder = responder;
            event.correlation = submit.getSequenceNumber();
        } catch (RuntimeException e) {
            event.kind = EventKind.NOOP;
            throw e;
        } finally {
            ingress.publish(event);
        }
        return PUBLISHED;
    }

    /**
     * The status for the first field of {@code submit} that holds a value SMPP 3.4 reserves, or ESME_ROK: type of
     * number 0-6 (§5.2.5; ESME_RINVSRCTON 0x48, ESME_RINVDSTTON 0x50), numbering plan 0, 1, 3, 4, 6, 8, 9, 10, 14
     * or 18 (§5.2.6; ESME_RINVSRCNPI 0x49, ESME_RINVDSTNPI 0x51), an esm_class message type an ESME may submit:
     * default, delivery acknowledgement or user acknowledgement (§5.2.12; ESME_RINVESMCLASS 0x43, e.g. 0x04, the
     * SMSC's own receipt type), priority_flag 0-3 (§5.2.14; ESME_RINVPRTFLG 0x06), registered_delivery without
     * its reserved bits and receipt value 3 (§5.2.17; ESME_RINVREGDLVFLG 0x07), replace_if_present 0 or 1 (§5.2.18;
     * ESME_RINVREPFLAG 0x54).
     */
    static int undefinedValue(SubmitSm submit) {
        Address source = submit.getSourceAddress();
        Address destination = submit.getDestAddress();
        if (!definedTon(source.getTon())) {
            return SmppConstants.STATUS_INVSRCTON;
        }
        if (!definedNpi(source.getNpi())) {
            return SmppConstants.STATUS_INVSRCNPI;
        }
        if (!definedTon(destination.getTon())) {
            return SmppConstants.STATUS_INVDSTTON;
        }
        if (!definedNpi(destination.getNpi())) {
            return SmppConstants.STATUS_INVDSTNPI;
        }
        int messageType = submit.getEsmClass() & 0x3C;
        if (messageType != 0x00 && messageType != 0x08 && messageType != 0x10) {
            return SmppConstants.STATUS_INVESMCLASS;
        }
        if ((submit.getPriority() & 0xFF) > 3) {
            return SmppConstants.STATUS_INVPRTFLG;
        }
        int registeredDelivery = submit.getRegisteredDelivery() & 0xFF;
        if ((registeredDelivery & 0xE0) != 0 || (registeredDelivery & 0x03) == 0x03) {
            return SmppConstants.STATUS_INVREGDLVFLG;
        }
        if ((submit.getReplaceIfPresent() & 0xFF) > 1) {
            return SmppConstants.STATUS_INVREPFLAG;
        }
        return SmppConstants.STATUS_OK;
    }

    private static boolean definedTon(byte ton) {
        return (ton & 0xFF) <= 6;
    }

    private static boolean definedNpi(byte npi) {
        return switch (npi & 0xFF) {
            case 0, 1, 3, 4, 6, 8, 9, 10, 14, 18 -> true;
            default -> false;
        };
    }

    private static void fill(MessageEvent event, SubmitSm submit, String account, byte[] payload) {
        event.account = account;
        event.channel = Channel.SMPP;
        event.serviceType = submit.getServiceType();
        Address source = submit.getSourceAddress();
        event.sourceAddress = source.getAddress();
        event.sourceTon = source.getTon();
        event.sourceNpi = source.getNpi();
        Address destination = submit.getDestAddress();
        event.destinationAddress = destination.getAddress();
        event.destinationTon = destination.getTon();
        event.destinationNpi = destination.getNpi();
        event.esmClass = submit.getEsmClass();
        event.registeredDelivery = submit.getRegisteredDelivery();
        event.dataCoding = submit.getDataCoding();
        event.payload = payload;
        event.protocolId = submit.getProtocolId();
        event.priorityFlag = submit.getPriority();
        event.replaceIfPresent = submit.getReplaceIfPresent();
    }

    /**
     * The submission's sar_* TLVs (SMPP 3.4 §5.3.2.22-24) packed as {@link Sar} does, {@link Sar#NONE} without
     * them, or the status to refuse it with, negated: ESME_RMISSINGOPTPARAM (0xC3) when only some of the three
     * are there, ESME_RINVPARLEN (0xC2) for a value of the wrong length, ESME_RINVOPTPARAMVAL (0xC4) for a total
     * of 0 or a sequence number outside 1 to the total.
     */
    static long sar(SubmitSm submit) {
        Tlv reference = submit.getOptionalParameter(SmppConstants.TAG_SAR_MSG_REF_NUM);
        Tlv total = submit.getOptionalParameter(SmppConstants.TAG_SAR_TOTAL_SEGMENTS);
        Tlv sequence = submit.getOptionalParameter(SmppConstants.TAG_SAR_SEGMENT_SEQNUM);
        if (reference == null && total == null && sequence == null) {
            return Sar.NONE;
        }
        if (reference == null || total == null || sequence == null) {
            return -SmppConstants.STATUS_MISSINGOPTPARAM;
        }
        byte[] ref = reference.getValue();
        byte[] of = total.getValue();
        byte[] seq = sequence.getValue();
        if (ref == null || ref.length != 2 || of == null || of.length != 1 || seq == null || seq.length != 1) {
            return -SmppConstants.STATUS_INVPARLEN;
        }
        int parts = of[0] & 0xFF;
        int place = seq[0] & 0xFF;
        if (parts == 0 || place == 0 || place > parts) {
            return -SmppConstants.STATUS_INVOPTPARAMVAL;
        }
        return Sar.of((ref[0] & 0xFF) << 8 | (ref[1] & 0xFF), parts, place);
    }
}
