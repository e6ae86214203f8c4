package io.ringway.engine.ring;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.TestConfigs;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.IdempotencyKeys;
import io.ringway.engine.message.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The business logic decides a submission carrying an idempotency key from the key first: an accepted one's retry
 * is answered as before and neither charged nor sent, the key reused for another body is refused, a refusal is not
 * remembered, the window is event time, and a replay of the journal decides every one of them alike.
 */
class IdempotentSubmissionTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long DAY = 24 * 3_600_000L;

    private final RingwayConfig config = ConfigLoader.parse("test.yaml", """
            journal:
              directory: unused
            price-lists:
              - name: standard
                prefixes: {"90": "0.01"}
            accounts:
              - system-id: %s
                password-hash: %s
                price-list: standard
                balance: "0.02"
              - system-id: other
                password-hash: %2$s
                price-list: standard
                balance: "1"
            upstreams:
              - name: %s
                host: 127.0.0.1
                system-id: x
            """.formatted(TestConfigs.ACCOUNT, PasswordHasher.hash("secret", 1000), TestConfigs.UPSTREAM));
    private final RecordedJournal journal = new RecordedJournal();
    private final EngineCounters counters = new EngineCounters();
    private BusinessLogicHandler logic = TestConfigs.businessLogic(config, 10, 100, counters);

    @Test
    void shouldAnswerARetryAsTheOriginalWithoutChargingOrSendingItAgain() {
        MessageEvent first = apply(submission("otp-1", 0, "905321111111", "code 4711", NOW));
        long balance = balance();

        MessageEvent retry = apply(submission("otp-1", 0, "905321111111", "code 4711", NOW + 30_000));

        assertThat(first.status).isEqualTo(Status.OK);
        assertThat(retry.status).isEqualTo(Status.OK);
        assertThat(retry.message).as("no new message: nothing for the dispatcher to send").isNull();
        assertThat(retry.replayed).isEqualTo(new IdempotencyKeys.Original(first.message.id(), 1, 10_000, 0,
                retry.replayed.fingerprint(), NOW));
        assertThat(balance()).as("charged once").isEqualTo(balance).isEqualTo(10_000);
        assertThat(logic.lastMessageId()).isEqualTo(1);
        assertThat(logic.queued(TestConfigs.UPSTREAM)).as("routed once").isEqualTo(1);
        assertThat(counters.accepted.get()).isEqualTo(1);
        assertThat(counters.idempotentReplays.get()).isEqualTo(1);
    }

    @Test
    void shouldKeepAKeyPerAccountAndPerRecipientIndex() {
        apply(submission("batch-7", 0, "905321111111", "hello", NOW));
        MessageEvent secondRecipient = apply(submission("batch-7", 1, "905322222222", "hello", NOW));
        MessageEvent otherAccount = submission("batch-7", 0, "905321111111", "hello", NOW);
        otherAccount.account = "other";
        apply(otherAccount);

        assertThat(secondRecipient.message.id()).isEqualTo(2);
        assertThat(otherAccount.message.id()).as("another account's key does not collide").isEqualTo(3);
        assertThat(apply(submission("batch-7", 1, "905322222222", "hello", NOW + 1)).replayed.messageId())
                .isEqualTo(2);
        assertThat(logic.idempotencyKeys()).isEqualTo(3);
    }

    @Test
    void shouldRefuseTheKeyReusedForAnotherBodyAndChargeNothing() {
        apply(submission("otp-1", 0, "905321111111", "code 4711", NOW));

        MessageEvent otherText = apply(submission("otp-1", 0, "905321111111", "code 4712", NOW + 1));
        MessageEvent otherRecipient = apply(submission("otp-1", 0, "905329999999", "code 4711", NOW + 2));

        assertThat(otherText.status).isEqualTo(Status.IDEMPOTENCY_KEY_REUSED);
        assertThat(otherRecipient.status).isEqualTo(Status.IDEMPOTENCY_KEY_REUSED);
        assertThat(otherText.message).isNull();
        assertThat(otherText.replayed).isNull();
        assertThat(balance()).isEqualTo(10_000);
        assertThat(logic.lastMessageId()).isEqualTo(1);
        assertThat(counters.rejected.get()).isEqualTo(2);
    }

    @Test
    void shouldNotRememberARefusedSubmissionSoThatItsRetryCanGoThrough() {
        apply(submission("a", 0, "905321111111", "one", NOW));
        apply(submission("b", 0, "905321111111", "two", NOW));
        MessageEvent refused = apply(submission("c", 0, "905321111111", "three", NOW + 1));
        assertThat(refused.status).isEqualTo(Status.INSUFFICIENT_BALANCE);

        apply(topUp(10_000, NOW + 2));
        MessageEvent retried = apply(submission("c", 0, "905321111111", "three", NOW + 3));

        assertThat(retried.status).isEqualTo(Status.OK);
        assertThat(retried.replayed).isNull();
        assertThat(retried.message.id()).isEqualTo(3);
        assertThat(balance()).isZero();
    }

    @Test
    void shouldSubmitAfreshOnceTheWindowHasPassedInEventTime() {
        apply(submission("otp-1", 0, "905321111111", "code 4711", NOW));

        assertThat(apply(submission("otp-1", 0, "905321111111", "code 4711", NOW + DAY - 1)).replayed)
                .isNotNull();
        apply(RecordedJournal.tick(NOW + DAY));
        assertThat(logic.idempotencyKeys()).as("a tick forgets keys past the window").isZero();
        MessageEvent late = apply(submission("otp-1", 0, "905321111111", "code 4711", NOW + DAY + 1));

        assertThat(late.replayed).isNull();
        assertThat(late.message.id()).isEqualTo(2);
    }

    @Test
    void shouldDecideEveryKeyedSubmissionAlikeWhenTheJournalIsReplayed() {
        List<String> live = new ArrayList<>();
        live.add(decision(apply(submission("a", 0, "905321111111", "one", NOW))));
        live.add(decision(apply(submission("a", 0, "905321111111", "one", NOW + 1))));
        live.add(decision(apply(submission("a", 0, "905321111111", "changed", NOW + 2))));
        live.add(decision(apply(submission("b", 0, "905321111111", "two", NOW + 3))));
        live.add(decision(apply(submission("c", 0, "905321111111", "three", NOW + 4))));
        live.add(decision(apply(topUp(10_000, NOW + 5))));
        live.add(decision(apply(submission("c", 0, "905321111111", "three", NOW + 6))));
        live.add(decision(apply(submission("c", 0, "905321111111", "three", NOW + 7))));
        live.add(decision(apply(RecordedJournal.tick(NOW + DAY + 2))));
        live.add(decision(apply(submission("b", 0, "905321111111", "two", NOW + DAY + 3))));

        logic = TestConfigs.businessLogic(config, 10, 100, new EngineCounters());
        List<String> replayed = new ArrayList<>();
        journal.replay(logic, event -> replayed.add(decision(event)));

        assertThat(replayed).isEqualTo(live);
        assertThat(live).containsSubsequence("OK #1", "OK replay #1", "IDEMPOTENCY_KEY_REUSED", "OK #2",
                "INSUFFICIENT_BALANCE", "OK #3", "OK replay #3", "INSUFFICIENT_BALANCE");
    }

    private static String decision(MessageEvent event) {
        return event.status + (event.message != null ? " #" + event.message.id() : "")
                + (event.replayed != null ? " replay #" + event.replayed.messageId() : "");
    }

    private long balance() {
        return logic.ledger().wallet(TestConfigs.ACCOUNT).balance();
    }

    private static MessageEvent submission(String key, int recipient, String to, String text, long time) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.SUBMIT, 0, time);
        event.account = TestConfigs.ACCOUNT;
        event.channel = Channel.HTTP;
        event.sourceAddress = "RINGWAY";
        event.destinationAddress = to;
        event.payload = text.getBytes(StandardCharsets.ISO_8859_1);
        event.idempotencyKey = key;
        event.idempotencyRecipient = recipient;
        return event;
    }

    private static MessageEvent topUp(long amount, long time) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.ADMIN, 0, time);
        event.adminOperation = AdminOperation.TOP_UP;
        event.target = TestConfigs.ACCOUNT;
        event.amount = amount;
        event.text = "top-up";
        return event;
    }

    /** Journals the event, as the journal handler would, then applies it. */
    private MessageEvent apply(MessageEvent event) {
        return journal.apply(logic, event);
    }
}
