package io.ringway.engine.journal;

import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.consent.RecipientType;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Sar;
import io.ringway.engine.message.Segments;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventCodecTest {

    @Test
    void shouldRoundTripEveryInputFieldOfASubmission() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.SUBMIT;
        in.timestamp = 1_700_000_000_123L;
        in.account = "acme";
        in.channel = Channel.HTTP;
        in.serviceType = "OTP";
        in.sourceAddress = "RINGWAY";
        in.sourceTon = 5;
        in.sourceNpi = 0;
        in.destinationAddress = "905321234567";
        in.destinationTon = 1;
        in.destinationNpi = 1;
        in.esmClass = 0x40;
        in.registeredDelivery = 1;
        in.dataCoding = 8;
        in.payload = new byte[]{0, 0x41, 0x01, 0x5F};

        MessageEvent out = roundTrip(in);

        assertThat(out).usingRecursiveComparison()
                .comparingOnlyFields("kind", "timestamp", "account", "channel", "serviceType", "sourceAddress",
                        "sourceTon", "sourceNpi", "destinationAddress", "destinationTon", "destinationNpi",
                        "esmClass", "registeredDelivery", "dataCoding", "payload")
                .isEqualTo(in);
    }

    @Test
    void shouldRoundTripUpstreamAcknowledgementsReceiptsAndReceiptAcks() {
        MessageEvent ack = new MessageEvent();
        ack.kind = EventKind.UPSTREAM_ACK;
        ack.messageId = 42;
        ack.upstream = "sim";
        ack.upstreamMessageId = "abc-1";
        ack.commandStatus = 0x58;
        ack.part = 2;
        MessageEvent ackOut = roundTrip(ack);
        assertThat(ackOut.part).isEqualTo(2);
        assertThat(ackOut.messageId).isEqualTo(42);
        assertThat(ackOut.upstream).isEqualTo("sim");
        assertThat(ackOut.upstreamMessageId).isEqualTo("abc-1");
        assertThat(ackOut.commandStatus).isEqualTo(0x58);

        MessageEvent dlr = new MessageEvent();
        dlr.kind = EventKind.DLR;
        dlr.upstream = "sim";
        dlr.upstreamMessageId = "abc-1";
        dlr.receiptStat = "UNDELIV";
        dlr.errorCode = 34;
        dlr.doneAt = 99;
        MessageEvent dlrOut = roundTrip(dlr);
        assertThat(dlrOut.receiptStat).isEqualTo("UNDELIV");
        assertThat(dlrOut.errorCode).isEqualTo(34);
        assertThat(dlrOut.doneAt).isEqualTo(99);

        MessageEvent receiptAck = new MessageEvent();
        receiptAck.kind = EventKind.RECEIPT_ACK;
        receiptAck.messageId = 7;
        assertThat(roundTrip(receiptAck).messageId).isEqualTo(7);
    }

    @Test
    void shouldRoundTripAnUpstreamState() {
        MessageEvent state = new MessageEvent();
        state.kind = EventKind.UPSTREAM_STATE;
        state.timestamp = 5;
        state.upstream = "fast";
        state.boundSessions = 3;
        MessageEvent out = roundTrip(state);
        assertThat(out.kind).isEqualTo(EventKind.UPSTREAM_STATE);
        assertThat(EventKind.UPSTREAM_STATE.code()).isEqualTo((byte) 10);
        assertThat(out.upstream).isEqualTo("fast");
        assertThat(out.boundSessions).isEqualTo(3);
    }

    @Test
    void shouldRoundTripACancellation() {
        MessageEvent cancel = new MessageEvent();
        cancel.kind = EventKind.CANCEL;
        cancel.timestamp = 11;
        cancel.account = "acme";
        cancel.messageId = 0x2A;
        assertThat(roundTrip(cancel)).usingRecursiveComparison()
                .comparingOnlyFields("kind", "timestamp", "account", "messageId").isEqualTo(cancel);
        assertThat(EventKind.CANCEL.code()).isEqualTo((byte) 15);
        assertThat(EventKind.CANCEL.journaled()).isTrue();
    }

    @Test
    void shouldRoundTripRegistryAnswersWithAndWithoutAConsentAndPushAcknowledgements() {
        MessageEvent answer = new MessageEvent();
        answer.kind = EventKind.CONSENT_ANSWER;
        answer.timestamp = 9;
        answer.target = "SHOPRETAIL";
        answer.destinationAddress = "905321111111";
        answer.consentStatus = ConsentStatus.OPT_OUT;
        answer.consentDate = 1_700_000_000_000L;
        answer.consentSource = ConsentSource.CALL_CENTRE;
        answer.recipientType = RecipientType.MERCHANT;
        assertThat(roundTrip(answer)).usingRecursiveComparison()
                .comparingOnlyFields("kind", "timestamp", "target", "destinationAddress", "commandStatus",
                        "consentStatus", "consentDate", "consentSource", "recipientType")
                .isEqualTo(answer);
        assertThat(EventKind.CONSENT_ANSWER.code()).isEqualTo((byte) 13);

        MessageEvent none = new MessageEvent();
        none.kind = EventKind.CONSENT_ANSWER;
        none.target = "SHOPRETAIL";
        none.destinationAddress = "905321111111";
        none.commandStatus = 1;
        MessageEvent out = roundTrip(none);
        assertThat(out.consentStatus).isNull();
        assertThat(out.consentSource).isNull();
        assertThat(out.commandStatus).isEqualTo(1);

        MessageEvent pushed = new MessageEvent();
        pushed.kind = EventKind.CONSENT_PUSHED;
        pushed.target = "SHOP";
        pushed.messageId = 1_234_567;
        assertThat(roundTrip(pushed)).usingRecursiveComparison().comparingOnlyFields("kind", "target", "messageId")
                .isEqualTo(pushed);
        assertThat(EventKind.CONSENT_PUSHED.code()).isEqualTo((byte) 14);
    }

    @Test
    void shouldReadAVersionOneAcknowledgementAsItsFirstPart() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(64);
        bytes.writeByte((byte) 1);
        bytes.writeByte(EventKind.UPSTREAM_ACK.code());
        bytes.writeLong(9);
        bytes.writeLong(42);
        bytes.writeUtf8("sim");
        bytes.writeUtf8("abc");
        bytes.writeInt(0);
        MessageEvent out = new MessageEvent();
        assertThat(EventCodec.read(bytes, out)).isTrue();
        assertThat(out.messageId).isEqualTo(42);
        assertThat(out.upstreamMessageId).isEqualTo("abc");
        assertThat(out.part).isZero();
        assertThat(bytes.readRemaining()).isZero();
    }

    @Test
    void shouldKeepNullsNull() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.SUBMIT;
        in.channel = Channel.SMPP;
        MessageEvent out = roundTrip(in);
        assertThat(out.account).isNull();
        assertThat(out.serviceType).isNull();
        assertThat(out.payload).isNull();
    }

    @Test
    void shouldRefuseARecordOfAnotherVersion() {
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(16);
        bytes.writeByte((byte) 99);
        bytes.writeByte(EventKind.RECEIPT_ACK.code());
        assertThat(EventCodec.read(bytes, new MessageEvent())).isFalse();
    }

    @Test
    void shouldRoundTripTheCallbackUrlAndReadOlderSubmissionsWithoutOne() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.SUBMIT;
        in.account = "acme";
        in.channel = Channel.KANNEL;
        in.payload = new byte[] {1};
        in.callbackUrl = "3 http://example.com/dlr?type=%d";
        assertThat(roundTrip(in).callbackUrl).isEqualTo("3 http://example.com/dlr?type=%d");

        Bytes<?> bytes = encoded(in);
        bytes.writeLimit(bytes.writePosition());
        // a record written before the field (and the options after it) existed
        bytes.writeSkip(-(in.callbackUrl.length() + 1 + defaultOptionsLength()));
        MessageEvent old = new MessageEvent();
        Bytes<?> older = Bytes.allocateElasticOnHeap(256);
        older.write(bytes, 0, bytes.writePosition());
        assertThat(EventCodec.read(older, old)).isTrue();
        assertThat(old.callbackUrl).isNull();
        assertThat(old.payload).containsExactly(1);
    }

    @Test
    void shouldRoundTripValidityReferenceAndSendTimeAndReadOlderSubmissionsWithoutThem() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.SUBMIT;
        in.account = "acme";
        in.channel = Channel.HTTP;
        in.payload = new byte[] {1};
        in.callbackUrl = "http://example.com/dlr";
        in.validityMillis = 3_600_000;
        in.reference = "order-4711";
        in.sendAt = 1_700_000_060_000L;

        MessageEvent out = roundTrip(in);

        assertThat(out.validityMillis).isEqualTo(3_600_000);
        assertThat(out.reference).isEqualTo("order-4711");
        assertThat(out.sendAt).isEqualTo(1_700_000_060_000L);
        assertThat(out.callbackUrl).isEqualTo("http://example.com/dlr");

        in.validityMillis = 0;
        in.reference = null;
        in.sendAt = 0;
        Bytes<?> bytes = encoded(in);
        bytes.writeSkip(-defaultOptionsLength()); // a record written before the options existed
        MessageEvent old = new MessageEvent();
        old.reference = "stale";
        old.clear();
        assertThat(EventCodec.read(bytes, old)).isTrue();
        assertThat(bytes.readRemaining()).isZero();
        assertThat(old.callbackUrl).isEqualTo("http://example.com/dlr");
        assertThat(old.validityMillis).isZero();
        assertThat(old.reference).isNull();
        assertThat(old.sendAt).isZero();
    }

    @Test
    void shouldRoundTripTheIdempotencyKeyAndReadOlderSubmissionsWithoutOne() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.SUBMIT;
        in.account = "acme";
        in.channel = Channel.HTTP;
        in.payload = new byte[] {1};
        in.reference = "order-4711";
        in.sendAt = 1_700_000_060_000L;
        in.idempotencyKey = "otp-2026-11-22/7f3a";
        in.idempotencyRecipient = 417;

        MessageEvent out = roundTrip(in);

        assertThat(out.idempotencyKey).isEqualTo("otp-2026-11-22/7f3a");
        assertThat(out.idempotencyRecipient).isEqualTo(417);
        assertThat(out.reference).isEqualTo("order-4711");
        assertThat(out.sendAt).isEqualTo(1_700_000_060_000L);

        in.idempotencyKey = null;
        in.idempotencyRecipient = 0;
        Bytes<?> bytes = encoded(in);
        // a record written before idempotency keys existed: it ends after send_at
        bytes.writeSkip(-(keyLength() + smppFieldsLength()));
        MessageEvent old = new MessageEvent();
        old.idempotencyKey = "stale";
        old.idempotencyRecipient = 3;
        old.clear();
        assertThat(EventCodec.read(bytes, old)).isTrue();
        assertThat(bytes.readRemaining()).isZero();
        assertThat(old.reference).isEqualTo("order-4711");
        assertThat(old.sendAt).isEqualTo(1_700_000_060_000L);
        assertThat(old.idempotencyKey).isNull();
        assertThat(old.idempotencyRecipient).isZero();
    }

    @Test
    void shouldRoundTripTheSmppFieldsAndReadOlderSubmissionsWithoutThem() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.SUBMIT;
        in.account = "acme";
        in.channel = Channel.SMPP;
        in.payload = new byte[] {1};
        in.idempotencyKey = "k";
        in.protocolId = 0x40;
        in.priorityFlag = 3;
        in.replaceIfPresent = 1;
        in.sar = Sar.of(0xBEEF, 3, 2);

        MessageEvent out = roundTrip(in);

        assertThat(out.protocolId).isEqualTo((byte) 0x40);
        assertThat(out.priorityFlag).isEqualTo((byte) 3);
        assertThat(out.replaceIfPresent).isEqualTo((byte) 1);
        assertThat(out.sar).isEqualTo(Sar.of(0xBEEF, 3, 2));
        assertThat(Sar.reference(out.sar)).isEqualTo(0xBEEF);
        assertThat(Sar.total(out.sar)).isEqualTo(3);
        assertThat(Sar.sequence(out.sar)).isEqualTo(2);
        assertThat(out.idempotencyKey).isEqualTo("k");

        in.protocolId = 0;
        in.priorityFlag = 0;
        in.replaceIfPresent = 0;
        in.sar = Sar.NONE;
        Bytes<?> bytes = encoded(in);
        bytes.writeSkip(-smppFieldsLength()); // a record written before the SMPP fields: it ends after the key
        MessageEvent old = new MessageEvent();
        old.protocolId = 9;
        old.sar = 5;
        old.clear();
        assertThat(EventCodec.read(bytes, old)).isTrue();
        assertThat(bytes.readRemaining()).isZero();
        assertThat(old.idempotencyKey).isEqualTo("k");
        assertThat(old.protocolId).isZero();
        assertThat(old.replaceIfPresent).isZero();
        assertThat(old.sar).isEqualTo(Sar.NONE);
    }

    @Test
    void shouldKeepTheSegmentRulesOfASubmissionAndReadOlderSubmissionsAsCountedUnderTheFirst() {
        MessageEvent in = new MessageEvent();
        in.clear();
        in.kind = EventKind.SUBMIT;
        in.account = "acme";
        in.channel = Channel.SMPP;
        in.dataCoding = 0x15;
        in.payload = new byte[150];
        in.sar = Sar.of(7, 2, 1);
        assertThat(in.segmentRules).as("every claim starts under the current rules").isEqualTo(Segments.RULES_CURRENT);

        assertThat(roundTrip(in).segmentRules).isEqualTo(Segments.RULES_CURRENT);
        in.segmentRules = Segments.RULES_FIRST;
        assertThat(roundTrip(in).segmentRules).isEqualTo(Segments.RULES_FIRST);

        in.segmentRules = Segments.RULES_CURRENT;
        Bytes<?> bytes = encoded(in);
        bytes.writeSkip(-1); // a record written before the rules: it ends after the SMPP fields
        MessageEvent old = new MessageEvent();
        old.clear();
        assertThat(EventCodec.read(bytes, old)).isTrue();
        assertThat(bytes.readRemaining()).isZero();
        assertThat(old.sar).isEqualTo(Sar.of(7, 2, 1));
        assertThat(old.segmentRules).isEqualTo(Segments.RULES_FIRST);

        in.sar = Sar.NONE;
        Bytes<?> oldest = encoded(in);
        oldest.writeSkip(-(keyLength() + smppFieldsLength())); // written before the key: it ends after the send time
        MessageEvent older = new MessageEvent();
        older.clear();
        assertThat(EventCodec.read(oldest, older)).isTrue();
        assertThat(older.segmentRules).as("a record before any option").isEqualTo(Segments.RULES_FIRST);
    }

    @Test
    void shouldKeepHowAnMoIsReadAndReadOlderMosAsTheyWereRead() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.MO;
        in.upstream = "up";
        in.sourceAddress = "905321234567";
        in.destinationAddress = "905550000000";
        in.esmClass = 0x40;
        in.dataCoding = 0x18;
        in.payload = new byte[] {1, 2};
        in.moText = MessageEvent.MO_TEXT_CURRENT;

        assertThat(roundTrip(in).moText).isEqualTo(MessageEvent.MO_TEXT_CURRENT);

        Bytes<?> bytes = encoded(in);
        bytes.writeSkip(-1); // an MO record written before: it ends after the payload
        MessageEvent old = new MessageEvent();
        assertThat(EventCodec.read(bytes, old)).isTrue();
        assertThat(old.moText).isZero();
        assertThat(old.payload).containsExactly(1, 2);
    }

    @Test
    void shouldKeepTheRulesAReceiptIsAppliedUnderAndReadOlderReceiptsAsBefore() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.DLR;
        in.upstream = "up";
        in.upstreamMessageId = "00AB03E9";
        in.receiptStat = "DELIVRD";
        in.doneAt = 1_700_000_000_000L;
        in.receiptRules = MessageEvent.RECEIPT_RULES_CURRENT;

        assertThat(roundTrip(in).receiptRules).isEqualTo(MessageEvent.RECEIPT_RULES_CURRENT);

        Bytes<?> bytes = encoded(in);
        bytes.writeSkip(-1); // a DLR record written before: it ends after the done time
        MessageEvent old = new MessageEvent();
        assertThat(EventCodec.read(bytes, old)).isTrue();
        assertThat(old.receiptRules).isZero();
        assertThat(old.doneAt).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void shouldKeepTheReceiptRulesOfAnAcknowledgementAndReadOlderOnesAsBefore() {
        MessageEvent in = new MessageEvent();
        in.kind = EventKind.UPSTREAM_ACK;
        in.messageId = 7;
        in.upstream = "up";
        in.upstreamMessageId = "P-1";
        in.part = 2;
        in.receiptRules = MessageEvent.RECEIPT_RULES_CURRENT;

        assertThat(roundTrip(in).receiptRules).isEqualTo(MessageEvent.RECEIPT_RULES_CURRENT);

        Bytes<?> bytes = encoded(in);
        bytes.writeSkip(-1); // an acknowledgement written before: it ends after its part
        MessageEvent old = new MessageEvent();
        assertThat(EventCodec.read(bytes, old)).isTrue();
        assertThat(old.receiptRules).isZero();
        assertThat(old.part).isEqualTo(2);
    }

    @Test
    void shouldKeepTheReleaseRulesOfTimersAndUpstreamStatesAndReadOlderOnesAsBefore() {
        MessageEvent tick = new MessageEvent();
        tick.kind = EventKind.TIMER;
        tick.releaseRules = MessageEvent.RELEASE_RULES_CURRENT;
        MessageEvent state = new MessageEvent();
        state.kind = EventKind.UPSTREAM_STATE;
        state.upstream = "up";
        state.boundSessions = 2;
        state.releaseRules = MessageEvent.RELEASE_RULES_CURRENT;

        assertThat(roundTrip(tick).releaseRules).isEqualTo(MessageEvent.RELEASE_RULES_CURRENT);
        assertThat(roundTrip(state).releaseRules).isEqualTo(MessageEvent.RELEASE_RULES_CURRENT);

        for (MessageEvent event : new MessageEvent[] {tick, state}) {
            Bytes<?> bytes = encoded(event);
            bytes.writeSkip(-1); // written before: it ends one octet earlier
            MessageEvent old = new MessageEvent();
            old.releaseRules = 7;
            old.clear();
            assertThat(EventCodec.read(bytes, old)).isTrue();
            assertThat(old.releaseRules).isZero();
            assertThat(old.kind).isEqualTo(event.kind);
        }
    }

    @Test
    void shouldRoundTripAnAdministrationCommandWithItsRulesAndReadOlderOnesUnderTheFirst() {
        MessageEvent in = new MessageEvent();
        in.clear();
        in.kind = EventKind.ADMIN;
        in.adminOperation = AdminOperation.TOP_UP;
        in.account = "reseller";
        in.target = "shop";
        in.amount = 12_500_000;
        in.text = "invoice 7";
        assertThat(in.adminRules).as("what a claim starts with").isEqualTo(MessageEvent.ADMIN_RULES_CURRENT);

        MessageEvent out = roundTrip(in);
        assertThat(out.adminOperation).isEqualTo(AdminOperation.TOP_UP);
        assertThat(out.account).isEqualTo("reseller");
        assertThat(out.target).isEqualTo("shop");
        assertThat(out.amount).isEqualTo(12_500_000);
        assertThat(out.text).isEqualTo("invoice 7");
        assertThat(out.adminRules).isEqualTo(MessageEvent.ADMIN_RULES_CURRENT);

        Bytes<?> bytes = encoded(in);
        bytes.writeSkip(-1); // an ADMIN record written before: it ends after its text
        MessageEvent old = new MessageEvent();
        old.clear();
        assertThat(EventCodec.read(bytes, old)).isTrue();
        assertThat(old.adminRules).isZero();
        assertThat(old.text).isEqualTo("invoice 7");
    }

    /** Octets of the SUBMIT options when none is set: validity 0, no reference, send time 0, no key. */
    private static long defaultOptionsLength() {
        Bytes<?> options = Bytes.allocateElasticOnHeap(16);
        options.writeStopBit(0);
        options.writeUtf8(null);
        options.writeStopBit(0);
        return options.writePosition() + keyLength() + smppFieldsLength();
    }

    /** Octets of the SMPP fields when all have their defaults, and of the segment rules after them. */
    private static long smppFieldsLength() {
        Bytes<?> fields = Bytes.allocateElasticOnHeap(16);
        fields.writeByte((byte) 0);
        fields.writeByte((byte) 0);
        fields.writeByte((byte) 0);
        fields.writeStopBit(0);
        fields.writeByte(Segments.RULES_CURRENT);
        return fields.writePosition();
    }

    /** Octets of the idempotency key and recipient index when there is no key. */
    private static long keyLength() {
        Bytes<?> key = Bytes.allocateElasticOnHeap(16);
        key.writeUtf8(null);
        key.writeStopBit(0);
        return key.writePosition();
    }

    /** {@code event} encoded as the journal encodes it, in Bytes as the journal reads it. */
    static Bytes<?> encoded(MessageEvent event) {
        RecordWriter record = new RecordWriter();
        EventCodec.write(event, record);
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(256);
        bytes.write(record.array(), 0, record.size());
        return bytes;
    }

    private static MessageEvent roundTrip(MessageEvent in) {
        Bytes<?> bytes = encoded(in);
        MessageEvent out = new MessageEvent();
        assertThat(EventCodec.read(bytes, out)).isTrue();
        assertThat(bytes.readRemaining()).isZero();
        return out;
    }
}
