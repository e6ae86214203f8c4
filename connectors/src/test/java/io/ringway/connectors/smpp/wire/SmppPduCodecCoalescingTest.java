package io.ringway.connectors.smpp.wire;

import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.type.Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec sends the per-message PDUs written with a void promise as one buffer per flush, octet for octet what
 * encoding each on its own gives, and keeps the order of every other write.
 */
class SmppPduCodecCoalescingTest {

    @Test
    void shouldSendTheVoidPromisedWritesOfAFlushAsOneBufferOfTheSameOctets() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new SmppPduCodec());
        List<Pdu> pdus = List.of(submit(1, "905321234567", "Your code is 4711"), response(2, "0000000000000abc"),
                submit(3, "447700900123", "x".repeat(160)), deliverResponse(4));
        for (Pdu pdu : pdus) {
            channel.write(pdu, channel.voidPromise());
        }
        assertThat((Object) channel.readOutbound()).as("nothing before the flush").isNull();

        channel.flush();

        ByteBuf sent = channel.readOutbound();
        assertThat(ByteBufUtil.getBytes(sent)).containsExactly(separately(pdus));
        sent.release();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldKeepTheOrderOfWritesThatAreNotCoalesced() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new SmppPduCodec());
        Pdu first = submit(1, "905321234567", "one");
        Pdu promised = response(2, "id-2");
        Pdu second = submit(3, "905321234568", "two");
        EnquireLink enquireLink = new EnquireLink();
        enquireLink.setSequenceNumber(4);
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        Pdu last = submit(5, "905321234569", "three");

        channel.write(first, channel.voidPromise());
        ChannelFuture answered = channel.write(promised); // a promise someone listens to: written on its own
        channel.write(second, channel.voidPromise());
        channel.write(enquireLink, channel.voidPromise()); // left to the transcoder
        channel.write(raw, channel.voidPromise()); // already octets
        channel.write(last, channel.voidPromise());
        channel.flush();

        List<byte[]> sent = new ArrayList<>();
        for (ByteBuf buffer; (buffer = channel.readOutbound()) != null; ) {
            sent.add(ByteBufUtil.getBytes(buffer));
            buffer.release();
        }
        assertThat(sent).hasSize(6);
        assertThat(sent.get(0)).containsExactly(separately(List.of(first)));
        assertThat(sent.get(1)).containsExactly(separately(List.of(promised)));
        assertThat(sent.get(2)).containsExactly(separately(List.of(second)));
        assertThat(sent.get(3)).containsExactly(separately(List.of(enquireLink)));
        assertThat(sent.get(4)).containsExactly(1, 2, 3);
        assertThat(sent.get(5)).containsExactly(separately(List.of(last)));
        assertThat(answered.isSuccess()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldSendPendingOctetsOnceTheyReachTheBoundEvenWithoutAFlush() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new SmppPduCodec());
        Pdu pdu = submit(1, "905321234567", "y".repeat(160));
        int length = separately(List.of(pdu)).length;
        int count = SmppPduCodec.MAX_PENDING / length + 1;
        for (int i = 0; i < count; i++) {
            channel.write(pdu, channel.voidPromise());
        }

        assertThat(channel.unsafe().outboundBuffer().totalPendingWriteBytes())
                .as("handed to the channel as one write (plus the channel's per-write overhead), awaiting the flush")
                .isBetween((long) count * length, (long) count * length + 128);
        channel.flush();
        ByteBuf sent = channel.readOutbound();
        assertThat(sent.readableBytes()).isEqualTo(count * length);
        sent.release();
        assertThat((Object) channel.readOutbound()).isNull();
        channel.finishAndReleaseAll();
    }

    private static byte[] separately(List<Pdu> pdus) throws Exception {
        ByteArrayOutputStream octets = new ByteArrayOutputStream();
        for (Pdu pdu : pdus) {
            ByteBuf one = SmppPduCodec.encode(Unpooled.buffer().alloc(), pdu);
            octets.write(ByteBufUtil.getBytes(one));
            one.release();
        }
        return octets.toByteArray();
    }

    private static SubmitSm submit(int sequence, String destination, String text) throws Exception {
        SubmitSm submit = new SubmitSm();
        submit.setSequenceNumber(sequence);
        submit.setSourceAddress(new Address((byte) 5, (byte) 0, "RINGWAY"));
        submit.setDestAddress(new Address((byte) 1, (byte) 1, destination));
        submit.setRegisteredDelivery((byte) 1);
        submit.setShortMessage(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return submit;
    }

    private static SubmitSmResp response(int sequence, String messageId) {
        SubmitSmResp response = new SubmitSmResp();
        response.setSequenceNumber(sequence);
        response.setMessageId(messageId);
        return response;
    }

    private static DeliverSmResp deliverResponse(int sequence) {
        DeliverSmResp response = new DeliverSmResp();
        response.setSequenceNumber(sequence);
        return response;
    }
}
