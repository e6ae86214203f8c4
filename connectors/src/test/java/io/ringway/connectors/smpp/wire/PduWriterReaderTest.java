package io.ringway.connectors.smpp.wire;

import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.pdu.BaseSmResp;
import com.cloudhopper.smpp.pdu.BindTransceiverResp;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.EnquireLinkResp;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PduWriter and PduReader against Cloudhopper's transcoder, the reference they replace on the per-message path:
 * the same octets out and the same fields in, for thousands of generated PDUs with empty, missing, high-Latin-1
 * and maximal fields and TLVs.
 */
class PduWriterReaderTest {
    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @Test
    void shouldWriteTheOctetsTheTranscoderWrites() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Pdu pdu = randomPdu(random, false);
            ByteBuf written = PduWriter.write(ALLOC, pdu);
            ByteBuf reference = SmppPduCodec.transcoder().encode(pdu);
            try {
                assertThat(written).as("writer declined %s", pdu).isNotNull();
                String expected = pdu instanceof SubmitSmResp && pdu.getCommandStatus() != 0
                        ? ByteBufUtil.hexDump(reference, 0, 16).replaceFirst("^.{8}", "00000010") // header alone
                        : ByteBufUtil.hexDump(reference);
                assertThat(ByteBufUtil.hexDump(written)).as(pdu.toString()).isEqualTo(expected);
            } finally {
                reference.release();
                if (written != null) {
                    written.release();
                }
            }
        }
    }

    @Test
    void shouldWriteAnErrorSubmitSmRespOrBindRespAsItsHeaderAloneAndReadItBack() throws Exception {
        SubmitSmResp refused = new SubmitSmResp();
        refused.setCommandStatus(0x0B);
        refused.setSequenceNumber(7);
        refused.setMessageId("");
        BindTransceiverResp bindRefused = new BindTransceiverResp();
        bindRefused.setCommandStatus(0x0E);
        bindRefused.setSequenceNumber(1);
        bindRefused.setSystemId("ringway");
        DeliverSmResp deliverRefused = new DeliverSmResp();
        deliverRefused.setCommandStatus(0x64);
        deliverRefused.setSequenceNumber(2);
        deliverRefused.setMessageId("");

        ByteBuf submitResp = SmppPduCodec.encode(ALLOC, refused);
        ByteBuf bindResp = SmppPduCodec.encode(ALLOC, bindRefused);
        ByteBuf deliverResp = SmppPduCodec.encode(ALLOC, deliverRefused);
        try {
            assertThat(ByteBufUtil.hexDump(submitResp)).isEqualTo("00000010" + "80000004" + "0000000b" + "00000007");
            assertThat(ByteBufUtil.hexDump(bindResp)).isEqualTo("00000010" + "80000009" + "0000000e" + "00000001");
            assertThat(ByteBufUtil.hexDump(deliverResp)).as("deliver_sm_resp keeps its (unused) message_id")
                    .isEqualTo("00000011" + "80000005" + "00000064" + "00000002" + "00");
            Object read = SmppPduCodec.decode(submitResp);
            assertThat(read).isInstanceOf(SubmitSmResp.class);
            assertThat(((SubmitSmResp) read).getCommandStatus()).isEqualTo(0x0B);
            assertThat(((SubmitSmResp) read).getSequenceNumber()).isEqualTo(7);
            assertThat(((SubmitSmResp) read).getMessageId()).isNull();
        } finally {
            submitResp.release();
            bindResp.release();
            deliverResp.release();
        }
    }

    @Test
    void shouldLeaveToTheTranscoderWhatItCannotWriteAlike() throws Exception {
        SubmitSm beyondLatin1 = new SubmitSm();
        beyondLatin1.setSourceAddress(new Address((byte) 5, (byte) 0, "Ringway\u20AC"));
        assertThat(PduWriter.write(ALLOC, beyondLatin1)).isNull();

        SubmitSmResp lengthAlreadySet = new SubmitSmResp();
        lengthAlreadySet.setMessageId("1");
        SmppPduCodec.transcoder().encode(lengthAlreadySet).release();
        assertThat(PduWriter.write(ALLOC, lengthAlreadySet)).isNull();

        assertThat(PduWriter.write(ALLOC, new EnquireLinkResp())).isNull();

        ByteBuf viaCodec = SmppPduCodec.encode(ALLOC, beyondLatin1);
        ByteBuf reference = SmppPduCodec.transcoder().encode(copyOf(beyondLatin1));
        assertThat(ByteBufUtil.hexDump(viaCodec)).isEqualTo(ByteBufUtil.hexDump(reference));
        viaCodec.release();
        reference.release();
    }

    @Test
    void shouldReadTheFieldsTheTranscoderReads() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            ByteBuf frame = SmppPduCodec.transcoder().encode(randomPdu(random, true));
            try {
                assertThat(PduBodyValidator.validate(frame)).isEqualTo(PduBodyValidator.OK);
                Pdu read = PduReader.read(io.netty.buffer.ByteBufUtil.getBytes(frame), frame.readableBytes());
                Pdu reference = SmppPduCodec.transcoder().decode(frame.duplicate());
                assertThat(read).as("reader declined %s", reference).isNotNull();
                assertSameFields(read, reference);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void shouldLeaveResponsesWithTlvsOrWithoutTheirNulToTheTranscoder() {
        ByteBuf withoutNul = Unpooled.buffer().writeInt(19).writeInt(0x80000004).writeInt(0).writeInt(3)
                .writeBytes(new byte[] {'a', 'b', 'c'});
        ByteBuf withTlv = Unpooled.buffer().writeInt(23).writeInt(0x80000004).writeInt(0).writeInt(3)
                .writeBytes(new byte[] {'a', 0}).writeShort(0x0425).writeShort(1).writeByte(1);

        assertThat(PduReader.read(ByteBufUtil.getBytes(withoutNul), withoutNul.readableBytes())).isNull();
        assertThat(PduReader.read(ByteBufUtil.getBytes(withTlv), withTlv.readableBytes())).isNull();
        assertThat(SmppPduCodec.decode(withoutNul)).isInstanceOf(MalformedPdu.class);
    }

    private static void assertSameFields(Pdu read, Pdu reference) {
        assertThat(read.getClass()).isEqualTo(reference.getClass());
        assertThat(read.getCommandLength()).isEqualTo(reference.getCommandLength());
        assertThat(read.getCommandStatus()).isEqualTo(reference.getCommandStatus());
        assertThat(read.getSequenceNumber()).isEqualTo(reference.getSequenceNumber());
        if (read instanceof BaseSmResp response) {
            assertThat(response.getMessageId()).isEqualTo(((BaseSmResp) reference).getMessageId());
            assertThat(response.getOptionalParameters()).isNull();
            return;
        }
        BaseSm<?> sm = (BaseSm<?>) read;
        BaseSm<?> expected = (BaseSm<?>) reference;
        assertThat(sm.getServiceType()).isEqualTo(expected.getServiceType());
        assertSameAddress(sm.getSourceAddress(), expected.getSourceAddress());
        assertSameAddress(sm.getDestAddress(), expected.getDestAddress());
        assertThat(sm.getEsmClass()).isEqualTo(expected.getEsmClass());
        assertThat(sm.getProtocolId()).isEqualTo(expected.getProtocolId());
        assertThat(sm.getPriority()).isEqualTo(expected.getPriority());
        assertThat(sm.getScheduleDeliveryTime()).isEqualTo(expected.getScheduleDeliveryTime());
        assertThat(sm.getValidityPeriod()).isEqualTo(expected.getValidityPeriod());
        assertThat(sm.getRegisteredDelivery()).isEqualTo(expected.getRegisteredDelivery());
        assertThat(sm.getReplaceIfPresent()).isEqualTo(expected.getReplaceIfPresent());
        assertThat(sm.getDataCoding()).isEqualTo(expected.getDataCoding());
        assertThat(sm.getDefaultMsgId()).isEqualTo(expected.getDefaultMsgId());
        assertThat(sm.getShortMessage()).isEqualTo(expected.getShortMessage());
        assertThat(sm.getOptionalParameterCount()).isEqualTo(expected.getOptionalParameterCount());
        for (int i = 0; i < sm.getOptionalParameterCount(); i++) {
            Tlv tlv = sm.getOptionalParameters().get(i);
            Tlv expectedTlv = expected.getOptionalParameters().get(i);
            assertThat(tlv.getTag()).isEqualTo(expectedTlv.getTag());
            assertThat(tlv.getValue()).isEqualTo(expectedTlv.getValue());
        }
    }

    private static void assertSameAddress(Address address, Address expected) {
        assertThat(address.getTon()).isEqualTo(expected.getTon());
        assertThat(address.getNpi()).isEqualTo(expected.getNpi());
        assertThat(address.getAddress()).isEqualTo(expected.getAddress());
    }

    /** A submit_sm, deliver_sm or one of their responses; {@code valid} keeps fields within SMPP's lengths. */
    private static Pdu randomPdu(Random random, boolean valid) throws Exception {
        Pdu pdu = switch (random.nextInt(4)) {
            case 0 -> randomSm(random, new SubmitSm(), valid);
            case 1 -> randomSm(random, new DeliverSm(), valid);
            case 2 -> randomResponse(random, new SubmitSmResp());
            default -> randomResponse(random, new DeliverSmResp());
        };
        pdu.setSequenceNumber(random.nextInt());
        return pdu;
    }

    private static Pdu randomResponse(Random random, BaseSmResp response) {
        response.setCommandStatus(random.nextBoolean() ? 0 : random.nextInt());
        response.setMessageId(text(random, 64, true));
        return response;
    }

    private static Pdu randomSm(Random random, BaseSm<?> sm, boolean valid) throws Exception {
        sm.setServiceType(text(random, valid ? 5 : 8, valid));
        if (!valid || random.nextInt(10) > 0) {
            sm.setSourceAddress(new Address((byte) random.nextInt(), (byte) random.nextInt(), text(random, 20, valid)));
        }
        if (!valid || random.nextInt(10) > 0) {
            sm.setDestAddress(new Address((byte) random.nextInt(), (byte) random.nextInt(), text(random, 20, valid)));
        }
        sm.setEsmClass((byte) random.nextInt());
        sm.setProtocolId((byte) random.nextInt());
        sm.setPriority((byte) random.nextInt());
        sm.setScheduleDeliveryTime(text(random, 16, valid));
        sm.setValidityPeriod(text(random, 16, valid));
        sm.setRegisteredDelivery((byte) random.nextInt());
        sm.setReplaceIfPresent((byte) random.nextInt());
        sm.setDataCoding((byte) random.nextInt());
        sm.setDefaultMsgId((byte) random.nextInt());
        int shortMessage = random.nextInt(5);
        if (shortMessage > 0) {
            byte[] body = new byte[shortMessage == 1 ? 0 : random.nextInt(valid ? 255 : 256)];
            random.nextBytes(body);
            sm.setShortMessage(body);
        }
        for (int tlvs = random.nextInt(4); tlvs > 0; tlvs--) {
            byte[] value = new byte[random.nextInt(10) == 0 ? random.nextInt(400) : random.nextInt(8)];
            random.nextBytes(value);
            int tag = random.nextBoolean() ? 0x0424 : random.nextInt(0x10000);
            sm.addOptionalParameter(new Tlv((short) tag, random.nextInt(20) == 0 && !valid ? null : value));
        }
        return sm;
    }

    /** {@code null} (when allowed), empty, or up to {@code max} characters of ISO-8859-1 without NUL. */
    private static String text(Random random, int max, boolean nonNull) {
        int kind = random.nextInt(6);
        if (kind == 0 && !nonNull) {
            return null;
        }
        if (kind <= 1) {
            return "";
        }
        char[] chars = new char[1 + random.nextInt(max)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (kind == 2 ? 1 + random.nextInt(0xFF) : '0' + random.nextInt(75));
        }
        return new String(chars);
    }

    private static SubmitSm copyOf(SubmitSm submit) {
        SubmitSm copy = new SubmitSm();
        copy.setSourceAddress(submit.getSourceAddress());
        return copy;
    }
}
