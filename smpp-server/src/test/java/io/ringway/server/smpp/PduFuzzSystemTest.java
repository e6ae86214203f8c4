package io.ringway.server.smpp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BindTransceiver;
import com.cloudhopper.smpp.pdu.CancelSm;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.GenericNack;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.QuerySm;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.Unbind;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.config.SmppServerConfig;
import io.ringway.connectors.smpp.wire.SmppFrameDecoder;
import io.ringway.connectors.smpp.wire.SmppPduCodec;
import io.ringway.engine.account.Account;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds random and mutated PDUs (from valid seeds) through the server's real pipeline, {@code SmppFrameDecoder ->
 * SmppPduCodec -> SmppSession}, on an {@link EmbeddedChannel} for speed: nothing may escape the pipeline or be
 * logged as an unexpected failure, no buffer larger than the command_length cap allows may be allocated, whatever
 * length a PDU declares. Then the same treatment, shorter, over real sockets, after which a normal client must be
 * served.
 *
 * <p>The run is seeded ({@code -Dringway.fuzz.seed}, default 6) and its length is {@code -Dringway.fuzz.pdus}
 * (default 200,000; README.md shows the 1,000,000 run).
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class PduFuzzSystemTest {
    private static final int MAX_COMMAND_LENGTH = 8192;
    /** The largest chunk fed at once: seeds are below 400 octets and grow by at most 600. */
    private static final int MAX_CHUNK = 1024;
    private static final long PDUS = Long.getLong("ringway.fuzz.pdus", 200_000);
    private static final long SEED = Long.getLong("ringway.fuzz.seed", 6);
    private static final SmppServerConfig CONFIG = new SmppServerConfig("127.0.0.1", 0, "ringway-fuzz",
            MAX_COMMAND_LENGTH, Duration.ofSeconds(10), Duration.ofSeconds(90), 64, 8, Duration.ofSeconds(30),
            100, 100, 5, Duration.ofMinutes(1), 0);

    @TempDir
    Path journal;

    @Test
    void shouldSurviveMutatedPdusOnThePipelineWithoutEscapingFailuresOrAllocationsAboveTheCap() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> seeds = seeds();
        Accounts accounts = new Accounts();
        accounts.add(new Account("alice", TestServer.PASSWORD_HASH, 1_000_000, List.of()));
        LargestAllocation allocations = new LargestAllocation();
        Map<String, Level> quietened = quieten("io.ringway.server.smpp");
        try (LogCapture logs = new LogCapture()) {
            FuzzedSession session = new FuzzedSession(accounts, allocations);
            long sessions = 1;
            long submissions = 0;
            for (long i = 0; i < PDUS; i++) {
                if (!session.channel.isOpen()) {
                    submissions += session.submissions;
                    session.close();
                    session = new FuzzedSession(accounts, allocations);
                    sessions++;
                }
                session.feed(mutate(seeds.get(random.nextInt(seeds.size())), random));
            }
            submissions += session.submissions;
            session.close();

            assertThat(logs.lines()).as("failures logged by the pipeline").isEmpty();
            assertThat(allocations.largest()).as("largest buffer allocated")
                    .isLessThanOrEqualTo(Integer.highestOneBit(MAX_COMMAND_LENGTH + MAX_CHUNK) * 2);
            assertThat(sessions).as("sessions the fuzzer went through").isGreaterThan(1);
            assertThat(submissions).as("submissions that reached the ring").isGreaterThan(PDUS / 40);
        } finally {
            quietened.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        }
    }

    @Test
    void shouldServeANormalClientAfterMutatedPdusOverRealSockets() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        List<byte[]> seeds = seeds();
        try (TestServer ringway = TestServer.start(journal, """
                    bind-failure-limit: 1000000
                """, Map.of("alice", 1_000))) {
            RawSmppClient fuzzer = new RawSmppClient(ringway.port());
            for (int i = 0; i < 5_000; i++) {
                try {
                    fuzzer.sendRaw(mutate(seeds.get(random.nextInt(seeds.size())), random));
                } catch (java.io.IOException closedByServer) {
                    fuzzer.close();
                    fuzzer = new RawSmppClient(ringway.port());
                }
            }
            fuzzer.close();

            try (RawSmppClient client = new RawSmppClient(ringway.port())) {
                assertThat(client.bind(RawSmppClient.BIND_TRANSMITTER, "alice", TestServer.PASSWORD)
                        .getCommandStatus()).isZero();
                Pdu response = client.call(RawSmppClient.submitSm("after the fuzz"));
                assertThat(response.getCommandId()).isEqualTo(SmppConstants.CMD_ID_SUBMIT_SM_RESP);
                assertThat(response.getCommandStatus()).isZero();
            }
        }
    }

    /** One embedded connection through the real pipeline, bound as alice, with the engine's answers emulated. */
    private static final class FuzzedSession {
        final StalledRing ring = new StalledRing(1024);
        final SmppSession session;
        final EmbeddedChannel channel;
        private long answered;
        long submissions;

        FuzzedSession(Accounts accounts, LargestAllocation allocations) throws Exception {
            BindFailureTracker failures = new BindFailureTracker(1_000_000, TimeUnit.MINUTES.toNanos(1),
                    System::nanoTime);
            BindAuthenticator authenticator = new BindAuthenticator(accounts, failures,
                    new SubmitRates(System::nanoTime), Runnable::run);
            session = new SmppSession(CONFIG, authenticator, new BoundSessions(),
                    new SubmitSmTranslator(ring.ingress), ring.ingress, new SmppRefusals());
            channel = new EmbeddedChannel(new SmppFrameDecoder(MAX_COMMAND_LENGTH), new SmppPduCodec(), session) {
                @Override
                protected SocketAddress remoteAddress0() {
                    return new InetSocketAddress("127.0.0.1", 40_000);
                }
            };
            channel.config().setAllocator(allocations);
            BindTransceiver bind = new BindTransceiver();
            bind.setSequenceNumber(1);
            bind.setSystemId("alice");
            bind.setPassword(TestServer.PASSWORD);
            bind.setAddressRange(new Address());
            feed(encode(bind));
        }

        void feed(byte[] bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            channel.runPendingTasks();
            channel.checkException();
            answerSubmissions();
            channel.releaseInbound();
            channel.releaseOutbound();
        }

        /** What the responder would do: every submission on the ring gets its submit_sm_resp. */
        private void answerSubmissions() {
            long claimed = ring.claimed();
            for (; answered < claimed; answered++) {
                MessageEvent event = ring.event(answered);
                if (event.kind == EventKind.SUBMIT) {
                    session.accepted(event.correlation, answered);
                    submissions++;
                }
            }
            ring.drain();
            channel.runPendingTasks();
        }

        void close() {
            channel.finishAndReleaseAll();
        }
    }

    /** Valid PDUs of every kind a customer sends, and some it should not. */
    private static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        SubmitSm submit = RawSmppClient.submitSm("hello fuzz");
        submit.setSequenceNumber(2);
        seeds.add(encode(submit));
        SubmitSm payload = RawSmppClient.submitSm("");
        payload.setSequenceNumber(3);
        payload.addOptionalParameter(new Tlv(SmppConstants.TAG_MESSAGE_PAYLOAD,
                "a longer body carried in message_payload".getBytes(StandardCharsets.ISO_8859_1)));
        seeds.add(encode(payload));
        EnquireLink enquireLink = new EnquireLink();
        enquireLink.setSequenceNumber(4);
        seeds.add(encode(enquireLink));
        DeliverSmResp deliverSmResp = new DeliverSmResp();
        deliverSmResp.setSequenceNumber(5);
        seeds.add(encode(deliverSmResp));
        GenericNack nack = new GenericNack();
        nack.setSequenceNumber(6);
        seeds.add(encode(nack));
        QuerySm query = new QuerySm();
        query.setSequenceNumber(7);
        query.setMessageId("000000000000002a");
        query.setSourceAddress(new Address());
        seeds.add(encode(query));
        CancelSm cancel = new CancelSm();
        cancel.setSequenceNumber(8);
        cancel.setMessageId("2a");
        cancel.setSourceAddress(new Address());
        cancel.setDestAddress(new Address());
        seeds.add(encode(cancel));
        BindTransceiver bind = new BindTransceiver();
        bind.setSequenceNumber(9);
        bind.setSystemId("alice");
        bind.setPassword(TestServer.PASSWORD);
        bind.setAddressRange(new Address());
        seeds.add(encode(bind));
        Unbind unbind = new Unbind();
        unbind.setSequenceNumber(10);
        seeds.add(encode(unbind));
        return seeds;
    }

    /** A mutation of {@code seed}; mostly ones that keep the framing, so that most reach the codec and session. */
    static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] pdu = seed.clone();
        switch (random.nextInt(10)) {
            case 0, 1, 2 -> { // flip body octets, framing intact
                for (int flips = 1 + random.nextInt(4); flips > 0 && pdu.length > 16; flips--) {
                    pdu[16 + random.nextInt(pdu.length - 16)] = (byte) random.nextInt(256);
                }
            }
            case 3 -> pdu = withLength(java.util.Arrays.copyOf(pdu, 16 + random.nextInt(pdu.length - 15)));
            case 4 -> { // grow with random octets
                byte[] grown = java.util.Arrays.copyOf(pdu, pdu.length + 1 + random.nextInt(600));
                for (int i = pdu.length; i < grown.length; i++) {
                    grown[i] = (byte) random.nextInt(256);
                }
                pdu = withLength(grown);
            }
            case 5 -> putInt(pdu, 4, random.nextBoolean() ? random.nextInt() : random.nextInt(0x120));
            case 6 -> putInt(pdu, 0, random.nextBoolean() ? random.nextInt() : random.nextInt(MAX_COMMAND_LENGTH * 2));
            case 7 -> { // anything at all
                pdu = new byte[random.nextInt(MAX_CHUNK)];
                random.nextBytes(pdu);
            }
            case 8 -> pdu[random.nextInt(pdu.length)] = (byte) random.nextInt(256);
            default -> { } // the seed as it is: the session must stay usable between mutations
        }
        return pdu;
    }

    private static byte[] withLength(byte[] pdu) {
        putInt(pdu, 0, pdu.length);
        return pdu;
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private static byte[] encode(Pdu pdu) throws Exception {
        ByteBuf encoded = SmppPduCodec.transcoder().encode(pdu);
        try {
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
        }
    }

    /**
     * Raises {@code loggerName} to WARN for the run (a million malformed PDUs would log a million lines at INFO)
     * and returns the level to restore. The capture then holds only warnings and errors.
     */
    private static Map<String, Level> quieten(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        Level before = logger.getLevel();
        logger.setLevel(Level.WARN);
        java.util.HashMap<String, Level> restore = new java.util.HashMap<>();
        restore.put(loggerName, before);
        return restore;
    }
}
