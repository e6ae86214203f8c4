package io.ringway.engine.consent;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.billing.MovementType;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Consent and sender rules as the business logic applies them to submissions. */
class ConsentRulesTest {
    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
    private static final String OPTED_IN = "905321111111";
    private static final String OPTED_OUT = "905322222222";
    private static final String STRANGER = "905323333333";
    private final List<String> statement = new ArrayList<>();
    private final RingwayConfig config = ConfigLoader.parse("consent.yaml", """
            price-lists:
              - {name: p, default: "0.01"}
            upstreams:
              - {name: up, host: h, system-id: x}
            accounts:
              - system-id: shop
                password-hash: "%1$s"
                price-list: p
                balance: "100"
                senders: [SHOP, SHOPSALE, "908501234567"]
                brands:
                  - {name: SHOP, senders: [SHOP, SHOPSALE], numbers: ["905550000001"]}
              - system-id: other
                password-hash: "%1$s"
                default-type: commercial
                brands:
                  - {name: OTHER}
            """.formatted(HASH));
    private final BusinessLogicHandler logic = BusinessLogicHandler.fromConfig(config, new Accounts(),
            new EngineCounters(), (time, account, type, id, amount, balance, reference) -> {
                if (type == MovementType.REJECTED) {
                    statement.add(account + " " + reference);
                }
            });
    private long clock = 1_800_000_000_000L;

    ConsentRulesTest() {
        consent("SHOP", OPTED_IN, "OPT_IN", clock - 10_000);
        consent("SHOP", OPTED_OUT, "OPT_IN", clock - 20_000);
        consent("SHOP", OPTED_OUT, "OPT_OUT", clock - 10_000);
        consent("OTHER", STRANGER, "OPT_IN", clock - 10_000);
    }

    private Status consent(String brand, String msisdn, String status, long date) {
        MessageEvent event = event(EventKind.CONSENT);
        event.destinationAddress = msisdn;
        event.target = brand;
        event.consentStatus = ConsentStatus.parse(status);
        event.consentDate = date;
        event.consentSource = ConsentSource.WEB;
        event.recipientType = RecipientType.INDIVIDUAL;
        logic.apply(event);
        return event.status;
    }

    private Status submit(String account, String sender, String destination, String type) {
        MessageEvent event = event(EventKind.SUBMIT);
        event.account = account;
        event.channel = Channel.SMPP;
        event.serviceType = type;
        event.sourceAddress = sender;
        event.destinationAddress = destination;
        event.payload = "Kampanya".getBytes(StandardCharsets.ISO_8859_1);
        logic.apply(event);
        return event.status;
    }

    private MessageEvent event(EventKind kind) {
        MessageEvent event = new MessageEvent();
        event.kind = kind;
        event.timestamp = clock++;
        return event;
    }

    @Test
    void shouldSendCommercialMessagesOnlyToRecipientsWhoseStandingConsentIsAnOptIn() {
        assertThat(submit("shop", "SHOP", OPTED_IN, "CMR")).isEqualTo(Status.OK);
        assertThat(submit("shop", "SHOPSALE", OPTED_IN, "commercial")).as("another sender of the brand").isEqualTo(Status.OK);
        assertThat(submit("shop", "SHOP", OPTED_OUT, "CMR")).as("opt-out after opt-in").isEqualTo(Status.OPTED_OUT);
        assertThat(submit("shop", "SHOP", STRANGER, "CMR")).as("consent for another brand only").isEqualTo(Status.NO_CONSENT);
        assertThat(statement).containsExactly("shop OPTED_OUT", "shop NO_CONSENT");
    }

    @Test
    void shouldNotAskForConsentForOneTimePasswordsAndTransactionalMessages() {
        assertThat(submit("shop", "SHOP", OPTED_OUT, "OTP")).isEqualTo(Status.OK);
        assertThat(submit("shop", "SHOP", STRANGER, null)).as("account default: transactional").isEqualTo(Status.OK);
        assertThat(submit("other", "ANY", "905324444444", null)).as("account default: commercial")
                .isEqualTo(Status.NO_CONSENT);
        assertThat(submit("other", "ANY", STRANGER, null)).isEqualTo(Status.OK);
    }

