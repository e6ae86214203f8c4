package io.ringway.server.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseSmResp;
import com.cloudhopper.smpp.pdu.BindReceiverResp;
import com.cloudhopper.smpp.pdu.BindTransceiverResp;
import com.cloudhopper.smpp.pdu.BindTransmitterResp;
import com.cloudhopper.smpp.pdu.CancelSmResp;
import com.cloudhopper.smpp.pdu.DataSmResp;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.EmptyBodyResp;
import com.cloudhopper.smpp.pdu.EnquireLinkResp;
import com.cloudhopper.smpp.pdu.GenericNack;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.QuerySmResp;
import com.cloudhopper.smpp.pdu.ReplaceSmResp;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.UnbindResp;

/**
 * The answer to a request from its command_id alone: for requests the codec could not decode (only their header
 * is known) and for requests refused before their body matters (wrong bind state, unsupported command). The
 * request's own response type where the command is known, generic_nack (SMPP 3.4 §4.3) where it is not, so that
 * the client can match the answer to what it sent.
 */
final class ResponsePdus {
    private ResponsePdus() {
    }

    /**
     * The response to request {@code commandId} (generic_nack for a command we do not know) with its status. A
     * data_sm_resp carries an empty message_id; a submit_sm_resp and a bind response go out as their header alone
     * (the codec's {@code PduWriter}, SMPP 3.4 §4.4.2 and §4.1).
     */
    static PduResponse responseTo(int commandId, int sequenceNumber, int commandStatus) {
        PduResponse response = switch (commandId) {
            case SmppConstants.CMD_ID_BIND_RECEIVER -> new BindReceiverResp();
            case SmppConstants.CMD_ID_BIND_TRANSMITTER -> new BindTransmitterResp();
            case SmppConstants.CMD_ID_BIND_TRANSCEIVER -> new BindTransceiverResp();
            case SmppConstants.CMD_ID_SUBMIT_SM -> new SubmitSmResp();
            case SmppConstants.CMD_ID_DELIVER_SM -> new DeliverSmResp();
            case SmppConstants.CMD_ID_DATA_SM -> new DataSmResp();
            case SmppConstants.CMD_ID_QUERY_SM -> new QuerySmResp();
            case SmppConstants.CMD_ID_CANCEL_SM -> new CancelSmResp();
            case SmppConstants.CMD_ID_REPLACE_SM -> new ReplaceSmResp();
            case SmppConstants.CMD_ID_UNBIND -> new UnbindResp();
            case SmppConstants.CMD_ID_ENQUIRE_LINK -> new EnquireLinkResp();
            case SmppConstants.CMD_ID_SUBMIT_MULTI -> new SubmitMultiResp();
            default -> new GenericNack();
        };
        response.setSequenceNumber(sequenceNumber);
        response.setCommandStatus(commandStatus);
        if (response instanceof BaseSmResp sm) {
            sm.setMessageId("");
        }
        return response;
    }

    /**
     * submit_multi_resp (SMPP 3.4 §4.5.2), which the SMPP library has no class for. Only ever sent with an error
     * status, and then without a body: Ringway does not take submit_multi, and a client that sends one must get
     * its own response type back, not generic_nack, which §4.3 keeps for unknown commands and bad headers.
     */
    static final class SubmitMultiResp extends EmptyBodyResp {
        SubmitMultiResp() {
            super(SmppConstants.CMD_ID_SUBMIT_MULTI_RESP, "submit_multi_resp");
        }
    }
}
