package io.ringway.benchmarks;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import com.cloudhopper.smpp.type.SmppInvalidArgumentException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ringway.connectors.smpp.wire.SmppPduCodec;
import io.ringway.engine.dlr.ReceiptText;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.message.MessageState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The SMPP wire cost of one message at the edges, per PDU: decoding a framed PDU the way the server and the
 * upstream binds do ({@link SmppPduCodec#decode}: {@code PduBodyValidator}, then {@code PduReader}, or the
 * Cloudhopper transcoder for the PDUs it does not read), and encoding one as the pipeline does
 * ({@link SmppPduCodec#encode(ByteBufAllocator, Pdu)}). Three shapes carry almost all traffic: a {@code submit_sm} with a
 * one-time password (about 30 characters), a {@code submit_sm} with a full 160-character text, and the
 * {@code deliver_sm} receipt Ringway sends customers (esm_class 0x04, Appendix B text, {@code
 * receipted_message_id} and {@code message_state} TLVs).
 *
 * <p>Every message and frame is built in the trial set-up and cycled, so the measured loop holds only the codec.
 * A decoded PDU is a new Cloudhopper object graph and an encoded one a pooled buffer: {@code -prof gc}
 * shows what each PDU costs the collector, which is the codec's share of the engine's allocation budget.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.EXPORT_MISC, ForkArgs.EXPORT_REF, ForkArgs.EXPORT_UTIL,
        ForkArgs.EXPORT_NIO, ForkArgs.EXPORT_UNSAFE, ForkArgs.OPEN_LANG, ForkArgs.OPEN_REFLECT, ForkArgs.OPEN_IO,
        ForkArgs.OPEN_UTIL, ForkArgs.NO_ANALYTICS, ForkArgs.HEAP, ForkArgs.HEAP_START})
@State(Scope.Thread)
public class PduCodecBenchmark {
    /** The PDU shapes measured. */
    public enum Shape { SUBMIT_SM_OTP, SUBMIT_SM_160, DELIVER_SM_RECEIPT }

    @Param
    public Shape shape;

    private Pdu[] pdus;
    private ByteBuf[] frames;
    private int next;

    @Setup(Level.Trial)
    public void encodeInputs() throws Exception {
        pdus = new Pdu[SampleTraffic.SIZE];
        frames = new ByteBuf[SampleTraffic.SIZE];
        String[] destinations = SampleTraffic.destinations(SampleTraffic.SIZE, 1);
        String[] senders = SampleTraffic.senders(SampleTraffic.SIZE, 2);
        String[] texts = shape == Shape.SUBMIT_SM_160 ? SampleTraffic.fullTexts(SampleTraffic.SIZE, 3)
                : SampleTraffic.otpTexts(SampleTraffic.SIZE, 3);
        for (int i = 0; i < SampleTraffic.SIZE; i++) {
            int sequenceNumber = 1_000 + i;
            pdus[i] = shape == Shape.DELIVER_SM_RECEIPT
                    ? receipt(sequenceNumber, destinations[i], senders[i], texts[i])
                    : submit(sequenceNumber, senders[i], destinations[i], texts[i]);
            frames[i] = SmppPduCodec.transcoder().encode(pdus[i]);
            Object decoded = SmppPduCodec.decode(frames[i]);
            if (!(decoded instanceof BaseSm)) {
                throw new IllegalStateException("sample PDU " + i + " does not decode: " + decoded);
            }
        }
    }

    @TearDown(Level.Trial)
    public void releaseInputs() {
        for (ByteBuf frame : frames) {
            frame.release();
        }
    }

    /** One framed PDU in, one Cloudhopper PDU (or a {@code MalformedPdu}) out. */
    @Benchmark
    public Object decode() {
        ByteBuf frame = frames[next++ & SampleTraffic.MASK];
        frame.readerIndex(0);
        return SmppPduCodec.decode(frame);
    }

    /**
     * One PDU to its wire octets in a buffer of the default (pooled) allocator, as the pipeline's codec does; the
     * length is recomputed, as it is for every freshly built PDU.
     */
    @Benchmark
    public int encode() throws Exception {
        Pdu pdu = pdus[next++ & SampleTraffic.MASK];
        pdu.removeCommandLength();
        ByteBuf encoded = SmppPduCodec.encode(ByteBufAllocator.DEFAULT, pdu);
        try {
            return encoded.readableBytes();
        } finally {
            encoded.release();
        }
    }

    private static SubmitSm submit(int sequenceNumber, String sender, String destination, String text)
            throws SmppInvalidArgumentException {
        SubmitSm submit = new SubmitSm();
        submit.setSequenceNumber(sequenceNumber);
        submit.setSourceAddress(new Address(SmppConstants.TON_ALPHANUMERIC, SmppConstants.NPI_UNKNOWN, sender));
        submit.setDestAddress(new Address(SmppConstants.TON_INTERNATIONAL, SmppConstants.NPI_E164, destination));
        submit.setRegisteredDelivery(SmppConstants.REGISTERED_DELIVERY_SMSC_RECEIPT_REQUESTED);
        submit.setDataCoding(SmppConstants.DATA_CODING_DEFAULT);
        submit.setShortMessage(SampleTraffic.octets(text));
        return submit;
    }

    /** The receipt for a message to {@code handset} from {@code sender}, as the customer-facing edge sends it. */
    private static DeliverSm receipt(int sequenceNumber, String handset, String sender, String text)
            throws SmppInvalidArgumentException {
        long messageId = 0x5_0000_0000L + sequenceNumber;
        long submittedAt = 1_776_000_000_000L + sequenceNumber * 1_000L;
        String id = MessageIds.format(messageId);
        DeliverSm receipt = new DeliverSm();
        receipt.setSequenceNumber(sequenceNumber);
        receipt.setSourceAddress(new Address(SmppConstants.TON_INTERNATIONAL, SmppConstants.NPI_E164, handset));
        receipt.setDestAddress(new Address(SmppConstants.TON_ALPHANUMERIC, SmppConstants.NPI_UNKNOWN, sender));
        receipt.setEsmClass(SmppConstants.ESM_CLASS_MT_SMSC_DELIVERY_RECEIPT);
        receipt.setDataCoding(SmppConstants.DATA_CODING_DEFAULT);
        receipt.setShortMessage(SampleTraffic.octets(ReceiptText.format(id, 1, 1, submittedAt,
                submittedAt + 4_000, MessageState.DELIVERED.receiptStat(), 0, text.substring(0, 20))));
        receipt.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID,
                (id + '\0').getBytes(StandardCharsets.US_ASCII)));
        receipt.addOptionalParameter(new Tlv(SmppConstants.TAG_MSG_STATE,
                new byte[] {(byte) MessageState.DELIVERED.smppMessageState()}));
        return receipt;
    }
}
