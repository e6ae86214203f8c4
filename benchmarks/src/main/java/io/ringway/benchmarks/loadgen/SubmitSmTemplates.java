package io.ringway.benchmarks.loadgen;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BindTransceiver;
import com.cloudhopper.smpp.pdu.BindTransmitter;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.type.SmppInvalidArgumentException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ringway.benchmarks.SampleTraffic;
import io.ringway.connectors.smpp.wire.SmppPduCodec;

/**
 * The submit_sm PDUs of a run, encoded once with Cloudhopper's transcoder: {@link SampleTraffic#SIZE} messages
 * with varied destinations and senders, three in four one-time passwords and one in four 160-character texts.
 * Sending one copies its octets into a pooled buffer and writes the sequence number: the generator's cost per
 * message is a copy of about a hundred octets, not an encode.
 */
final class SubmitSmTemplates {
    private final byte[][] pdus;
    private int next;

    SubmitSmTemplates(boolean registeredDelivery, String sender) {
        String[] destinations = SampleTraffic.destinations(SampleTraffic.SIZE, 41);
        String[] senders = SampleTraffic.sendersOrOne(sender, 42);
        String[] otps = SampleTraffic.otpTexts(SampleTraffic.SIZE, 43);
        String[] texts = SampleTraffic.fullTexts(SampleTraffic.SIZE, 44);
        pdus = new byte[SampleTraffic.SIZE][];
        for (int i = 0; i < SampleTraffic.SIZE; i++) {
            boolean otp = (i & 3) != 3;
            SubmitSm submit = new SubmitSm();
            submit.setServiceType(otp ? "OTP" : "TRN");
            submit.setSourceAddress(new Address((byte) 0x05, (byte) 0x00, senders[i]));
            submit.setDestAddress(new Address((byte) 0x01, (byte) 0x01, destinations[i]));
            submit.setRegisteredDelivery(registeredDelivery ? SmppConstants.REGISTERED_DELIVERY_SMSC_RECEIPT_REQUESTED
                    : SmppConstants.REGISTERED_DELIVERY_SMSC_RECEIPT_NOT_REQUESTED);
            submit.setDataCoding(SmppConstants.DATA_CODING_DEFAULT);
            try {
                submit.setShortMessage(SampleTraffic.octets(otp ? otps[i] : texts[i]));
            } catch (SmppInvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
            pdus[i] = encode(submit);
        }
    }

    /** Writes the next submit_sm with {@code sequence} into {@code alloc}'s buffer. Event loop of one bind only. */
    ByteBuf next(ByteBufAllocator alloc, int sequence) {
        byte[] pdu = pdus[next++ & SampleTraffic.MASK];
        ByteBuf out = alloc.directBuffer(pdu.length);
        out.writeBytes(pdu);
        out.setInt(12, sequence);
        return out;
    }

    /** bind_transceiver when receipts are wanted, bind_transmitter otherwise, with sequence number 1. */
    static ByteBuf bind(boolean receiver, String systemId, String password) {
        BaseBind<?> bind = receiver ? new BindTransceiver() : new BindTransmitter();
        bind.setSystemId(systemId);
        bind.setPassword(password);
        bind.setInterfaceVersion(SmppConstants.VERSION_3_4);
        bind.setSequenceNumber(1);
        return Unpooled.wrappedBuffer(encode(bind));
    }

    private static byte[] encode(Pdu pdu) {
        try {
            ByteBuf encoded = SmppPduCodec.transcoder().encode(pdu);
            byte[] octets = new byte[encoded.readableBytes()];
            encoded.readBytes(octets);
            encoded.release();
            return octets;
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode " + pdu.getName(), e);
        }
    }
}
