package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.SubmitSm;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.Sar;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.TextEncoding;
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
    void shouldLeaveTheValidityToTheUpstreamUnlessTheMessageSetsOne() {
        Message withDefault = message(new byte[] {'h'}, (byte) 0, (byte) 0, (byte) 0);
        Message withValidity = message(new byte[] {'h'}, (byte) 0, (byte) 0, (byte) 0);
        withValidity.options(2 * 86_400_000L + 3 * 3_600_000L + 4 * 60_000L + 5_000L, null, 0);

        assertThat(SubmitSmTranslator.translate(withDefault).getValidityPeriod()).isNull();
        assertThat(SubmitSmTranslator.translate(withValidity).getValidityPeriod()).isEqualTo("000002030405000R");
    }

    @Test
    void shouldWriteRelativeValidityRoundedUpToWholeSeconds() {
        assertThat(SubmitSmTranslator.relativeValidity(1)).isEqualTo("000000000001000R");
        assertThat(SubmitSmTranslator.relativeValidity(59_000)).isEqualTo("000000000059000R");
        assertThat(SubmitSmTranslator.relativeValidity(7 * 86_400_000L)).isEqualTo("000007000000000R");
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

    @Test
    void shouldSplitA400CharacterGsmTextInto153SeptetPartsWithoutSplittingTheEuroEscape() {
        String text = "a".repeat(152) + "€" + "[".repeat(10) + "b".repeat(200) + "]" + "c".repeat(36);
        byte[] body = TextEncoding.encode(text, TextEncoding.GSM);
        Message message = rated(body, TextEncoding.GSM);
        assertThat(message.segments()).isEqualTo(3);

        SubmitSm first = SubmitSmTranslator.translatePart(message, 0, 3, 0xA7);
        SubmitSm second = SubmitSmTranslator.translatePart(message, 1, 3, 0xA7);
        SubmitSm third = SubmitSmTranslator.translatePart(message, 2, 3, 0xA7);

        assertThat(first.getEsmClass()).isEqualTo((byte) 0x40);
        assertThat(Arrays.copyOf(first.getShortMessage(), 6)).containsExactly(0x05, 0x00, 0x03, 0xA7, 0x03, 0x01);
        assertThat(Arrays.copyOf(second.getShortMessage(), 6)).containsExactly(0x05, 0x00, 0x03, 0xA7, 0x03, 0x02);
        assertThat(Arrays.copyOf(third.getShortMessage(), 6)).containsExactly(0x05, 0x00, 0x03, 0xA7, 0x03, 0x03);
        assertThat(first.getShortMessage()).hasSize(6 + 152);
        assertThat(second.getShortMessage()[6]).as("the escape starts part 2").isEqualTo(TextEncoding.ESCAPE);
        assertThat(second.getShortMessage()[7]).isEqualTo((byte) 0x65);
        String joined = TextEncoding.decode(first.getShortMessage(), 6, first.getShortMessage().length - 6, TextEncoding.GSM)
                + TextEncoding.decode(second.getShortMessage(), 6, second.getShortMessage().length - 6, TextEncoding.GSM)
                + TextEncoding.decode(third.getShortMessage(), 6, third.getShortMessage().length - 6, TextEncoding.GSM);
        assertThat(joined).isEqualTo(text);
        for (SubmitSm part : new SubmitSm[]{first, second, third}) {
            assertThat(part.getShortMessage().length - 6).isLessThanOrEqualTo(153);
        }
    }

    @Test
    void shouldSendTurkishTextAsUcs2PartsOf67Characters() {
        String text = "Şişli'de ağır İşçi ğüşöç ".repeat(6);
        assertThat(text).hasSize(150);
        assertThat(TextEncoding.cheapest(text)).isEqualTo(TextEncoding.UCS2);
        byte[] body = TextEncoding.encode(text, TextEncoding.UCS2);
        Message message = rated(body, TextEncoding.UCS2);
        assertThat(message.segments()).isEqualTo(3);
        StringBuilder joined = new StringBuilder();
        int[] lengths = new int[3];
        for (int part = 0; part < 3; part++) {
            SubmitSm submit = SubmitSmTranslator.translatePart(message, part, 3, 1);
            assertThat(submit.getDataCoding()).isEqualTo(TextEncoding.UCS2);
            byte[] sm = submit.getShortMessage();
            lengths[part] = (sm.length - 6) / 2;
            joined.append(TextEncoding.decode(sm, 6, sm.length - 6, TextEncoding.UCS2));
        }
        assertThat(lengths).containsExactly(67, 67, 16);
        assertThat(joined.toString()).isEqualTo(text);
    }

    @Test
    void shouldMoveAnEmojiWholeToTheNextPart() {
        String text = "x".repeat(66) + "\uD83D\uDE00" + "y".repeat(10);
        Message message = rated(TextEncoding.encode(text, TextEncoding.UCS2), TextEncoding.UCS2);
        byte[] first = SubmitSmTranslator.translatePart(message, 0, 2, 9).getShortMessage();
        byte[] second = SubmitSmTranslator.translatePart(message, 1, 2, 9).getShortMessage();
        assertThat((first.length - 6) / 2).isEqualTo(66);
        assertThat(Arrays.copyOfRange(second, 6, 10)).containsExactly(0xD8, 0x3D, 0xDE, 0x00);
    }

    @Test
    void shouldPassTheSmppFieldsAndTheCustomersSarConcatenationUpstream() {
        Message message = rated(TextEncoding.encode("part two of three", TextEncoding.GSM), TextEncoding.GSM);
        message.smppFields((byte) 0x40, (byte) 1, (byte) 1, Sar.of(0x1234, 3, 2));

        SubmitSm submit = SubmitSmTranslator.translatePart(message, 0, 1, 0);

        assertThat(submit.getProtocolId()).as("a silent message stays silent").isEqualTo((byte) 0x40);
        assertThat(submit.getPriority()).isEqualTo((byte) 1);
        assertThat(submit.getReplaceIfPresent()).isEqualTo((byte) 1);
        assertThat(submit.getOptionalParameter(SmppConstants.TAG_SAR_MSG_REF_NUM).getValue()).containsExactly(0x12, 0x34);
        assertThat(submit.getOptionalParameter(SmppConstants.TAG_SAR_TOTAL_SEGMENTS).getValue()).containsExactly(3);
        assertThat(submit.getOptionalParameter(SmppConstants.TAG_SAR_SEGMENT_SEQNUM).getValue()).containsExactly(2);

        Message plain = rated(TextEncoding.encode("hi", TextEncoding.GSM), TextEncoding.GSM);
        SubmitSm defaults = SubmitSmTranslator.translate(plain);
        assertThat(defaults.getProtocolId()).isZero();
        assertThat(defaults.getReplaceIfPresent()).isZero();
        assertThat(defaults.getOptionalParameter(SmppConstants.TAG_SAR_MSG_REF_NUM)).isNull();
    }

    @Test
    void shouldNotAskTheSmscToReplaceWithEachPartOfAMessageItSplits() {
        Message message = rated(TextEncoding.encode("y".repeat(300), TextEncoding.GSM), TextEncoding.GSM);
        message.smppFields((byte) 0, (byte) 0, (byte) 1, Sar.NONE);

        assertThat(SubmitSmTranslator.translatePart(message, 0, 2, 5).getReplaceIfPresent()).isZero();
        assertThat(SubmitSmTranslator.translatePart(message, 1, 2, 5).getReplaceIfPresent()).isZero();
    }

    @Test
    void shouldRefuseToNumberMoreThan255Parts() {
        // Accepted before the edges refused it: it fails (the engine refunds it) instead of going out with a
        // header whose count and sequence octets wrapped.
        Message message = rated(TextEncoding.encode("x".repeat(256 * 67), TextEncoding.UCS2), TextEncoding.UCS2);
        assertThat(message.segments()).isEqualTo(256);

        assertThatThrownBy(() -> SubmitSmTranslator.translatePart(message, 0, 256, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
        Message most = rated(TextEncoding.encode("x".repeat(255 * 67), TextEncoding.UCS2), TextEncoding.UCS2);
        assertThat(Arrays.copyOf(SubmitSmTranslator.translatePart(most, 254, 255, 1).getShortMessage(), 6))
                .containsExactly(0x05, 0x00, 0x03, 0x01, 0xFF, 0xFF);
    }

    @Test
    void shouldPassACustomersOwnUdhThroughAsOnePart() {
        byte[] own = {0x05, 0x00, 0x03, 0x11, 0x02, 0x01, 'h', 'i'};
        Message message = new Message(7, "demo", Channel.SMPP, MessageType.OTP, "RINGWAY", (byte) 5, (byte) 0,
                "447700900001", (byte) 1, (byte) 1, (byte) 0x40, (byte) 0, (byte) 1, own, 0L, "sim");
        message.rated(Segments.count(own, (byte) 0, (byte) 0x40), 0);
        assertThat(message.segments()).isEqualTo(1);
        SubmitSm submit = SubmitSmTranslator.translatePart(message, 0, 1, 0);
        assertThat(submit.getShortMessage()).isEqualTo(own);
        assertThat(submit.getEsmClass()).isEqualTo((byte) 0x40);
    }

    @Test
    void shouldSplitAMessageByTheSegmentRulesItWasChargedUnder() {
        byte[] body = new byte[300];
        Arrays.fill(body, (byte) 0x7F);
        Message now = rated(body, (byte) 0x15); // 8-bit data, class 1: 134 octets a part
        assertThat(now.segments()).isEqualTo(3);
        assertThat(SubmitSmTranslator.translatePart(now, 0, 3, 1).getShortMessage()).hasSize(6 + 134);
        assertThat(SubmitSmTranslator.translatePart(now, 2, 3, 1).getShortMessage()).hasSize(6 + 300 - 2 * 134);

        // Accepted before the rules were kept, it was charged as GSM (153 a part): it goes out as charged.
        Message older = message(body, (byte) 0, (byte) 0x15, (byte) 1);
        older.rated(Segments.count(body, (byte) 0x15, (byte) 0, Segments.RULES_FIRST), 0, Segments.RULES_FIRST);
        assertThat(older.segments()).isEqualTo(2);
        assertThat(SubmitSmTranslator.translatePart(older, 0, 2, 1).getShortMessage()).hasSize(6 + 153);
        assertThat(SubmitSmTranslator.translatePart(older, 1, 2, 1).getShortMessage()).hasSize(6 + 300 - 153);
    }

    private static Message rated(byte[] payload, byte dataCoding) {
        Message message = message(payload, (byte) 0, dataCoding, (byte) 1);
        message.rated(Segments.count(payload, dataCoding, (byte) 0), 0);
        return message;
    }

    private static Message message(byte[] payload, byte esmClass, byte dataCoding, byte registeredDelivery) {
        return new Message(7, "demo", Channel.HTTP, MessageType.OTP, "RINGWAY", (byte) 5, (byte) 0,
                "447700900001", (byte) 1, (byte) 1, esmClass, dataCoding, registeredDelivery, payload, 0L, "sim");
    }
}
