package io.ringway.engine.consent;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.billing.MovementListener;
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

/**
 * Integrator mode and registry pushes as the business logic applies them: commercial submissions of a brand whose
 * consent the external registry holds are parked until its answer (a journaled CONSENT_ANSWER) decides them;
 * answers are cached for the TTL; no answer in time fails closed; local changes are numbered for the registry.
 */
class IntegratorModeTest {
    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
    private static final String ALICE = "905321111111";
    private static final String BOB = "905322222222";
    private static final long TTL = 60_000;
    private static final long TIMEOUT = 2_000;
    private final List<String> statement = new ArrayList<>();
    private final RingwayConfig config = ConfigLoader.parse("integrator.yaml", """
            consent:
              registry: {url: "http://registry.test/api", timeout: 2s, cache-ttl: 60s}
            price-lists:
              - {name: p, default: "0.01"}
            upstreams:
              - {name: up, host: h, system-id: x}
            accounts:
              - system-id: shop
                password-hash: "%1$s"
                price-list: p
                balance: "100"
                default-type: commercial
                brands:
                  - {name: SHOPRETAIL, senders: [RETAIL], numbers: ["905550000009"], mode: integrator}
                  - {name: SHOP, senders: [SHOP]}
            """.formatted(HASH));
    private final EngineCounters counters = new EngineCounters();
    private final BusinessLogicHandler logic = businessLogic();
    private long clock = 1_800_000_000_000L;

    private BusinessLogicHandler businessLogic() {
        return BusinessLogicHandler.fromConfig(config, new Accounts(), counters,
                (time, account, type, id, amount, balance, reference) -> {
                    if (type == MovementType.REJECTED) {
                        statement.add(account + " " + reference);
                    }
                });
    }

    @Test
    void shouldParkACommercialSubmissionUntilTheRegistryAnswersAndDecideItByTheAnswer() {
        MessageEvent first = submit("RETAIL", ALICE);
        assertThat(first.deferred).as("not answered before the registry is asked").isTrue();
        assertThat(first.status).isNull();
        assertThat(first.lookupBrand).as("the dispatcher asks the registry").isEqualTo("SHOPRETAIL");
        MessageEvent second = submit("RETAIL", ALICE);
        assertThat(second.deferred).isTrue();
        assertThat(second.lookupBrand).as("one question per recipient, however many wait").isNull();
        assertThat(logic.parkedForConsent()).isEqualTo(2);
        long balanceBefore = logic.ledger().wallet("shop").balance();

        MessageEvent answer = answer("SHOPRETAIL", ALICE, ConsentStatus.OPT_IN, clock - 86_400_000L);
        assertThat(answer.decided).hasSize(2).allSatisfy(decided -> {
            assertThat(decided.status).isEqualTo(Status.OK);
            assertThat(decided.message.upstream()).isEqualTo("up");
        });
        assertThat(answer.dispatches).as("handed to the dispatcher").hasSize(2);
        assertThat(logic.parkedForConsent()).isZero();
        assertThat(logic.ledger().wallet("shop").balance()).as("rated when decided")
                .isEqualTo(balanceBefore - 2 * 10_000);

        MessageEvent cached = submit("RETAIL", ALICE);
        assertThat(cached.deferred).as("decided from the cached answer").isFalse();
        assertThat(cached.status).isEqualTo(Status.OK);
        assertThat(counters.consentLookups.get()).isEqualTo(1);
        assertThat(counters.consentCacheHits.get()).isEqualTo(1);
    }

    @Test
    void shouldRefuseWhenTheRegistryHoldsAnOptOutOrNoConsentAndNotChargeIt() {
        submit("RETAIL", ALICE);
        submit("RETAIL", BOB);
        long balanceBefore = logic.ledger().wallet("shop").balance();
        assertThat(answer("SHOPRETAIL", ALICE, ConsentStatus.OPT_OUT, clock - 1_000).decided)
                .singleElement().extracting(decided -> decided.status).isEqualTo(Status.OPTED_OUT);
        assertThat(answer("SHOPRETAIL", BOB, null, 0).decided)
                .singleElement().extracting(decided -> decided.status).isEqualTo(Status.NO_CONSENT);
        assertThat(logic.ledger().wallet("shop").balance()).isEqualTo(balanceBefore);
        assertThat(statement).containsExactly("shop OPTED_OUT", "shop NO_CONSENT");
        assertThat(submit("RETAIL", BOB).status).as("'no consent' is an answer too, and cached")
                .isEqualTo(Status.NO_CONSENT);
    }

    @Test
    void shouldAskAgainOnceTheCachedAnswerIsOlderThanItsTimeToLive() {
        submit("RETAIL", ALICE);
        answer("SHOPRETAIL", ALICE, ConsentStatus.OPT_IN, clock - 1_000);
        clock += TTL - 10;
        assertThat(submit("RETAIL", ALICE).status).as("still fresh").isEqualTo(Status.OK);
        clock += 10;
        MessageEvent expired = submit("RETAIL", ALICE);
        assertThat(expired.deferred).as("expired cache: asked again").isTrue();
        assertThat(expired.lookupBrand).isEqualTo("SHOPRETAIL");
        assertThat(answer("SHOPRETAIL", ALICE, ConsentStatus.OPT_OUT, clock - 1).decided)
                .singleElement().extracting(decided -> decided.status).as("the registry's newer word counts")
                .isEqualTo(Status.OPTED_OUT);
    }