    @Test
    void shouldRefuseASenderTheAccountMayNotUse() {
        assertThat(submit("shop", "BANK", OPTED_IN, "OTP")).isEqualTo(Status.SENDER_NOT_ALLOWED);
        assertThat(Status.SENDER_NOT_ALLOWED.smppStatus()).as("ESME_RINVSRCADR").isEqualTo(0x0A);
        assertThat(Status.SENDER_NOT_ALLOWED.httpStatus()).isEqualTo(422);
    }

    @Test
    void shouldRecordAnOptOutReplyAtOnceAndBlockTheNextCommercialMessage() {
        assertThat(submit("shop", "SHOP", OPTED_IN, "CMR")).isEqualTo(Status.OK);
        MessageEvent reply = event(EventKind.MO);
        reply.upstream = "up";
        reply.sourceAddress = OPTED_IN;
        reply.destinationAddress = "905550000001";
        reply.payload = "Iptal".getBytes(StandardCharsets.ISO_8859_1);
        logic.apply(reply);
        assertThat(submit("shop", "SHOP", OPTED_IN, "CMR")).isEqualTo(Status.OPTED_OUT);
        assertThat(logic.consents().find("SHOP", OPTED_IN).source()).isEqualTo(ConsentSource.SMS);
    }

    @Test
    void shouldRecordAnOptOutReplyForTheRecipientTypeWhoseConsentStands() {
        for (String merchant : List.of("905326000001", "905326000002")) {
            MessageEvent optIn = event(EventKind.CONSENT);
            optIn.destinationAddress = merchant;
            optIn.target = "SHOP";
            optIn.consentStatus = ConsentStatus.OPT_IN;
            optIn.consentDate = clock - 1;
            optIn.consentSource = ConsentSource.PHYSICAL;
            optIn.recipientType = RecipientType.MERCHANT;
            logic.apply(optIn);
        }
        MessageEvent reply = event(EventKind.MO);
        reply.upstream = "up";
        reply.sourceAddress = "905326000001";
        reply.destinationAddress = "905550000001";
        reply.payload = "RET SHOP".getBytes(StandardCharsets.ISO_8859_1);
        reply.moText = MessageEvent.MO_TEXT_CURRENT;
        logic.apply(reply);
        assertThat(logic.consents().find("SHOP", "905326000001")).as("a merchant (TACIR) withdraws its own consent")
                .isEqualTo(new Consent(ConsentStatus.OPT_OUT, reply.timestamp, ConsentSource.SMS, RecipientType.MERCHANT));

        MessageEvent older = event(EventKind.MO);
        older.upstream = "up";
        older.sourceAddress = "905326000002";
        older.destinationAddress = "905550000001";
        older.payload = "RET SHOP".getBytes(StandardCharsets.ISO_8859_1);
        older.moText = 1;
        logic.apply(older);
        assertThat(logic.consents().find("SHOP", "905326000002").recipientType())
                .as("an MO journaled before: replayed as it was recorded then").isEqualTo(RecipientType.INDIVIDUAL);
    }

