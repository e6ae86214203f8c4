package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BindReceiver;
import com.cloudhopper.smpp.pdu.BindTransceiver;
import com.cloudhopper.smpp.pdu.BindTransceiverResp;
import com.cloudhopper.smpp.pdu.BindTransmitter;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.GenericNack;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.Unbind;
import com.cloudhopper.smpp.pdu.UnbindResp;
import com.cloudhopper.smpp.type.Address;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.config.SmppServerConfig;
import io.ringway.connectors.smpp.wire.MalformedPdu;
import io.ringway.engine.account.Account;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session's submit and receipt paths on an {@link EmbeddedChannel}, against a ring the test controls: what
 * is published, what is answered at once, and what waits.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SmppSessionTest {
    private static final int REQUEST_WINDOW = 2;
    private static final int RECEIPT_WINDOW = 1;
    private static final SmppServerConfig CONFIG = new SmppServerConfig("127.0.0.1", 0, "ringway-test", 8192,
            Duration.ofSeconds(10), Duration.ofSeconds(90), REQUEST_WINDOW, RECEIPT_WINDOW, Duration.ofSeconds(30),
            100, 100, 5, Duration.ofMinutes(1), 0);
    private static final Accounts ACCOUNTS = new Accounts();

    static {
        ACCOUNTS.add(new Account("alice", TestServer.PASSWORD_HASH, 4, List.of()));
    }

    private StalledRing ring;
    private BoundSessions boundSessions;
    private SmppRefusals refusals;
    private SmppSession session;
    private EmbeddedChannel channel;
    private int sequence;

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldAnswerThrottledAtOnceWhenTheRequestWindowIsFull() throws Exception {
        connect(64);
        bind(new BindTransmitter());
        long claimedAfterBind = ring.claimed();

        SubmitSm first = submit();
        SubmitSm second = submit();
        SubmitSm third = submit();

        assertThat(ring.claimed()).isEqualTo(claimedAfterBind + REQUEST_WINDOW);
        SubmitSmResp throttled = channel.readOutbound();
        assertThat(throttled.getSequenceNumber()).isEqualTo(third.getSequenceNumber());
        assertThat(throttled.getCommandStatus()).isEqualTo(0x58);
        assertThat(throttled.getMessageId()).isEmpty();
        assertThat(channel.outboundMessages()).isEmpty();

        session.accepted(first.getSequenceNumber(), 42);
        SubmitSmResp accepted = channel.readOutbound();
        assertThat(accepted.getSequenceNumber()).isEqualTo(first.getSequenceNumber());
        assertThat(accepted.getCommandStatus()).isZero();
        assertThat(accepted.getMessageId()).isEqualTo("000000000000002a");

        submit();
        assertThat(ring.claimed()).isEqualTo(claimedAfterBind + REQUEST_WINDOW + 1);
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(second.getSequenceNumber()).isEqualTo(ring.event(claimedAfterBind + 1).correlation);
    }

    @Test
    void shouldAnswerThrottledWhenTheRingIsFull() throws Exception {
        connect(64);
        bind(new BindTransmitter());
        ring.fill();

        SubmitSm submit = submit();

        SubmitSmResp response = channel.readOutbound();
        assertThat(response.getSequenceNumber()).isEqualTo(submit.getSequenceNumber());
        assertThat(response.getCommandStatus()).isEqualTo(0x58);
    }

    @Test
    void shouldAnswerARejectedSubmissionWithTheStatusOfItsReason() throws Exception {
        connect(64);
        bind(new BindTransmitter());
        SubmitSm submit = submit();

        session.rejected(submit.getSequenceNumber(), Status.INVALID_DESTINATION);

        SubmitSmResp response = channel.readOutbound();
        assertThat(response.getSequenceNumber()).isEqualTo(submit.getSequenceNumber());
        assertThat(response.getCommandStatus()).isEqualTo(0x0B);
        assertThat(response.getMessageId()).isEmpty();
        assertThat(refusals.count(0x0B)).as("counted by status").isEqualTo(1);
    }

    @Test
    void shouldCountARefusalAtTheEdgeUnderItsStatus() throws Exception {
        connect(64);
        bind(new BindTransmitter());
        ring.fill();
        submit();
        assertThat(((SubmitSmResp) channel.readOutbound()).getCommandStatus()).isEqualTo(0x58);

        assertThat(refusals.count(0x58)).isEqualTo(1);
    }

    @Test
    void shouldTellTheEngineWhenAReceiverBinds() throws Exception {
        connect(64);

        bind(new BindReceiver());

        MessageEvent bound = ring.last();
        assertThat(bound.kind).isEqualTo(EventKind.SESSION_BOUND);
        assertThat(bound.account).isEqualTo("alice");
    }

    @Test
    void shouldHoldReceiptsBeyondTheReceiptWindowUntilTheCustomerAnswers() throws Exception {
        connect(64);
        bind(new BindTransceiver());
        CustomerReceipt first = TestReceipts.delivered(1, "alice");
        CustomerReceipt second = TestReceipts.delivered(2, "alice");

        assertThat(session.tryDeliver(first)).isTrue();
        assertThat(session.tryDeliver(second)).isFalse();
        DeliverSm sent = channel.readOutbound();
        channel.writeInbound(sent.createResponse());

        MessageEvent acknowledgement = ring.last();
        assertThat(acknowledgement.kind).isEqualTo(EventKind.RECEIPT_ACK);
        assertThat(acknowledgement.messageId).isEqualTo(1);
        assertThat(session.tryDeliver(second)).isTrue();
    }

    @Test
    void shouldFreeTheWindowWithoutAcknowledgingAReceiptTheCustomerRefused() throws Exception {
        connect(64);
        bind(new BindTransceiver());
        assertThat(session.tryDeliver(TestReceipts.delivered(1, "alice"))).isTrue();
        DeliverSm sent = channel.readOutbound();
        long claimedBefore = ring.claimed();

        DeliverSmResp refused = sent.createResponse();
        refused.setCommandStatus(0x58);
        channel.writeInbound(refused);

        assertThat(ring.claimed()).isEqualTo(claimedBefore);
        assertThat(session.tryDeliver(TestReceipts.delivered(2, "alice"))).isTrue();
    }

    @Test
    void shouldTreatAGenericNackOfAReceiptAsARefusal() throws Exception {
        connect(64);
        bind(new BindTransceiver());
        assertThat(session.tryDeliver(TestReceipts.delivered(1, "alice"))).isTrue();
        DeliverSm sent = channel.readOutbound();
        long claimedBefore = ring.claimed();

        GenericNack nack = new GenericNack();
        nack.setSequenceNumber(sent.getSequenceNumber());
        nack.setCommandStatus(0x03);
        channel.writeInbound(nack);

        assertThat(ring.claimed()).isEqualTo(claimedBefore);
        assertThat(session.tryDeliver(TestReceipts.delivered(2, "alice"))).isTrue();
    }

    @Test
    void shouldKeepAnAcknowledgementUntilTheRingHasRoomAndHoldItsWindowSlotMeanwhile() throws Exception {
        connect(4);
        bind(new BindTransceiver());
        assertThat(session.tryDeliver(TestReceipts.delivered(1, "alice"))).isTrue();
        DeliverSm sent = channel.readOutbound();
        ring.fill();
        long claimedWhileFull = ring.claimed();

        channel.writeInbound(sent.createResponse());

        assertThat(ring.claimed()).isEqualTo(claimedWhileFull);
        assertThat(session.tryDeliver(TestReceipts.delivered(2, "alice"))).isFalse();

        ring.drain();
        channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(ring.claimed()).isEqualTo(claimedWhileFull + 1);
        assertThat(ring.last().kind).isEqualTo(EventKind.RECEIPT_ACK);
        assertThat(ring.last().messageId).isEqualTo(1);
        assertThat(session.tryDeliver(TestReceipts.delivered(2, "alice"))).isTrue();
    }

    @Test
    void shouldFreeTheWindowSlotOfAReceiptUnansweredWithinTheResponseTimeout() throws Exception {
        connect(64);
        bind(new BindTransceiver());
        assertThat(session.tryDeliver(TestReceipts.delivered(1, "alice"))).isTrue();
        DeliverSm sent = channel.readOutbound();
        long claimedBefore = ring.claimed();

        channel.advanceTimeBy(CONFIG.responseTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.writeInbound(sent.createResponse());

        assertThat(session.tryDeliver(TestReceipts.delivered(2, "alice"))).isTrue();
        assertThat(ring.claimed()).isEqualTo(claimedBefore);
    }

    @Test
    void shouldReturnTheReceiptsItWasHandedAndLeftUnansweredWhenItCloses() throws Exception {
        connect(64);
        bind(new BindTransceiver());
        // As the dispatcher writes it (tryDeliver), in the engine's third offer of the receipt.
        DeliverSm deliver = ReceiptDeliverSm.of(TestReceipts.delivered(7, "alice"), true);
        deliver.setReferenceObject(new ReceiptDeliverSm.Offered(7, 3));
        deliver.setSequenceNumber(++sequence);
        channel.writeOutbound(deliver);
        channel.readOutbound();
        long claimedBefore = ring.claimed();

        channel.close();

        assertThat(ring.claimed()).isEqualTo(claimedBefore + 1);
        MessageEvent returned = ring.last();
        assertThat(returned.kind).isEqualTo(EventKind.RECEIPT_RETURNED);
        assertThat(returned.messageId).isEqualTo(7);
        assertThat(returned.handOver).as("the engine's offer it came in").isEqualTo(3);
    }

    @Test
    void shouldReturnAReceiptThatLostTheRaceWithUnbind() throws Exception {
        connect(64);
        bind(new BindTransceiver());
        submit(); // in flight: the unbind waits for its answer
        Unbind unbind = new Unbind();
        unbind.setSequenceNumber(++sequence);
        channel.writeInbound(unbind);
        long claimedBefore = ring.claimed();

        // A receipt the dispatcher handed over just before the unbind, written by the event loop just after it.
        channel.writeOutbound(ReceiptDeliverSm.of(TestReceipts.delivered(9, "alice"), true));

        assertThat(channel.outboundMessages()).as("not sent").isEmpty();

        assertThat(ring.claimed()).isEqualTo(claimedBefore + 1);
        assertThat(ring.last().kind).isEqualTo(EventKind.RECEIPT_RETURNED);
        assertThat(ring.last().messageId).isEqualTo(9);
    }

    @Test
    void shouldNotOfferReceiptsToATransmitter() throws Exception {
        connect(64);
        BoundSessions sessions = bind(new BindTransmitter());

        assertThat(sessions.deliver(TestReceipts.delivered(1, "alice"))).isFalse();
        assertThat(channel.outboundMessages()).isEmpty();
    }

    @Test
    void shouldAnswerUnbindOnlyAfterTheSubmissionsInFlightAreAnswered() throws Exception {
        connect(64);
        bind(new BindTransmitter());
        SubmitSm submit = submit();
        Unbind unbind = new Unbind();
        unbind.setSequenceNumber(++sequence);

        channel.writeInbound(unbind);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(channel.isOpen()).isTrue();

        session.accepted(submit.getSequenceNumber(), 9);
        channel.runPendingTasks();

        SubmitSmResp answer = channel.readOutbound();
        UnbindResp unbindResp = channel.readOutbound();
        assertThat(answer.getSequenceNumber()).isEqualTo(submit.getSequenceNumber());
        assertThat(unbindResp.getSequenceNumber()).isEqualTo(unbind.getSequenceNumber());
        assertThat(unbindResp.getCommandStatus()).isZero();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldCloseABoundSessionThatSendsNothingForTheInactivityTimeout() throws Exception {
        connect(64);
        bind(new BindTransmitter());

        channel.advanceTimeBy(CONFIG.inactivityTimeout().toMillis() - 1_000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldIgnoreAMalformedResponseAndAnswerAMalformedRequestWithItsOwnResponse() throws Exception {
        connect(64);

        channel.writeInbound(new MalformedPdu(0x80000005, 3, 0x02, "broken deliver_sm_resp"));
        assertThat(channel.outboundMessages()).isEmpty();
        channel.writeInbound(new MalformedPdu(0x00000009, 4, 0x0E, "password too long"));

        Pdu response = channel.readOutbound();
        assertThat(response).isInstanceOf(BindTransceiverResp.class);
        assertThat(response.getSequenceNumber()).isEqualTo(4);
        assertThat(response.getCommandStatus()).isEqualTo(0x0E);
        assertThat(channel.isOpen()).isTrue();
    }

    private void connect(int ringSize) {
        ring = new StalledRing(ringSize);
        BindFailureTracker failures = new BindFailureTracker(5, TimeUnit.MINUTES.toNanos(1), System::nanoTime);
        // Bind checks run inline: the test thread is the embedded channel's event loop.
        BindAuthenticator authenticator = new BindAuthenticator(ACCOUNTS, failures,
                new SubmitRates(System::nanoTime), Runnable::run);
        boundSessions = new BoundSessions();
        refusals = new SmppRefusals();
        session = new SmppSession(CONFIG, authenticator, boundSessions, new SubmitSmTranslator(ring.ingress),
                ring.ingress, refusals);
        channel = new EmbeddedChannel(session) {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 40_000);
            }
        };
    }

    private BoundSessions bind(BaseBind<?> bind) throws Exception {
        bind.setSequenceNumber(++sequence);
        bind.setSystemId("alice");
        bind.setPassword(TestServer.PASSWORD);
        bind.setAddressRange(new Address());
        channel.writeInbound(bind);
        channel.runPendingTasks();
        Pdu response = channel.readOutbound();
        assertThat(response.getCommandStatus()).isZero();
        return boundSessions;
    }

    private SubmitSm submit() throws Exception {
        SubmitSm submit = new SubmitSm();
        submit.setSequenceNumber(++sequence);
        submit.setSourceAddress(new Address((byte) 5, (byte) 0, "Ringway"));
        submit.setDestAddress(new Address((byte) 1, (byte) 1, "447700900123"));
        submit.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));
        channel.writeInbound(submit);
        return submit;
    }
}