    @Test
    void shouldFailClosedWhenTheRegistryIsDownOrDoesNotAnswerInTime() {
        submit("RETAIL", ALICE);
        MessageEvent down = unavailable("SHOPRETAIL", ALICE);
        assertThat(down.decided).singleElement().extracting(decided -> decided.status)
                .isEqualTo(Status.CONSENT_REGISTRY_UNAVAILABLE);
        assertThat(submit("RETAIL", ALICE).deferred).as("a failure is not cached: asked again").isTrue();

        clock += TIMEOUT + 4_000;
        assertThat(tick().decided).as("within the timeout and its grace").isEmpty();
        clock += 2_000;
        MessageEvent late = tick();
        assertThat(late.decided).singleElement().extracting(decided -> decided.status)
                .isEqualTo(Status.CONSENT_REGISTRY_UNAVAILABLE);
        assertThat(logic.parkedForConsent()).isZero();
        assertThat(answer("SHOPRETAIL", ALICE, ConsentStatus.OPT_IN, clock - 1).decided)
                .as("a late answer finds nobody waiting").isEmpty();
        assertThat(submit("RETAIL", ALICE).status).as("but is cached").isEqualTo(Status.OK);
        assertThat(submit("SHOP", ALICE).status).as("a registry-mode brand of the same account is not asked")
                .isEqualTo(Status.NO_CONSENT);
        assertThat(statement).containsExactly("shop CONSENT_REGISTRY_UNAVAILABLE", "shop CONSENT_REGISTRY_UNAVAILABLE",
                "shop NO_CONSENT");
    }

    @Test
    void shouldRefuseRatherThanParkWithoutBoundWhileTheRegistryIsSlow() {
        for (int i = 0; i < BusinessLogicHandler.MAX_PARKED; i++) {
            assertThat(submit("RETAIL", String.valueOf(905_300_000_000L + i % 1_000)).deferred).isTrue();
        }
        MessageEvent over = submit("RETAIL", ALICE);
        assertThat(over.deferred).isFalse();
        assertThat(over.status).isEqualTo(Status.CONSENT_LOOKUPS_FULL);
        assertThat(over.status.smppStatus()).as("ESME_RMSGQFUL").isEqualTo(0x14);
        assertThat(counters.consentLookups.get()).as("one question per recipient").isEqualTo(1_000);
        assertThat(answer("SHOPRETAIL", "905300000007", ConsentStatus.OPT_IN, clock - 1).decided)
                .hasSize(BusinessLogicHandler.MAX_PARKED / 1_000)
                .allSatisfy(decided -> assertThat(decided.status).isEqualTo(Status.OK));
        assertThat(submit("RETAIL", ALICE).deferred).as("room again").isTrue();
    }

    @Test
    void shouldLetAnOptOutByReplyOverrideAnOlderCachedOptIn() {
        submit("RETAIL", ALICE);
        answer("SHOPRETAIL", ALICE, ConsentStatus.OPT_IN, clock - 86_400_000L);
        MessageEvent reply = event(EventKind.MO);
        reply.upstream = "up";
        reply.sourceAddress = ALICE;
        reply.destinationAddress = "905550000009";
        reply.payload = "STOP".getBytes(StandardCharsets.ISO_8859_1);
        logic.apply(reply);
        assertThat(reply.consentChange).as("pushed to the registry").isNotNull();
        assertThat(submit("RETAIL", ALICE).status).isEqualTo(Status.OPTED_OUT);
    }

    @Test
    void shouldNumberEveryLocalChangeForTheRegistryAndForgetThoseItTook() {
        MessageEvent first = consent("SHOP", ALICE, ConsentStatus.OPT_IN);
        MessageEvent second = consent("SHOP", BOB, ConsentStatus.OPT_IN);
        MessageEvent third = consent("SHOP", ALICE, ConsentStatus.OPT_OUT);
        assertThat(List.of(first, second, third)).extracting(event -> event.consentChange.id()).containsExactly(1L, 2L, 3L);
        assertThat(third.consentChange.consent().status()).isEqualTo(ConsentStatus.OPT_OUT);
        assertThat(logic.unpushedChanges()).as("only the standing consent of each recipient is owed")
                .extracting(ConsentChange::id).containsExactly(2L, 3L);
        pushed("SHOP", 2);
        assertThat(logic.unpushedChanges()).extracting(ConsentChange::id).containsExactly(3L);
        pushed("SHOP", 3);
        assertThat(logic.unpushedChanges()).isEmpty();
        MessageEvent stale = consent("SHOP", BOB, ConsentStatus.OPT_IN, clock - 365L * 86_400_000L);
        assertThat(stale.status).isEqualTo(Status.OK);
        assertThat(stale.consentChange).as("an older record changes nothing, so nothing is pushed").isNull();
    }

