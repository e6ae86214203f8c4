package io.ringway.connectors.smpp.wire;

import com.cloudhopper.smpp.pdu.BindTransceiverResp;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponsesTest {
    @Test
    void shouldAnswerAKnownRequestWithItsOwnResponse() {
        Pdu answer = ErrorResponses.answer(new MalformedPdu(0x00000004, 12, 0x0B, "destination too long"));

        assertThat(answer).isInstanceOf(SubmitSmResp.class);
        assertThat(answer.getSequenceNumber()).isEqualTo(12);
        assertThat(answer.getCommandStatus()).isEqualTo(0x0B);
    }

    @Test
    void shouldAnswerABindWithItsBindResponse() {
        assertThat(ErrorResponses.answer(new MalformedPdu(0x00000009, 1, 0x0F, "system_id too long")))
                .isInstanceOf(BindTransceiverResp.class);
    }

    @Test
    void shouldAnswerAnUnknownCommandWithGenericNack() {
        Pdu answer = ErrorResponses.answer(new MalformedPdu(0x00000099, 5, SmppPduCodec.ESME_RINVCMDID, "unknown"));

        assertThat(answer).isInstanceOf(com.cloudhopper.smpp.pdu.GenericNack.class);
        assertThat(answer.getCommandId()).isEqualTo(GenericNack.COMMAND_ID);
        assertThat(answer.getSequenceNumber()).isEqualTo(5);
        assertThat(answer.getCommandStatus()).isEqualTo(SmppPduCodec.ESME_RINVCMDID);
    }

    @Test
    void shouldNotAnswerAResponse() {
        assertThat(ErrorResponses.answer(new MalformedPdu(0x80000004, 5, 0x02, "short body"))).isNull();
    }
}
