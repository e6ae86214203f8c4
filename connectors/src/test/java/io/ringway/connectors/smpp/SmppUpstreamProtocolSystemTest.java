package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.DataSm;
import com.cloudhopper.smpp.pdu.DataSmResp;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.EnquireLinkResp;
import com.cloudhopper.smpp.pdu.GenericNack;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.Unbind;
import com.cloudhopper.smpp.pdu.UnbindResp;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.ringway.config.UpstreamConfig;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.Sar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The upstream pool against an SMSC that answers as each test scripts it. */
@Timeout(60)
class SmppUpstreamProtocolSystemTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final RecordingUpstreamEvents events = new RecordingUpstreamEvents();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @AfterEach
    void closeEverything() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }

    @Test
    void shouldRetryOnceAfterGenericNack() {
        ScriptedSmsc smsc = smsc((submit, index) -> index == 0 ? nack(SmppConstants.STATUS_INVCMDLEN) : accepted("X1"));
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));

        upstream.submit(message(1));

        await(() -> events.submitted().size() == 1);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "X1"));
        assertThat(events.failed()).isEmpty();
        assertThat(upstream.retries()).isEqualTo(1);
    }

    @Test
    void shouldSendTheCustomersProtocolIdPriorityReplaceFlagAndSarTlvsOnTheWire() {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X" + index));
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));
        Message message = message(3);
        message.rated(1, 0);
        message.smppFields((byte) 0x40, (byte) 3, (byte) 1, Sar.of(0xABCD, 2, 1));

        upstream.submit(message);

        await(() -> events.submitted().size() == 1);
        SubmitSm received = smsc.submits.get(0).submit(); // as the SMSC decoded it off the socket
        assertThat(received.getProtocolId()).isEqualTo((byte) 0x40);
        assertThat(received.getPriority()).isEqualTo((byte) 3);
        assertThat(received.getReplaceIfPresent()).isEqualTo((byte) 1);
        assertThat(received.getOptionalParameter(SmppConstants.TAG_SAR_MSG_REF_NUM).getValue())
                .containsExactly(0xAB, 0xCD);
        assertThat(received.getOptionalParameter(SmppConstants.TAG_SAR_TOTAL_SEGMENTS).getValue()).containsExactly(2);
        assertThat(received.getOptionalParameter(SmppConstants.TAG_SAR_SEGMENT_SEQNUM).getValue()).containsExactly(1);
    }

    @Test
    void shouldReportFailureOnTheSecondGenericNack() {
        ScriptedSmsc smsc = smsc((submit, index) -> nack(SmppConstants.STATUS_INVCMDID));
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));

        upstream.submit(message(1));

        await(() -> events.failed().size() == 1);
        assertThat(events.failed()).containsExactly(new RecordingUpstreamEvents.Failed(1, "up", SmppConstants.STATUS_INVCMDID));
        assertThat(smsc.submits).hasSize(2);
        assertThat(events.submitted()).isEmpty();
    }

    @Test
    void shouldBackOffThenRetryTheSameMessageWhenTheSmscQueueIsFull() {
        ScriptedSmsc smsc = smsc((submit, index) -> index == 0 ? refused(SmppConstants.STATUS_MSGQFUL) : accepted("X2"));
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));

        upstream.submit(message(7));

        await(() -> events.submitted().size() == 1);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(7, "up", "X2"));
        assertThat(events.failed()).isEmpty();
        assertThat(smsc.submits).hasSize(2);
        assertThat(smsc.submits.get(1).atNanos() - smsc.submits.get(0).atNanos())
                .isGreaterThanOrEqualTo(UpstreamSession.THROTTLE_BACKOFF_MIN.toNanos());
    }

    @Test
    void shouldRetryASystemErrorAndATemporaryApplicationErrorThenSubmit() {
        ScriptedSmsc smsc = smsc((submit, index) -> switch (index) {
            case 0 -> refused(SmppConstants.STATUS_SYSERR);
            case 1 -> refused(SmppConstants.STATUS_X_T_APPN);
            default -> accepted("X" + index);
        });
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));

        upstream.submit(message(1));

        await(() -> events.submitted().size() == 1);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "X2"));
        assertThat(events.failed()).isEmpty();
        assertThat(smsc.submits).hasSize(3);
        assertThat(upstream.retries()).isEqualTo(2);
    }

    @Test
    void shouldFailAPartStillThrottledFailoverAfterItsFirstRefusalWithTheLastStatus() {
        Duration failoverAfter = Duration.ofSeconds(1);
        ScriptedSmsc smsc = smsc((submit, index) -> refused(SmppConstants.STATUS_THROTTLED));
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofSeconds(5), 0, failoverAfter, ""));

        upstream.submit(message(1));

        await(() -> events.failed().size() == 1);
        assertThat(events.failed()).containsExactly(
                new RecordingUpstreamEvents.Failed(1, "up", SmppConstants.STATUS_THROTTLED));
        assertThat(events.submitted()).isEmpty();
        int attempts = smsc.submits.size();
        assertThat(attempts).isGreaterThan(2);
        assertThat(smsc.submits.get(attempts - 1).atNanos() - smsc.submits.get(0).atNanos())
                .as("retried for failover-after").isGreaterThanOrEqualTo(failoverAfter.toNanos());
        assertThat(upstream.queued()).isZero();
    }

    @Test
    void shouldRetryASubmitSmRespWithStatusAllOnesAsASystemError() {
        ScriptedSmsc smsc = smsc((submit, index) -> index == 0 ? refused(0xFFFFFFFF) : accepted("X" + index));
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));

        upstream.submit(message(1));

        await(() -> events.submitted().size() == 1);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "X1"));
        assertThat(events.failed()).isEmpty();
    }

    @Test
    void shouldReportAGenericNackWithStatusAllOnesAsASystemErrorNeverAsReturned() {
        ScriptedSmsc smsc = smsc((submit, index) -> nack(0xFFFFFFFF));
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));

        upstream.submit(message(1));

        await(() -> events.failed().size() == 1);
        assertThat(events.failed()).containsExactly(
                new RecordingUpstreamEvents.Failed(1, "up", SmppConstants.STATUS_SYSERR));
        assertThat(smsc.submits).hasSize(2);
    }

    @Test
    void shouldSubmitWithRegisteredDeliveryWhateverTheCustomerAsked() {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X3"));
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));

        upstream.submit(message(1));

        await(() -> events.submitted().size() == 1);
        SubmitSm submit = smsc.submits.get(0).submit();
        assertThat(submit.getRegisteredDelivery()).isEqualTo((byte) 0x01);
        assertThat(submit.getDestAddress().getAddress()).isEqualTo("447700900001");
        assertThat(new String(submit.getShortMessage(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void shouldReportAReceiptReadFromItsTextThenAcknowledgeIt() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X4"));
        started(smsc, Duration.ofSeconds(30));
        await(() -> smsc.binds.get() == 1);

        smsc.send(deliverSm((byte) 0x04,
                "id:abc sub:001 dlvrd:000 submit date:2503011200 done date:2503011205 stat:EXPIRED err:012 text:"));

        PduResponse response = smsc.nextResponse();
        assertThat(response).isInstanceOf(DeliverSmResp.class);
        assertThat(response.getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        assertThat(events.receipts()).containsExactly(new RecordingUpstreamEvents.Receipt("up", "abc", "EXPIRED", 12,
                Instant.parse("2025-03-01T12:05:00Z").toEpochMilli()));
    }

    /**
     * An SMSC forgets a receipt it got a deliver_sm_resp for: the answer waits until the engine has journaled it,
     * and a receipt the journal refused is answered with a temporary error, so that the SMSC sends it again. (It was
     * answered once on the ring: a crash or a full disk before the journal wrote it lost the receipt for good.)
     */
    @Test
    void shouldAnswerAReceiptOnlyOnceTheEngineJournaledItAndATemporaryErrorWhenItCouldNot() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X9"));
        started(smsc, Duration.ofSeconds(30));
        await(() -> smsc.binds.get() == 1);
        events.holdAcknowledgements();

        smsc.send(deliverSm((byte) 0x04, "id:abc sub:001 dlvrd:001 submit date:2503011200 done date:2503011205"
                + " stat:DELIVRD err:000 text:"));
        await(() -> events.receipts().size() == 1);
        assertThat(smsc.responses.poll(300, TimeUnit.MILLISECONDS)).as("not journaled yet: no answer").isNull();
        assertThat(events.tellHeld(true)).isEqualTo(1);
        assertThat(smsc.nextResponse().getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);

        smsc.send(deliverSm((byte) 0x00, "STOP"));
        await(() -> events.inbound().size() == 1);
        assertThat(events.tellHeld(false)).isEqualTo(1);
        PduResponse refused = smsc.nextResponse();
        assertThat(refused).isInstanceOf(DeliverSmResp.class);
        assertThat(refused.getCommandStatus()).isEqualTo(SmppConstants.STATUS_X_T_APPN);
    }

    @Test
    void shouldReportAMobileOriginatedMessageToTheEngineThenAcknowledgeIt() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X5"));
        started(smsc, Duration.ofSeconds(30));
        await(() -> smsc.binds.get() == 1);

        smsc.send(deliverSm((byte) 0x00, "stop"));

        PduResponse response = smsc.nextResponse();
        assertThat(response).isInstanceOf(DeliverSmResp.class);
        assertThat(response.getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        assertThat(events.receipts()).isEmpty();
        assertThat(events.inbound()).containsExactly(
                new RecordingUpstreamEvents.Inbound("up", "447700900001", "RINGWAY", (byte) 0, "stop"));
    }

    @Test
    void shouldReportADataSmReceiptThenAcknowledgeItWithDataSmResp() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X8"));
        started(smsc, Duration.ofSeconds(30));
        await(() -> smsc.binds.get() == 1);
        DataSm receipt = dataSm((byte) 0x04);
        receipt.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID, "abc\0".getBytes(StandardCharsets.US_ASCII)));
        receipt.addOptionalParameter(new Tlv(SmppConstants.TAG_MSG_STATE, new byte[]{SmppConstants.STATE_DELIVERED}));

        smsc.send(receipt);

        PduResponse response = smsc.nextResponse();
        assertThat(response).isInstanceOf(DataSmResp.class);
        assertThat(response.getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        assertThat(events.receipts()).singleElement().satisfies(reported -> {
            assertThat(reported.upstreamMessageId()).isEqualTo("abc");
            assertThat(reported.stat()).isEqualTo("DELIVRD");
            assertThat(reported.errorCode()).isZero();
        });
        assertThat(events.inbound()).isEmpty();
    }

    @Test
    void shouldReportAMobileOriginatedDataSmWithItsMessagePayloadThenAcknowledgeIt() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X9"));
        started(smsc, Duration.ofSeconds(30));
        await(() -> smsc.binds.get() == 1);
        DataSm mobileOriginated = dataSm((byte) 0x00);
        mobileOriginated.addOptionalParameter(new Tlv(SmppConstants.TAG_MESSAGE_PAYLOAD,
                "STOP".getBytes(StandardCharsets.US_ASCII)));

        smsc.send(mobileOriginated);

        PduResponse response = smsc.nextResponse();
        assertThat(response).isInstanceOf(DataSmResp.class);
        assertThat(response.getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        assertThat(events.inbound()).containsExactly(
                new RecordingUpstreamEvents.Inbound("up", "447700900001", "RINGWAY", (byte) 0, "STOP"));
        assertThat(events.receipts()).isEmpty();
    }

    @Test
    void shouldReportANationalNumberOfAnMoInInternationalFormWhenTheUpstreamHasACountryCode() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X7"));
        started(smsc, Duration.ofSeconds(30), "90");
        await(() -> smsc.binds.get() == 1);

        DeliverSm national = deliverSm((byte) 0x00, "IPTAL");
        national.setSourceAddress(new Address(SmppConstants.TON_NATIONAL, SmppConstants.NPI_E164, "05321234567"));
        national.setDestAddress(new Address(SmppConstants.TON_NATIONAL, SmppConstants.NPI_E164, "5550000000"));
        smsc.send(national);
        assertThat(smsc.nextResponse().getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        DeliverSm international = deliverSm((byte) 0x00, "STOP");
        smsc.send(international);
        assertThat(smsc.nextResponse().getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);

        await(() -> events.inbound().size() == 2);
        assertThat(events.inbound()).containsExactly(
                new RecordingUpstreamEvents.Inbound("up", "905321234567", "905550000000", (byte) 0, "IPTAL"),
                new RecordingUpstreamEvents.Inbound("up", "447700900001", "RINGWAY", (byte) 0, "STOP"));
    }

    @Test
    void shouldCheckAnIdleLinkWithEnquireLinkAndAnswerTheSmscs() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X6"));
        started(smsc, Duration.ofMillis(200));
        await(() -> smsc.binds.get() == 1);

        smsc.send(new EnquireLink());

        assertThat(smsc.nextResponse()).isInstanceOf(EnquireLinkResp.class);
        await(() -> smsc.enquireLinks.get() >= 2);
        assertThat(smsc.binds.get()).isEqualTo(1);
    }

    @Test
    void shouldAnswerAnUnbindFromTheSmscAndBindAgain() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X7"));
        SmppUpstream upstream = started(smsc, Duration.ofSeconds(30));
        await(() -> smsc.binds.get() == 1);

        smsc.send(new Unbind());

        assertThat(smsc.nextResponse()).isInstanceOf(UnbindResp.class);
        await(() -> smsc.binds.get() == 2 && upstream.isAvailable());
        upstream.submit(message(9));
        await(() -> events.submitted().size() == 1);
    }

    @Test
    void shouldTakeALateAcknowledgementOfATimedOutAttemptAndIgnoreTheRetrysAnswer() {
        ScriptedSmsc smsc = smsc((submit, index) -> index < 2 ? null : accepted("X" + index));
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofMillis(200), 0,
                UpstreamConfig.DEFAULT_FAILOVER_AFTER, ""));

        upstream.submit(message(1));
        await(() -> smsc.submits.size() == 2); // unanswered within the response timeout: sent again
        smsc.answer(0, accepted("FIRST"));

        await(() -> events.submitted().size() == 1);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "FIRST"));
        smsc.answer(1, accepted("SECOND"));
        upstream.submit(message(2)); // answered at once, after SECOND on the same connection
        await(() -> events.submitted().size() == 2);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "FIRST"),
                new RecordingUpstreamEvents.Submitted(2, "up", "X2"));
        assertThat(events.failed()).isEmpty();
    }

    @Test
    void shouldNotSendARetryWhoseTimedOutAttemptWasAcknowledgedWhileItWaited() {
        // tps 1: the retry waits for the next second's slot, and the first attempt's answer comes meanwhile.
        ScriptedSmsc smsc = smsc((submit, index) -> index == 0 ? null : accepted("X" + index));
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofMillis(100), 1,
                UpstreamConfig.DEFAULT_FAILOVER_AFTER, ""));

        upstream.submit(message(1));
        await(() -> upstream.retries() == 1);
        smsc.answer(0, accepted("FIRST"));
        await(() -> events.submitted().size() == 1);
        upstream.submit(message(2)); // queued behind the retry, if the retry were still to be sent

        await(() -> events.submitted().size() == 2);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "FIRST"),
                new RecordingUpstreamEvents.Submitted(2, "up", "X1"));
        assertThat(smsc.submits).hasSize(2);
        assertThat(destinationOf(smsc, 1)).isEqualTo(destination(2));
    }

    @Test
    void shouldLeaveALateRefusalToTheRetryWhichIsAcknowledged() {
        ScriptedSmsc smsc = smsc((submit, index) -> null);
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofMillis(300), 0,
                UpstreamConfig.DEFAULT_FAILOVER_AFTER, ""));

        upstream.submit(message(1));
        await(() -> smsc.submits.size() == 2);
        smsc.answer(0, refused(SmppConstants.STATUS_INVDSTADR));
        smsc.answer(1, accepted("RETRY"));

        await(() -> events.submitted().size() == 1);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(1, "up", "RETRY"));
        assertThat(events.failed()).isEmpty();
    }

    @Test
    void shouldReportTheLateRefusalWhenTheRetryTimesOutToo() {
        ScriptedSmsc smsc = smsc((submit, index) -> null);
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofMillis(300), 0,
                UpstreamConfig.DEFAULT_FAILOVER_AFTER, ""));

        upstream.submit(message(1));
        await(() -> smsc.submits.size() == 2);
        smsc.answer(0, refused(SmppConstants.STATUS_INVDSTADR));

        await(() -> events.failed().size() == 1);
        assertThat(events.failed()).containsExactly(
                new RecordingUpstreamEvents.Failed(1, "up", SmppConstants.STATUS_INVDSTADR));
        assertThat(events.submitted()).isEmpty();
        assertThat(smsc.submits).hasSize(2);
    }

    @Test
    void shouldGiveMessagesUnansweredOnADroppedConnectionBackToRoutingAfterFailoverAfter() {
        ScriptedSmsc smsc = smsc((submit, index) -> null);
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofSeconds(30), 0,
                Duration.ofSeconds(1), ""));
        for (long id = 1; id <= 3; id++) {
            upstream.submit(message(id));
        }
        await(() -> smsc.submits.size() == 3);

        smsc.down(); // the window goes back to the pool's queue, and no bind comes up again

        await(() -> events.returned().size() == 3);
        assertThat(events.returned()).containsExactly(new RecordingUpstreamEvents.Returned(1, "up"),
                new RecordingUpstreamEvents.Returned(2, "up"), new RecordingUpstreamEvents.Returned(3, "up"));
        assertThat(events.order()).containsExactly("availability 0", "availability 1", "availability 0",
                "returned 1", "returned 2", "returned 3");
        assertThat(events.submitted()).isEmpty();
        assertThat(events.failed()).isEmpty();
        assertThat(upstream.queued()).isZero();
    }

    @Test
    void shouldReturnAMultiPartMessageOnceWhateverItsParts() {
        ScriptedSmsc smsc = smsc((submit, index) -> null);
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofSeconds(30), 0,
                Duration.ofSeconds(1), ""));
        Message longMessage = message(1, "x".repeat(400));
        longMessage.rated(3, 0);
        upstream.submit(longMessage);
        upstream.submit(message(2));
        await(() -> smsc.submits.size() == 4);

        smsc.down();

        await(() -> events.returned().size() == 2);
        assertThat(events.returned()).containsExactly(new RecordingUpstreamEvents.Returned(1, "up"),
                new RecordingUpstreamEvents.Returned(2, "up"));
        assertThat(upstream.queued()).isZero();
    }

    @Test
    void shouldReturnAtOnceWhatIsSubmittedWhileFailedOverUntilABindEndsIt() {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X" + index));
        smsc.down(); // refuses binds from the start
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofSeconds(5), 0,
                Duration.ofSeconds(1), ""));
        upstream.submit(message(1)); // waits in the queue for failover-after
        await(() -> events.returned().size() == 1);

        upstream.submit(message(2)); // failed over: straight back, nothing queued
        await(() -> events.returned().size() == 2);
        assertThat(upstream.queued()).isZero();
        assertThat(events.returned()).containsExactly(new RecordingUpstreamEvents.Returned(1, "up"),
                new RecordingUpstreamEvents.Returned(2, "up"));

        smsc.up();
        await(upstream::isAvailable);
        upstream.submit(message(3));
        await(() -> events.submitted().size() == 1);
        assertThat(events.submitted()).containsExactly(new RecordingUpstreamEvents.Submitted(3, "up", "X0"));
        assertThat(events.returned()).hasSize(2);
        assertThat(smsc.submits).hasSize(1);
    }

    @Test
    void shouldGiveBackNothingWhileASubmissionIsOnItsWayBetweenEventLoopsThenAllOnceItArrived() {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X" + index));
        smsc.down();
        SmppUpstream upstream = started(config(smsc, Duration.ofSeconds(30), Duration.ofSeconds(5), 0,
                Duration.ofSeconds(1), ""));
        Message longMessage = message(1, "x".repeat(400));
        longMessage.rated(3, 0);
        upstream.submit(longMessage);
        upstream.arriving(); // as a hand-over does while a part of it crosses to another bind's event loop

        await(upstream::failedOver);
        assertThat(events.returned()).isEmpty();
        assertThat(upstream.queued()).as("held for the part on its way").isEqualTo(3);
        upstream.submit(message(2)); // failed over: straight back
        assertThat(upstream.queued()).isEqualTo(3);
        await(() -> events.returned().size() == 1);
        assertThat(events.returned()).containsExactly(new RecordingUpstreamEvents.Returned(2, "up"));

        upstream.arrived();
        await(() -> events.returned().size() == 2);
        assertThat(events.returned()).containsExactly(new RecordingUpstreamEvents.Returned(2, "up"),
                new RecordingUpstreamEvents.Returned(1, "up"));
        assertThat(upstream.queued()).isZero();
    }

    @Test
    void shouldEndEveryMessageOnceEitherSentOrReturnedWhileThePoolGoesDownAndUpUnderLoad() throws Exception {
        ScriptedSmsc smsc = smsc((submit, index) -> accepted("X" + index));
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        resources.push(() -> loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000));
        UpstreamConfig twoBinds = new UpstreamConfig("up", "127.0.0.1", smsc.port(), "ringway", "secret", "",
                UpstreamConfig.BindType.TRANSCEIVER, 2, 8, 0, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMillis(20), Duration.ofMillis(100), Map.of(), UpstreamConfig.ReceiptIdFormat.AUTO,
                Duration.ofSeconds(1), "", null);
        SmppUpstream upstream = new SmppUpstream(twoBinds, events, loops);
        resources.push(upstream);
        upstream.start();
        await(() -> upstream.boundSessions() == 2);
        Map<Long, Integer> partsOf = new ConcurrentHashMap<>();
        AtomicBoolean dispatching = new AtomicBoolean(true);
        Thread dispatcher = new Thread(() -> { // as the engine's dispatcher would, whatever the pool's state
            for (long id = 1; dispatching.get(); id++) {
                Message message = id % 5 == 0 ? message(id, "x".repeat(400)) : message(id);
                if (id % 5 == 0) {
                    message.rated(3, 0);
                }
                partsOf.put(id, message.segments());
                upstream.submit(message);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }, "test-dispatcher");
        dispatcher.start();

        Thread.sleep(300);
        smsc.down();
        await(() -> events.returned().size() >= 10);
        smsc.up();
        await(upstream::isAvailable);
        Thread.sleep(300);
        dispatching.set(false);
        dispatcher.join(10_000);

        await(() -> allEnded(partsOf));
        List<Long> returned = events.returned().stream().map(RecordingUpstreamEvents.Returned::messageId).toList();
        assertThat(returned).as("each message returned at most once").doesNotHaveDuplicates();
        assertThat(events.submitted()).as("each part acknowledged at most once")
                .extracting(sent -> sent.messageId() + "/" + sent.part()).doesNotHaveDuplicates();
        assertThat(events.submitted()).as("no one-part message both returned and acknowledged")
                .filteredOn(sent -> partsOf.get(sent.messageId()) == 1)
                .extracting(RecordingUpstreamEvents.Submitted::messageId).doesNotContainAnyElementsOf(returned);
        assertThat(events.failed()).isEmpty();
        assertThat(upstream.queued()).isZero();
    }

    /** Every message returned, or every part of it acknowledged. */
    private boolean allEnded(Map<Long, Integer> partsOf) {
        Set<Long> returned = events.returned().stream().map(RecordingUpstreamEvents.Returned::messageId)
                .collect(Collectors.toSet());
        Map<Long, Long> acknowledgedParts = events.submitted().stream()
                .collect(Collectors.groupingBy(RecordingUpstreamEvents.Submitted::messageId, Collectors.counting()));
        return partsOf.entrySet().stream().allMatch(message -> returned.contains(message.getKey())
                || acknowledgedParts.getOrDefault(message.getKey(), 0L) == message.getValue().longValue());
    }

    private ScriptedSmsc smsc(BiFunction<SubmitSm, Integer, PduResponse> answers) {
        ScriptedSmsc smsc = new ScriptedSmsc(answers);
        resources.push(smsc);
        return smsc;
    }

    private SmppUpstream started(ScriptedSmsc smsc, Duration enquireLinkInterval) {
        return started(smsc, enquireLinkInterval, "");
    }

    private SmppUpstream started(ScriptedSmsc smsc, Duration enquireLinkInterval, String countryCode) {
        return started(config(smsc, enquireLinkInterval, Duration.ofSeconds(5), 0, UpstreamConfig.DEFAULT_FAILOVER_AFTER,
                countryCode));
    }

    /** One transceiver with a window of 8, reconnecting after 20-200 ms. */
    private static UpstreamConfig config(ScriptedSmsc smsc, Duration enquireLinkInterval, Duration responseTimeout,
                                         int tps, Duration failoverAfter, String countryCode) {
        return new UpstreamConfig("up", "127.0.0.1", smsc.port(), "ringway", "secret", "",
                UpstreamConfig.BindType.TRANSCEIVER, 1, 8, tps, enquireLinkInterval, responseTimeout,
                Duration.ofMillis(20), Duration.ofMillis(200), Map.of(), UpstreamConfig.ReceiptIdFormat.AUTO,
                failoverAfter, countryCode, null);
    }

    private SmppUpstream started(UpstreamConfig config) {
        SmppUpstream upstream = new SmppUpstream(config, events, group);
        resources.push(upstream);
        upstream.start();
        return upstream;
    }

    private static PduResponse accepted(String messageId) {
        SubmitSmResp response = new SubmitSmResp();
        response.setMessageId(messageId);
        return response;
    }

    private static PduResponse refused(int status) {
        SubmitSmResp response = new SubmitSmResp();
        response.setCommandStatus(status);
        return response;
    }

    private static PduResponse nack(int status) {
        GenericNack nack = new GenericNack();
        nack.setCommandStatus(status);
        return nack;
    }

    private static DataSm dataSm(byte esmClass) {
        DataSm data = new DataSm();
        data.setSourceAddress(new Address((byte) 1, (byte) 1, "447700900001"));
        data.setDestAddress(new Address((byte) 5, (byte) 0, "RINGWAY"));
        data.setEsmClass(esmClass);
        return data;
    }

    private static DeliverSm deliverSm(byte esmClass, String text) throws Exception {
        DeliverSm deliver = new DeliverSm();
        deliver.setSourceAddress(new Address((byte) 1, (byte) 1, "447700900001"));
        deliver.setDestAddress(new Address((byte) 5, (byte) 0, "RINGWAY"));
        deliver.setEsmClass(esmClass);
        deliver.setShortMessage(text.getBytes(StandardCharsets.ISO_8859_1));
        return deliver;
    }

    /** A one-part message to 4477009000nn, nn its id (so the SMSC's records tell messages apart). */
    private static Message message(long id) {
        return message(id, "hello");
    }

    private static Message message(long id, String text) {
        return new Message(id, "demo", Channel.SMPP, MessageType.TRANSACTIONAL, "RINGWAY", (byte) 5, (byte) 0,
                destination(id), (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 0,
                text.getBytes(StandardCharsets.US_ASCII), System.currentTimeMillis(), "up");
    }

    private static String destination(long id) {
        return "44770090" + String.format("%04d", id);
    }

    /** The destination of the {@code index}-th submit_sm the SMSC received. */
    private static String destinationOf(ScriptedSmsc smsc, int index) {
        return smsc.submits.get(index).submit().getDestAddress().getAddress();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
