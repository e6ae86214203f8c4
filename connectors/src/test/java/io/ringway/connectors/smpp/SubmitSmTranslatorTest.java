package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.SubmitSm;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmitSmTranslatorTest {
    @Test
    void shouldCarryAddressesCodingAndShortPayloadInShortMessage() {
        byte[] payload = new byte[254];
        Arrays.fill(payload, (byte) 'a');

        SubmitSm submit = SubmitSmTranslator.translate(message(payload, (byte) 0x40, (byte) 0x08, (byte) 0x00));

        assertThat(submit.getSourceAddress().getTon()).isEqualTo((byte) 5);
        assertThat(submit.getSourceAddress().getNpi()).isEqualTo((byte) 0);
        assertThat(submit.getSourceAddress().getAddress()).isEqualTo("RINGWAY");
        assertThat(submit.getDestAddress().getTon()).isEqualTo((byte) 1);
        assertThat(submit.getDestAddress().getNpi()).isEqualTo((byte) 1);
        assertThat(submit.getDestAddress().getAddress()).isEqualTo("447700900001");
        assertThat(submit.getEsmClass()).isEqualTo((byte) 0x40);
        assertThat(submit.getDataCoding()).isEqualTo((byte) 0x08);
        assertThat(submit.getShortMessage()).isEqualTo(payload);
        assertThat(submit.getOptionalParameter(SmppConstants.TAG_MESSAGE_PAYLOAD)).isNull();
    }

    @Test
    void shouldAlwaysAskForAReceipt() {
        SubmitSm submit = SubmitSmTranslator.translate(message(new byte[] {'h'}, (byte) 0, (byte) 0, (byte) 0));

        assertThat(submit.getRegisteredDelivery()).isEqualTo((byte) 0x01);
    }

    @Test
    void shouldPutPayloadAbove254OctetsInMessagePayload() {
        byte[] payload = new byte[255];
        Arrays.fill(payload, (byte) 'b');

        SubmitSm submit = SubmitSmTranslator.translate(message(payload, (byte) 0, (byte) 0, (byte) 1));

        assertThat(submit.getShortMessageLength()).isZero();
        assertThat(submit.getOptionalParameter(SmppConstants.TAG_MESSAGE_PAYLOAD).getValue()).isEqualTo(payload);
    }

    @Test
    void shouldRefusePayloadNoTlvCanHold() {
        Message message = message(new byte[70_000], (byte) 0, (byte) 0, (byte) 1);

        assertThatThrownBy(() -> SubmitSmTranslator.translate(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
    }

    private static Message message(byte[] payload, byte esmClass, byte dataCoding, byte registeredDelivery) {
        return new Message(7, "demo", Channel.HTTP, MessageType.OTP, "RINGWAY", (byte) 5, (byte) 0,
                "447700900001", (byte) 1, (byte) 1, esmClass, dataCoding, registeredDelivery, payload, 0L, "sim");
    }
}
