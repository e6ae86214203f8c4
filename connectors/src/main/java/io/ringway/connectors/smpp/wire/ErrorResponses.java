package io.ringway.connectors.smpp.wire;

import com.cloudhopper.smpp.pdu.BindReceiverResp;
import com.cloudhopper.smpp.pdu.BindTransceiverResp;
import com.cloudhopper.smpp.pdu.BindTransmitterResp;
import com.cloudhopper.smpp.pdu.CancelSmResp;
import com.cloudhopper.smpp.pdu.DataSmResp;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.EnquireLinkResp;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.QuerySmResp;
import com.cloudhopper.smpp.pdu.ReplaceSmResp;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.UnbindResp;

/**
 * The answer to a request that cannot be served: the request's own response type carrying the error status when
 * the command is known, so that the peer matches it to its request and fails only that one, and
 * {@code generic_nack} otherwise (SMPP 3.4 §4.3, §5.1.3). Every SMPP endpoint in Ringway answers a
 * {@link MalformedPdu} this way and keeps the session up.
 */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    /** The answer to {@code malformed}, or {@code null} when it is a response (responses are never answered). */
    public static Pdu answer(MalformedPdu malformed) {
        if (!malformed.isRequest()) {
            return null;
        }
        return answer(malformed.commandId(), malformed.sequenceNumber(), malformed.commandStatus());
    }

    /** The response to request {@code commandId} with {@code commandStatus}; {@code generic_nack} for an unknown command. */
    public static Pdu answer(int commandId, int sequenceNumber, int commandStatus) {
        PduResponse response = responseTo(commandId);
        Pdu answer = response != null ? response : new com.cloudhopper.smpp.pdu.GenericNack();
        answer.setCommandStatus(commandStatus);
        answer.setSequenceNumber(sequenceNumber);
        return answer;
    }

    /** An empty response PDU for request {@code commandId} (SMPP 3.4 §5.1.2.1), or {@code null} when it has none. */
    private static PduResponse responseTo(int commandId) {
        return switch (commandId) {
            case 0x00000001 -> new BindReceiverResp();
            case 0x00000002 -> new BindTransmitterResp();
            case 0x00000003 -> new QuerySmResp();
            case 0x00000004 -> new SubmitSmResp();
            case 0x00000005 -> new DeliverSmResp();
            case 0x00000006 -> new UnbindResp();
            case 0x00000007 -> new ReplaceSmResp();
            case 0x00000008 -> new CancelSmResp();
            case 0x00000009 -> new BindTransceiverResp();
            case 0x00000015 -> new EnquireLinkResp();
            case 0x00000103 -> new DataSmResp();
            default -> null;
        };
    }
}