    @Test
    void shouldReadAnOptOutReplyPastItsUserDataHeaderAndInAnyCodingGroupAlphabet() {
        byte[] udh = {0x05, 0x00, 0x03, (byte) 0xCC, 0x02, 0x01};
        byte[] concatenated = concat(udh, "STOP sending these".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(reply(concatenated, (byte) 0x40, (byte) 0x00, MessageEvent.MO_TEXT_CURRENT))
                .as("a concatenated reply, GSM").isEqualTo(Status.OPTED_OUT);
        assertThat(reply(concat(udh, "\u0130PTAL l\u00fctfen".getBytes(StandardCharsets.UTF_16BE)), (byte) 0x40,
                (byte) 0x08, MessageEvent.MO_TEXT_CURRENT)).as("a concatenated reply, UCS-2").isEqualTo(Status.OPTED_OUT);
        assertThat(reply("STOP".getBytes(StandardCharsets.UTF_16BE), (byte) 0, (byte) 0x18,
                MessageEvent.MO_TEXT_CURRENT)).as("UCS-2 with message class 0").isEqualTo(Status.OPTED_OUT);
        assertThat(reply("STOP".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0xF0,
                MessageEvent.MO_TEXT_CURRENT)).as("GSM 7-bit, class 0").isEqualTo(Status.OPTED_OUT);
        assertThat(reply(concatenated, (byte) 0x40, (byte) 0x00, (byte) 0))
                .as("an MO journaled before: replayed as it was read then").isEqualTo(Status.OK);
    }

    @Test
    void shouldReadATurkishReplyWrittenWithTheTurkishShiftTablesAndOnlyTheFirstPartOfAConcatenatedOne() {
        byte[] singleShift = {0x03, 0x24, 0x01, 0x01}; // national language single shift: Turkish
        byte[] capitalDottedI = concat(singleShift, new byte[] {0x1B, 0x49, 'P', 'T', 'A', 'L'});
        assertThat(reply(capitalDottedI, (byte) 0x40, (byte) 0x00, MessageEvent.MO_TEXT_CURRENT))
                .as("İPTAL, İ with the single shift table").isEqualTo(Status.OPTED_OUT);
        assertThat(reply(concat(singleShift, new byte[] {0x1B, 0x69, 'p', 't', 'a', 'l', ' ', 'l', 0x7E, 't', 'f'}),
                (byte) 0x40, (byte) 0x00, MessageEvent.MO_TEXT_CURRENT))
                .as("ıptal lütf, ı with the single shift table").isEqualTo(Status.OPTED_OUT);
        assertThat(reply(new byte[] {0x03, 0x25, 0x01, 0x01, 0x40, 'P', 'T', 'A', 'L', '!'}, (byte) 0x40, (byte) 0x00,
                MessageEvent.MO_TEXT_CURRENT)).as("İPTAL!, İ with the locking shift table").isEqualTo(Status.OPTED_OUT);
        assertThat(reply(new byte[] {0x08, 0x00, 0x03, 0x11, 0x02, 0x01, 0x24, 0x01, 0x01, 0x1B, 0x49, 'P', 'T', 'A',
                'L', ' ', 'S', 'H', 'O', 'P'}, (byte) 0x40, (byte) 0x00, MessageEvent.MO_TEXT_CURRENT))
                .as("the first part of a concatenated İPTAL SHOP").isEqualTo(Status.OPTED_OUT);
        assertThat(reply(capitalDottedI, (byte) 0x40, (byte) 0x00, (byte) 1))
                .as("an MO journaled before: replayed as it was read then").isEqualTo(Status.OK);
        assertThat(reply("\"RET\" SHOP".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0,
                MessageEvent.MO_TEXT_CURRENT)).as("the keyword quoted as the footer quoted it").isEqualTo(Status.OPTED_OUT);
        assertThat(reply("\uFEFF\u00ABStop\u00BB".getBytes(StandardCharsets.UTF_16BE), (byte) 0, (byte) 0x08,
                MessageEvent.MO_TEXT_CURRENT)).as("after a byte order mark and a guillemet").isEqualTo(Status.OPTED_OUT);
        assertThat(reply("\"RET\" SHOP".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0, (byte) 1))
                .as("an MO journaled before: replayed as it was read then").isEqualTo(Status.OK);

        byte[] secondPart = concat(new byte[] {0x05, 0x00, 0x03, 0x12, 0x02, 0x02}, "stop by our store".getBytes(
                StandardCharsets.ISO_8859_1));
        assertThat(reply(secondPart, (byte) 0x40, (byte) 0x00, MessageEvent.MO_TEXT_CURRENT))
                .as("a later part does not start the reply").isEqualTo(Status.OK);
        assertThat(reply(secondPart, (byte) 0x40, (byte) 0x00, (byte) 1))
                .as("an MO journaled before: replayed as it was read then").isEqualTo(Status.OPTED_OUT);
    }

    /** Opts the recipient in, replies with {@code payload}, and answers the next commercial submission. */
    private Status reply(byte[] payload, byte esmClass, byte dataCoding, byte moText) {
        String recipient = "90532" + (7_000_000 + (int) (payload.length * 31L + dataCoding * 7L + moText) % 1_000_000);
        assertThat(consent("SHOP", recipient, "OPT_IN", clock - 1)).isEqualTo(Status.OK);
        MessageEvent reply = event(EventKind.MO);
        reply.upstream = "up";
        reply.sourceAddress = recipient;
        reply.destinationAddress = "905550000001";
        reply.esmClass = esmClass;
        reply.dataCoding = dataCoding;
        reply.payload = payload;
        reply.moText = moText;
        logic.apply(reply);
        return submit("shop", "SHOP", recipient, "CMR");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void shouldNotSendAScheduledCommercialMessageToARecipientWhoOptedOutMeanwhile() {
        String recipient = "905321110001";
        assertThat(consent("SHOP", recipient, "OPT_IN", clock - 1)).isEqualTo(Status.OK);
        MessageEvent scheduled = commercial(recipient, clock + 60_000);
        assertThat(scheduled.status).isEqualTo(Status.OK);
        long balance = logic.ledger().wallet("shop").balance();
        assertThat(consent("SHOP", recipient, "OPT_OUT", clock - 1)).isEqualTo(Status.OK);

        MessageEvent tick = event(EventKind.TIMER);
        tick.timestamp = clock + 60_000;
        tick.releaseRules = MessageEvent.RELEASE_RULES_CURRENT;
        logic.apply(tick);

        assertThat(tick.dispatches).as("not sent").isEmpty();
        assertThat(logic.scheduled()).isZero();
        assertThat(logic.ledger().wallet("shop").balance()).as("refunded").isEqualTo(balance + 10_000);
    }

    @Test
    void shouldNotSendAHeldCommercialMessageToARecipientWhoOptedOutWhileItsUpstreamWasDown() {
        String recipient = "905321110003";
        consent("SHOP", recipient, "OPT_IN", clock - 1);
        upstreamState(0);
        MessageEvent held = commercial(recipient, 0);
        assertThat(held.status).isEqualTo(Status.OK);
        assertThat(logic.held()).isEqualTo(1);
        consent("SHOP", recipient, "OPT_OUT", clock - 1);

        MessageEvent up = upstreamState(2);

        assertThat(up.dispatches).as("not sent").isEmpty();
        assertThat(logic.held()).isZero();
    }

    /** A commercial submission of shop's brand to {@code recipient}, applied; scheduled when {@code sendAt} is set. */
    private MessageEvent commercial(String recipient, long sendAt) {
        MessageEvent submission = event(EventKind.SUBMIT);
        submission.account = "shop";
        submission.channel = Channel.HTTP;
        submission.serviceType = "CMR";
        submission.sourceAddress = "SHOP";
        submission.destinationAddress = recipient;
        submission.payload = "Kampanya".getBytes(StandardCharsets.ISO_8859_1);
        submission.sendAt = sendAt;
        logic.apply(submission);
        return submission;
    }

    private MessageEvent upstreamState(int boundSessions) {
        MessageEvent state = event(EventKind.UPSTREAM_STATE);
        state.upstream = "up";
        state.boundSessions = boundSessions;
        state.releaseRules = MessageEvent.RELEASE_RULES_CURRENT;
        logic.apply(state);
        return state;
    }

    @Test
    void shouldReleaseAsBeforeUnderTheRulesOfAnOlderTimerRecord() {
        String recipient = "905321110002";
        consent("SHOP", recipient, "OPT_IN", clock - 1);
        MessageEvent scheduled = commercial(recipient, clock + 60_000);
        consent("SHOP", recipient, "OPT_OUT", clock - 1);

        MessageEvent tick = event(EventKind.TIMER); // journaled before release rules existed: as decided then
        tick.timestamp = clock + 60_000;
        logic.apply(tick);

        assertThat(tick.dispatches).hasSize(1);
    }

    @Test
    void shouldRefuseInvalidConsentRecordsAndRecordsForAnotherAccountsBrand() {
        assertThat(consent("SHOP", "12ab", "OPT_IN", clock - 1)).isEqualTo(Status.INVALID_CONSENT);
        assertThat(consent("SHOP", OPTED_IN, "OPT_IN", clock + 60_000)).as("future date").isEqualTo(Status.INVALID_CONSENT);
        assertThat(consent("NOBRAND", OPTED_IN, "OPT_IN", clock - 1)).isEqualTo(Status.INVALID_CONSENT);
        MessageEvent foreign = event(EventKind.CONSENT);
        foreign.account = "other";
        foreign.destinationAddress = OPTED_OUT;
        foreign.target = "SHOP";
        foreign.consentStatus = ConsentStatus.OPT_IN;
        foreign.consentDate = clock - 1;
        foreign.consentSource = ConsentSource.WEB;
        foreign.recipientType = RecipientType.INDIVIDUAL;
        logic.apply(foreign);
        assertThat(foreign.status).isEqualTo(Status.FORBIDDEN);
        assertThat(logic.consents().find("SHOP", OPTED_OUT).status()).isEqualTo(ConsentStatus.OPT_OUT);
    }
}