    @Test
    void shouldRebuildParkedSubmissionsCacheAndUnpushedChangesAlikeOnReplay() {
        List<MessageEvent> journal = new ArrayList<>();
        journal.add(consent("SHOP", BOB, ConsentStatus.OPT_IN));
        journal.add(submit("RETAIL", ALICE));
        journal.add(answer("SHOPRETAIL", ALICE, ConsentStatus.OPT_IN, clock - 5));
        journal.add(submit("RETAIL", BOB));
        BusinessLogicHandler replayed = businessLogic();
        for (MessageEvent recorded : journal) {
            MessageEvent copy = event(recorded.kind);
            copy.timestamp = recorded.timestamp;
            copy.account = recorded.account;
            copy.channel = recorded.channel;
            copy.serviceType = recorded.serviceType;
            copy.sourceAddress = recorded.sourceAddress;
            copy.destinationAddress = recorded.destinationAddress;
            copy.payload = recorded.payload;
            copy.target = recorded.target;
            copy.consentStatus = recorded.consentStatus;
            copy.consentDate = recorded.consentDate;
            copy.consentSource = recorded.consentSource;
            copy.recipientType = recorded.recipientType;
            copy.commandStatus = recorded.commandStatus;
            replayed.apply(copy);
        }
        assertThat(replayed.lastMessageId()).isEqualTo(logic.lastMessageId()).isEqualTo(1);
        assertThat(replayed.parkedForConsent()).isEqualTo(logic.parkedForConsent()).isEqualTo(1);
        assertThat(replayed.openLookups()).isEqualTo(logic.openLookups());
        assertThat(replayed.cachedRegistryAnswers()).isEqualTo(1);
        assertThat(replayed.unpushedChanges()).isEqualTo(logic.unpushedChanges()).hasSize(1);
        assertThat(replayed.ledger().wallet("shop").balance()).isEqualTo(logic.ledger().wallet("shop").balance());
    }

    @Test
    void shouldNotPushWithoutARegistry() {
        RingwayConfig local = ConfigLoader.parse("local.yaml", """
                upstreams:
                  - {name: up, host: h, system-id: x}
                accounts:
                  - system-id: shop
                    password-hash: "%1$s"
                    brands: [{name: SHOP}]
                """.formatted(HASH));
        BusinessLogicHandler alone = BusinessLogicHandler.fromConfig(local, new Accounts(), new EngineCounters(),
                MovementListener.NONE);
        MessageEvent event = event(EventKind.CONSENT);
        event.target = "SHOP";
        event.destinationAddress = ALICE;
        event.consentStatus = ConsentStatus.OPT_IN;
        event.consentDate = clock - 1;
        event.consentSource = ConsentSource.WEB;
        event.recipientType = RecipientType.INDIVIDUAL;
        alone.apply(event);
        assertThat(event.status).isEqualTo(Status.OK);
        assertThat(event.consentChange).isNull();
        assertThat(alone.unpushedChanges()).isEmpty();
    }

    private MessageEvent submit(String sender, String destination) {
        MessageEvent event = event(EventKind.SUBMIT);
        event.account = "shop";
        event.channel = Channel.SMPP;
        event.sourceAddress = sender;
        event.destinationAddress = destination;
        event.payload = "Kampanya".getBytes(StandardCharsets.ISO_8859_1);
        logic.apply(event);
        return event;
    }

    private MessageEvent answer(String brand, String msisdn, ConsentStatus status, long date) {
        MessageEvent event = event(EventKind.CONSENT_ANSWER);
        event.target = brand;
        event.destinationAddress = msisdn;
        if (status != null) {
            event.consentStatus = status;
            event.consentDate = date;
            event.consentSource = ConsentSource.WEB;
            event.recipientType = RecipientType.INDIVIDUAL;
        }
        logic.apply(event);
        return event;
    }

    private MessageEvent unavailable(String brand, String msisdn) {
        MessageEvent event = event(EventKind.CONSENT_ANSWER);
        event.target = brand;
        event.destinationAddress = msisdn;
        event.commandStatus = 1;
        logic.apply(event);
        return event;
    }

    private MessageEvent consent(String brand, String msisdn, ConsentStatus status) {
        return consent(brand, msisdn, status, clock - 1);
    }

    private MessageEvent consent(String brand, String msisdn, ConsentStatus status, long date) {
        MessageEvent event = event(EventKind.CONSENT);
        event.target = brand;
        event.destinationAddress = msisdn;
        event.consentStatus = status;
        event.consentDate = date;
        event.consentSource = ConsentSource.WEB;
        event.recipientType = RecipientType.INDIVIDUAL;
        logic.apply(event);
        return event;
    }

    private void pushed(String brand, long changeId) {
        MessageEvent event = event(EventKind.CONSENT_PUSHED);
        event.target = brand;
        event.messageId = changeId;
        logic.apply(event);
    }

    private MessageEvent tick() {
        MessageEvent event = event(EventKind.TIMER);
        logic.apply(event);
        return event;
    }

    private MessageEvent event(EventKind kind) {
        MessageEvent event = new MessageEvent();
        event.kind = kind;
        event.timestamp = clock++;
        return event;
    }
}
