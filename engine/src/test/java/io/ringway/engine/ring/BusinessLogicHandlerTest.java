package io.ringway.engine.ring;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.TestConfigs;
import io.ringway.engine.billing.Ledger;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.consent.BrandDirectory;
import io.ringway.engine.consent.OptOutKeywords;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.Status;
import io.ringway.engine.routing.Routes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessLogicHandlerTest {
    private final RingwayConfig config = TestConfigs.engineConfig(Path.of("unused"));
    private final EngineCounters counters = new EngineCounters();
    private final BusinessLogicHandler logic = TestConfigs.businessLogic(config, 3, 1_000, counters);

    private MessageEvent submission(String destination, String source, int registeredDelivery) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.SUBMIT, 0, 1_000L);
        event.journaled = true;
        event.account = TestConfigs.ACCOUNT;
        event.channel = Channel.SMPP;
        event.sourceAddress = source;
        event.destinationAddress = destination;
        event.registeredDelivery = (byte) registeredDelivery;
        event.payload = new byte[]{'h', 'i'};
        return event;
    }

    private MessageEvent apply(MessageEvent event) {
        logic.onEvent(event, 0, true);
        return event;
    }

    private void ack(long id, String upstreamId, int status) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.UPSTREAM_ACK, 0, 2_000L);
        event.journaled = true;
        event.messageId = id;
        event.upstream = TestConfigs.UPSTREAM;
        event.upstreamMessageId = upstreamId;
        event.commandStatus = status;
        apply(event);
    }

    private MessageEvent receipt(String upstreamId, String stat) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.DLR, 0, 3_000L);
        event.journaled = true;
        event.upstream = TestConfigs.UPSTREAM;
        event.upstreamMessageId = upstreamId;
        event.receiptStat = stat;
        return apply(event);
    }

    private MessageEvent tick(long time) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.TIMER, 0, time);
        event.journaled = true;
        return apply(event);
    }

    @Test
    void shouldIssueMessageIdsInSequence() {
        assertThat(apply(submission("905321234567", "RINGWAY", 0)).message.id()).isEqualTo(1);
        assertThat(apply(submission("905321234567", "RINGWAY", 0)).message.id()).isEqualTo(2);
        assertThat(logic.lastMessageId()).isEqualTo(2);
    }

    @Test
    void shouldNameTheFaultOfAnInvalidSubmission() {
        assertThat(apply(submission("0532", "RINGWAY", 0)).status).isEqualTo(Status.INVALID_DESTINATION);
        assertThat(apply(submission("+905321234567", "WAY TOO LONG SENDER", 0)).status).isEqualTo(Status.INVALID_SOURCE);
        assertThat(apply(submission("+905321234567", "", 0)).status).isEqualTo(Status.INVALID_SOURCE);
        MessageEvent empty = submission("905321234567", "RINGWAY", 0);
        empty.payload = new byte[0];
        assertThat(apply(empty).status).isEqualTo(Status.INVALID_MESSAGE_LENGTH);
        MessageEvent stranger = submission("905321234567", "RINGWAY", 0);
        stranger.account = "nobody";
        assertThat(apply(stranger).status).isEqualTo(Status.UNKNOWN_ACCOUNT);
        assertThat(logic.lastMessageId()).as("rejections consume no id").isZero();
        assertThat(counters.rejected.get()).isEqualTo(5);
    }

    @Test
    void shouldRefuseAnInputTheJournalDidNotWrite() {
        MessageEvent event = submission("905321234567", "RINGWAY", 0);
        event.journaled = false;
        assertThat(apply(event).status).isEqualTo(Status.JOURNAL_UNAVAILABLE);
        assertThat(logic.inFlight()).isZero();
    }

    @Test
    void shouldRefuseSubmissionsWhenTooManyWaitForTheUpstream() {
        for (int i = 0; i < 3; i++) {
            assertThat(apply(submission("905321234567", "RINGWAY", 0)).status).isEqualTo(Status.OK);
        }
        assertThat(apply(submission("905321234567", "RINGWAY", 0)).status).isEqualTo(Status.QUEUE_FULL);
        ack(1, "U1", 0);
        assertThat(apply(submission("905321234567", "RINGWAY", 0)).status).isEqualTo(Status.OK);
    }

    @Test
    void shouldTakeTheMessageTypeFromServiceType() {
        MessageEvent otp = submission("905321234567", "RINGWAY", 0);
        otp.serviceType = "OTP";
        assertThat(apply(otp).message.type()).isEqualTo(MessageType.OTP);
        assertThat(apply(submission("905321234567", "RINGWAY", 0)).message.type()).isEqualTo(MessageType.TRANSACTIONAL);
    }

    @Test
    void shouldMatchAReceiptOnceAndIgnoreItsDuplicates() {
        apply(submission("905321234567", "RINGWAY", 1));
        ack(1, "U1", 0);
        MessageEvent first = receipt("U1", "DELIVRD");
        MessageEvent duplicate = receipt("U1", "DELIVRD");
        assertThat(first.receipts.get(0).state()).isEqualTo(MessageState.DELIVERED);
        assertThat(duplicate.receipts).isEmpty();
        assertThat(counters.receipts.get()).isEqualTo(1);
        assertThat(counters.receiptsUnmatched.get()).as("held for an acknowledgement first").isZero();
        tick(3_000L + 10_000L);
        assertThat(counters.receiptsUnmatched.get()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreIntermediateReceiptStates() {
        apply(submission("905321234567", "RINGWAY", 1));
        ack(1, "U1", 0);
        assertThat(receipt("U1", "ENROUTE").receipts).isEmpty();
        assertThat(receipt("U1", "EXPIRED").receipts.get(0).state()).isEqualTo(MessageState.EXPIRED);
    }

    @Test
    void shouldOweAReceiptOnlyWhenTheCustomerAskedForOne() {
        apply(submission("905321234567", "RINGWAY", 0));
        apply(submission("905321234567", "RINGWAY", 2));
        apply(submission("905321234567", "RINGWAY", 2));
        ack(1, "U1", 0);
        ack(2, "U2", 0);
        ack(3, "U3", 0);
        assertThat(receipt("U1", "DELIVRD").receipts).as("registered_delivery 0").isEmpty();
        assertThat(receipt("U2", "DELIVRD").receipts).as("failure-only receipt, delivered").isEmpty();
        assertThat(receipt("U3", "UNDELIV").receipts).as("failure-only receipt, failed").hasSize(1);
        assertThat(logic.inFlight()).as("finished messages without owed receipts are forgotten").isEqualTo(1);
    }

    @Test
    void shouldRejectAMessageTheUpstreamRefusedAndOweItsReceipt() {
        apply(submission("905321234567", "RINGWAY", 1));
        MessageEvent refusal = new MessageEvent();
        refusal.reset(EventKind.UPSTREAM_ACK, 0, 2_000L);
        refusal.journaled = true;
        refusal.messageId = 1;
        refusal.upstream = TestConfigs.UPSTREAM;
        refusal.commandStatus = 0x0B;
        apply(refusal);
        assertThat(refusal.receipts.get(0).state()).isEqualTo(MessageState.REJECTED);
        assertThat(refusal.receipts.get(0).errorCode()).isEqualTo(0x0B);
        ack(1, "late", 0);
        assertThat(logic.message(1).state()).as("a later answer does not revive it").isEqualTo(MessageState.REJECTED);
    }
}
