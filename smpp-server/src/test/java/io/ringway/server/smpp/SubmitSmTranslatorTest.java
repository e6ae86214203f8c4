package io.ringway.server.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import io.ringway.engine.customer.SubmitResponder;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Sar;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitSmTranslatorTest {
    /** "hello" after a concatenation header (part 1 of 2, reference 0x2A), for a submission with esm_class UDHI. */
    private static final byte[] UDH_HELLO = {0x05, 0x00, 0x03, 0x2A, 0x02, 0x01, 'h', 'e', 'l', 'l', 'o'};
    private static final SubmitResponder RESPONDER = new SubmitResponder() {
        @Override
        public void accepted(int correlation, long messageId) {
        }

        @Override
        public void rejected(int correlation, Status status) {
        }
    };

    private final StalledRing ring = new StalledRing(64);
    private final SubmitSmTranslator translator = new SubmitSmTranslator(ring.ingress);

    @Test
    void shouldPublishEveryFieldOfTheSubmissionAsASubmitEvent() throws Exception {
        SubmitSm submit = submitSm();
        submit.setEsmClass((byte) 0x40);
        submit.setShortMessage(UDH_HELLO);

        int status = translator.publish(submit, "alice", RESPONDER);

        assertThat(status).isEqualTo(SubmitSmTranslator.PUBLISHED);
        assertThat(ring.claimed()).isEqualTo(1);
        MessageEvent event = ring.event(0);
        assertThat(event.kind).isEqualTo(EventKind.SUBMIT);
        assertThat(event.timestamp).isEqualTo(StalledRing.TIMESTAMP);
        assertThat(event.account).isEqualTo("alice");
        assertThat(event.channel).isEqualTo(Channel.SMPP);
        assertThat(event.serviceType).isEqualTo("OTP");
        assertThat(event.sourceAddress).isEqualTo("Ringway");
        assertThat(event.sourceTon).isEqualTo((byte) 5);
        assertThat(event.sourceNpi).isEqualTo((byte) 0);
        assertThat(event.destinationAddress).isEqualTo("447700900123");
        assertThat(event.destinationTon).isEqualTo((byte) 1);
        assertThat(event.destinationNpi).isEqualTo((byte) 1);
        assertThat(event.esmClass).isEqualTo((byte) 0x40);
        assertThat(event.registeredDelivery).isEqualTo((byte) 1);
        assertThat(event.dataCoding).isEqualTo((byte) 8);
        assertThat(event.payload).isEqualTo(UDH_HELLO);
        assertThat(event.responder).isSameAs(RESPONDER);
        assertThat(event.correlation).isEqualTo(77);
    }

    @Test
    void shouldTakeThePayloadFromMessagePayloadWhenShortMessageIsEmpty() {
        SubmitSm submit = submitSm();
        byte[] longText = "x".repeat(600).getBytes(StandardCharsets.ISO_8859_1);
        submit.addOptionalParameter(new Tlv((short) 0x0424, longText));

        int status = translator.publish(submit, "alice", RESPONDER);

        assertThat(status).isEqualTo(SubmitSmTranslator.PUBLISHED);
        assertThat(ring.event(0).payload).isEqualTo(longText);
    }

    @Test
    void shouldRefuseShortMessageAndMessagePayloadTogetherWithInvalidMessageLength() throws Exception {
        SubmitSm submit = submitSm();
        submit.setShortMessage("short".getBytes(StandardCharsets.ISO_8859_1));
        submit.addOptionalParameter(new Tlv((short) 0x0424, "long".getBytes(StandardCharsets.ISO_8859_1)));

        int status = translator.publish(submit, "alice", RESPONDER);

        assertThat(status).isEqualTo(0x01);
        assertThat(ring.claimed()).isZero();
    }

    @Test
    void shouldRefuseValuesSmpp34ReservesWithTheFieldsOwnStatus() throws Exception {
        SubmitSm reserved = submitSm();
        reserved.setShortMessage("hi".getBytes(StandardCharsets.ISO_8859_1));
        reserved.setPriority((byte) 4);
        assertThat(translator.publish(reserved, "alice", RESPONDER)).isEqualTo(0x06);

        assertThat(refusal(submit -> submit.setSourceAddress(new Address((byte) 7, (byte) 0, "RINGWAY")))).isEqualTo(0x48);
        assertThat(refusal(submit -> submit.setSourceAddress(new Address((byte) 5, (byte) 0x42, "RINGWAY")))).isEqualTo(0x49);
        assertThat(refusal(submit -> submit.setDestAddress(new Address((byte) 9, (byte) 1, "905321234567")))).isEqualTo(0x50);
        assertThat(refusal(submit -> submit.setDestAddress(new Address((byte) 1, (byte) 2, "905321234567")))).isEqualTo(0x51);
        assertThat(refusal(submit -> submit.setEsmClass((byte) 0x04))).as("the SMSC's receipt type").isEqualTo(0x43);
        assertThat(refusal(submit -> submit.setPriority((byte) 5))).isEqualTo(0x06);
        assertThat(refusal(submit -> submit.setRegisteredDelivery((byte) 0xFF))).isEqualTo(0x07);
        assertThat(refusal(submit -> submit.setRegisteredDelivery((byte) 0x03))).isEqualTo(0x07);
        assertThat(refusal(submit -> submit.setReplaceIfPresent((byte) 5))).isEqualTo(0x54);
        assertThat(ring.claimed()).as("none reaches the ring").isZero();
    }

    @Test
    void shouldAcceptEveryValueSmpp34Defines() {
        for (int ton = 0; ton <= 6; ton++) {
            byte t = (byte) ton;
            assertThat(refusal(submit -> submit.setDestAddress(new Address(t, (byte) 1, "905321234567")))).isZero();
        }
        for (int npi : new int[] {0, 1, 3, 4, 6, 8, 9, 10, 14, 18}) {
            byte n = (byte) npi;
            assertThat(refusal(submit -> submit.setSourceAddress(new Address((byte) 5, n, "RINGWAY")))).isZero();
        }
        for (int esmClass : new int[] {0x00, 0x03, 0x08, 0x10, 0x40, 0x80, 0xC3}) {
            byte e = (byte) esmClass;
            assertThat(refusal(submit -> submit.setEsmClass(e))).isZero();
        }
        for (int registered : new int[] {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x11, 0x1E}) {
            byte r = (byte) registered;
            assertThat(refusal(submit -> submit.setRegisteredDelivery(r))).isZero();
        }
        assertThat(refusal(submit -> submit.setPriority((byte) 3))).isZero();
        assertThat(refusal(submit -> submit.setReplaceIfPresent((byte) 1))).isZero();
    }

    /** The status {@code change} to a valid submission is refused with, or 0 when it is accepted. */
    private static int refusal(java.util.function.Consumer<SubmitSm> change) {
        SubmitSm submit = submitSm();
        try {
            submit.setShortMessage("hi".getBytes(StandardCharsets.ISO_8859_1));
        } catch (com.cloudhopper.smpp.type.SmppInvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        change.accept(submit);
        return SubmitSmTranslator.undefinedValue(submit);
    }

    @Test
    void shouldCarryTheSmppFieldsAndTheSarConcatenationToTheRing() throws Exception {
        SubmitSm submit = submitSm();
        submit.setShortMessage("part 2".getBytes(StandardCharsets.ISO_8859_1));
        submit.setProtocolId((byte) 0x41);
        submit.setPriority((byte) 2);
        submit.setReplaceIfPresent((byte) 1);
        sar(submit, new byte[] {0x01, 0x02}, new byte[] {3}, new byte[] {2});

        assertThat(translator.publish(submit, "alice", RESPONDER)).isEqualTo(SubmitSmTranslator.PUBLISHED);

        MessageEvent event = ring.event(0);
        assertThat(event.protocolId).isEqualTo((byte) 0x41);
        assertThat(event.priorityFlag).isEqualTo((byte) 2);
        assertThat(event.replaceIfPresent).isEqualTo((byte) 1);
        assertThat(event.sar).isEqualTo(Sar.of(0x0102, 3, 2));
    }

    @Test
    void shouldRefuseIncompleteOrImpossibleSarTlvs() throws Exception {
        assertThat(withSar(new byte[] {0, 1}, new byte[] {3}, null)).as("one missing").isEqualTo(0xC3);
        assertThat(withSar(new byte[] {1}, new byte[] {3}, new byte[] {1})).as("a one-octet reference").isEqualTo(0xC2);
        assertThat(withSar(new byte[] {0, 1}, new byte[] {0}, new byte[] {1})).as("of no parts").isEqualTo(0xC4);
        assertThat(withSar(new byte[] {0, 1}, new byte[] {3}, new byte[] {4})).as("part 4 of 3").isEqualTo(0xC4);
        assertThat(withSar(new byte[] {0, 1}, new byte[] {3}, new byte[] {0})).as("part 0").isEqualTo(0xC4);
        assertThat(ring.claimed()).isZero();

        SubmitSm tooLong = submitSm();
        tooLong.setEsmClass((byte) 0);
        tooLong.setDataCoding((byte) 0);
        tooLong.setShortMessage("x".repeat(200).getBytes(StandardCharsets.ISO_8859_1));
        sar(tooLong, new byte[] {0, 1}, new byte[] {2}, new byte[] {1});
        assertThat(translator.publish(tooLong, "alice", RESPONDER)).as("a part is one segment").isEqualTo(0x01);
    }

    @Test
    void shouldRefuseACustomerSplitPartThatDoesNotFitOneSegmentWithItsHeader() throws Exception {
        byte[] header = {0x05, 0x00, 0x03, 0x2A, 0x02, 0x01};
        assertThat(withHeader(header, 153, (byte) 0)).as("153 septets after the header").isEqualTo(0x00);
        assertThat(withHeader(header, 154, (byte) 0)).as("154 septets after the header").isEqualTo(0x01);
        assertThat(withHeader(header, 134, (byte) 8)).as("67 UCS-2 characters").isEqualTo(0x00);
        assertThat(withHeader(header, 136, (byte) 8)).as("68 UCS-2 characters").isEqualTo(0x01);
        assertThat(withHeader(new byte[] {0x09}, 2, (byte) 0)).as("a header longer than the body").isEqualTo(0x01);
        assertThat(ring.claimed()).as("only the two that fit reach the ring").isEqualTo(2);

        SubmitSm inPayload = submitSm();
        inPayload.setEsmClass((byte) 0x40);
        inPayload.addOptionalParameter(new Tlv((short) 0x0424, concat(header, new byte[1000])));
        assertThat(translator.publish(inPayload, "alice", RESPONDER)).as("in message_payload").isEqualTo(0x01);
        assertThat(ring.claimed()).isEqualTo(2);
    }

    private int withHeader(byte[] header, int textLength, byte dataCoding) throws Exception {
        SubmitSm submit = submitSm();
        submit.setEsmClass((byte) 0x40);
        submit.setDataCoding(dataCoding);
        submit.setShortMessage(concat(header, new byte[textLength]));
        return translator.publish(submit, "alice", RESPONDER);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private int withSar(byte[] reference, byte[] total, byte[] sequence) throws Exception {
        SubmitSm submit = submitSm();
        submit.setShortMessage("hi".getBytes(StandardCharsets.ISO_8859_1));
        sar(submit, reference, total, sequence);
        return translator.publish(submit, "alice", RESPONDER);
    }

    private static void sar(SubmitSm submit, byte[] reference, byte[] total, byte[] sequence) {
        if (reference != null) {
            submit.addOptionalParameter(new Tlv(SmppConstants.TAG_SAR_MSG_REF_NUM, reference));
        }
        if (total != null) {
            submit.addOptionalParameter(new Tlv(SmppConstants.TAG_SAR_TOTAL_SEGMENTS, total));
        }
        if (sequence != null) {
            submit.addOptionalParameter(new Tlv(SmppConstants.TAG_SAR_SEGMENT_SEQNUM, sequence));
        }
    }

    @Test
    void shouldRefuseABodyOfMoreThan255PartsWithInvalidMessageLength() {
        // UCS-2 concatenated parts carry 134 octets: 255 of them 34,170 octets, one more character a 256th part.
        SubmitSm most = submitSm();
        most.setEsmClass((byte) 0);
        most.addOptionalParameter(new Tlv((short) 0x0424, "x".repeat(255 * 67).getBytes(StandardCharsets.UTF_16BE)));
        SubmitSm tooMany = submitSm();
        tooMany.setEsmClass((byte) 0);
        tooMany.addOptionalParameter(new Tlv((short) 0x0424,
                "x".repeat(255 * 67 + 1).getBytes(StandardCharsets.UTF_16BE)));

        assertThat(translator.publish(most, "alice", RESPONDER)).isEqualTo(SubmitSmTranslator.PUBLISHED);
        assertThat(translator.publish(tooMany, "alice", RESPONDER)).isEqualTo(0x01);
        assertThat(ring.claimed()).as("the refused one never reaches the ring").isEqualTo(1);
    }

    @Test
    void shouldCarryTheValidityPeriodAsMillisecondsFromTheIngressTime() throws Exception {
        SubmitSm relative = submitSm();
        relative.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));
        relative.setValidityPeriod("000000010000000R");
        SubmitSm absolute = submitSm();
        absolute.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));
        absolute.setValidityPeriod(absoluteIn(7_200_000));

        assertThat(translator.publish(relative, "alice", RESPONDER)).isEqualTo(SubmitSmTranslator.PUBLISHED);
        assertThat(translator.publish(absolute, "alice", RESPONDER)).isEqualTo(SubmitSmTranslator.PUBLISHED);

        assertThat(ring.event(0).validityMillis).isEqualTo(3_600_000);
        assertThat(ring.event(1).validityMillis).isEqualTo(7_200_000);
    }

    @Test
    void shouldRefuseAMalformedValidityPeriodWithInvalidExpiry() throws Exception {
        SubmitSm submit = submitSm();
        submit.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));
        submit.setValidityPeriod("tomorrow");

        int status = translator.publish(submit, "alice", RESPONDER);

        assertThat(status).isEqualTo(0x62);
        assertThat(ring.event(0).kind).isEqualTo(EventKind.NOOP);
    }

    @Test
    void shouldSendAScheduledMessageWithWhatIsLeftOfItsAbsoluteValidityAtItsTime() throws Exception {
        SubmitSm absolute = submitSm();
        absolute.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));
        absolute.setScheduleDeliveryTime(absoluteIn(3_600_000));
        absolute.setValidityPeriod(absoluteIn(5_400_000));
        SubmitSm relative = submitSm();
        relative.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));
        relative.setScheduleDeliveryTime("000000010000000R");
        relative.setValidityPeriod("000000003000000R");

        assertThat(translator.publish(absolute, "alice", RESPONDER)).isEqualTo(SubmitSmTranslator.PUBLISHED);
        assertThat(translator.publish(relative, "alice", RESPONDER)).isEqualTo(SubmitSmTranslator.PUBLISHED);

        assertThat(ring.event(0).sendAt).isEqualTo(StalledRing.TIMESTAMP + 3_600_000);
        assertThat(ring.event(0).validityMillis).as("expires at its moment, half an hour after sending")
                .isEqualTo(1_800_000);
        assertThat(ring.event(1).validityMillis).as("a length of time, unchanged").isEqualTo(1_800_000);
    }

    @Test
    void shouldRefuseAnAbsoluteValidityThatEndsBeforeTheScheduledTimeWithInvalidExpiry() throws Exception {
        SubmitSm submit = submitSm();
        submit.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));
        submit.setScheduleDeliveryTime(absoluteIn(7_200_000));
        submit.setValidityPeriod(absoluteIn(3_600_000));

        int status = translator.publish(submit, "alice", RESPONDER);

        assertThat(status).isEqualTo(0x62);
        assertThat(ring.event(0).kind).isEqualTo(EventKind.NOOP);
    }

    /** The absolute validity_period (UTC, tenths 0) {@code millis} after the stalled ring's ingress time. */
    private static String absoluteIn(long millis) {
        LocalDateTime at = LocalDateTime.ofEpochSecond((StalledRing.TIMESTAMP + millis) / 1000, 0, ZoneOffset.UTC);
        return at.format(DateTimeFormatter.ofPattern("yyMMddHHmmss")) + "000+";
    }

    @Test
    void shouldAnswerThrottledWithoutWaitingWhenTheRingIsFull() throws Exception {
        ring.fill();
        long claimedBefore = ring.claimed();
        SubmitSm submit = submitSm();
        submit.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));

        int status = translator.publish(submit, "alice", RESPONDER);

        assertThat(status).isEqualTo(0x58);
        assertThat(ring.claimed()).isEqualTo(claimedBefore);
    }

    private static SubmitSm submitSm() {
        SubmitSm submit = new SubmitSm();
        submit.setSequenceNumber(77);
        submit.setServiceType("OTP");
        submit.setSourceAddress(new Address((byte) 5, (byte) 0, "Ringway"));
        submit.setDestAddress(new Address((byte) 1, (byte) 1, "447700900123"));
        submit.setRegisteredDelivery((byte) 1);
        submit.setDataCoding((byte) 8);
        return submit;
    }
}
