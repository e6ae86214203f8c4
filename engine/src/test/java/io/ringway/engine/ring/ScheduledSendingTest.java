package io.ringway.engine.ring;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.TestConfigs;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.Status;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A submission with a send time after its ingress time (HTTP {@code send_at}) is rated and reserved when it is
 * accepted, held, and routed by the first TIMER at or after its send time; the journal replays it alike.
 */
class ScheduledSendingTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long SEND_AT = NOW + 60_000;

    private final RingwayConfig config = config("0.02");
    private final RecordedJournal journal = new RecordedJournal();
    private EngineCounters counters = new EngineCounters();
    private BusinessLogicHandler logic = TestConfigs.businessLogic(config, 10, 100, counters);

    @Test
    void shouldReserveAtAcceptanceAndHoldUntilTheSendTime() {
        MessageEvent accepted = apply(scheduledSubmission(SEND_AT));

        assertThat(accepted.status).isEqualTo(Status.OK);
        assertThat(accepted.message.upstream()).as("not routed before its time").isNull();
        assertThat(accepted.message.sendAt()).isEqualTo(SEND_AT);
        assertThat(accepted.message.reference()).isEqualTo("order-1");
        assertThat(accepted.message.validityMillis()).isEqualTo(600_000);
        assertThat(logic.ledger().wallet(TestConfigs.ACCOUNT).balance()).isEqualTo(10_000);
        assertThat(apply(scheduledSubmission(SEND_AT)).status).isEqualTo(Status.OK);
        assertThat(apply(scheduledSubmission(SEND_AT)).status).as("balance is checked at acceptance")
                .isEqualTo(Status.INSUFFICIENT_BALANCE);
        assertThat(logic.scheduled()).isEqualTo(2);
        assertThat(logic.awaitingDispatch()).isEmpty();

        assertThat(apply(RecordedJournal.tick(SEND_AT - 1)).dispatches).isEmpty();
        MessageEvent due = apply(RecordedJournal.tick(SEND_AT + 400));

        assertThat(due.dispatches).extracting(Message::id).containsExactly(1L, 2L);
        assertThat(due.dispatches.get(0).upstream()).isEqualTo(TestConfigs.UPSTREAM);
        assertThat(logic.scheduled()).isZero();
        assertThat(logic.queued(TestConfigs.UPSTREAM)).isEqualTo(2);
    }

    @Test
    void shouldSendASubmissionWhoseSendTimeHasPassedAtOnce() {
        MessageEvent accepted = apply(scheduledSubmission(NOW));

        assertThat(accepted.message.upstream()).isEqualTo(TestConfigs.UPSTREAM);
        assertThat(logic.scheduled()).isZero();
    }

    @Test
    void shouldKeepScheduledMessagesAcrossAReplayOfTheJournal() {
        apply(scheduledSubmission(SEND_AT));
        apply(scheduledSubmission(SEND_AT + 10_000));
        apply(RecordedJournal.tick(SEND_AT));

        logic = TestConfigs.businessLogic(config, 10, 100, new EngineCounters());
        journal.replay(logic, event -> { });

        assertThat(logic.scheduled()).isEqualTo(1);
        assertThat(logic.awaitingDispatch()).extracting(Message::id).containsExactly(1L);
        Message waiting = logic.message(2);
        assertThat(waiting.state()).isEqualTo(MessageState.ACCEPTED);
        assertThat(waiting.reference()).isEqualTo("order-1");
        assertThat(waiting.sendAt()).isEqualTo(SEND_AT + 10_000);
        assertThat(apply(RecordedJournal.tick(SEND_AT + 10_000)).dispatches).extracting(Message::id).containsExactly(2L);
    }

    @Test
    void shouldAnswerAQueryWithTheReferenceAndWhetherTheMessageStillWaits() {
        apply(scheduledSubmission(SEND_AT));
        MessageEvent query = new MessageEvent();
        query.reset(EventKind.QUERY, 0, NOW + 1);
        query.journaled = true;
        query.account = TestConfigs.ACCOUNT;
        query.messageId = 1;

        logic.apply(query);

        assertThat(query.answer.found).isTrue();
        assertThat(query.answer.scheduled).isTrue();
        assertThat(query.answer.sendAt).isEqualTo(SEND_AT);
        assertThat(query.answer.reference).isEqualTo("order-1");
    }

    @Test
    void shouldCancelAWaitingMessageRefundItAndReplayTheCancellationAlike() {
        apply(scheduledSubmission(SEND_AT));
        apply(scheduledSubmission(SEND_AT + 10_000));
        assertThat(logic.ledger().wallet(TestConfigs.ACCOUNT).balance()).isZero();

        assertThat(apply(cancel(TestConfigs.ACCOUNT, 2)).status).isEqualTo(Status.OK);

        assertThat(logic.ledger().wallet(TestConfigs.ACCOUNT).balance()).as("refunded").isEqualTo(10_000);
        assertThat(logic.scheduled()).isEqualTo(1);
        assertThat(logic.message(2)).as("finished, no receipt asked for").isNull();
        MessageEvent query = query(2);
        assertThat(query.answer.state).isEqualTo(MessageState.DELETED);
        assertThat(query.answer.refunded).isTrue();
        assertThat(query.answer.sendAt).as("kept once finished, like the reference").isEqualTo(SEND_AT + 10_000);
        assertThat(query.answer.reference).isEqualTo("order-1");
        assertThat(apply(cancel(TestConfigs.ACCOUNT, 2)).status).as("already cancelled")
                .isEqualTo(Status.NOT_CANCELLABLE);
        assertThat(apply(cancel("someone-else", 1)).status).as("another account's")
                .isEqualTo(Status.UNKNOWN_MESSAGE);
        assertThat(apply(cancel(TestConfigs.ACCOUNT, 99)).status).isEqualTo(Status.UNKNOWN_MESSAGE);
        assertThat(apply(RecordedJournal.tick(SEND_AT + 10_000)).dispatches).extracting(Message::id).containsExactly(1L);
        assertThat(apply(cancel(TestConfigs.ACCOUNT, 1)).status).as("sent").isEqualTo(Status.NOT_CANCELLABLE);
        assertThat(counters.cancelled.get()).isEqualTo(1);

        logic = TestConfigs.businessLogic(config, 10, 100, new EngineCounters());
        journal.replay(logic, event -> { });
        assertThat(logic.ledger().wallet(TestConfigs.ACCOUNT).balance()).isEqualTo(10_000);
        assertThat(query(2).answer.state).isEqualTo(MessageState.DELETED);
        assertThat(logic.scheduled()).isZero();
    }

    @Test
    void shouldOweAReceiptForACancelledMessageThatAskedForOne() {
        MessageEvent submission = scheduledSubmission(SEND_AT);
        submission.registeredDelivery = 1;
        apply(submission);

        MessageEvent cancelled = apply(cancel(TestConfigs.ACCOUNT, 1));

        assertThat(cancelled.receipts).hasSize(1);
        assertThat(cancelled.receipts.get(0).state()).isEqualTo(MessageState.DELETED);
        assertThat(logic.owedReceipts()).hasSize(1);
    }

    @Test
    void shouldReplaceTheScheduledMessageOfTheSameSourceDestinationAndTypeAndReplayItAlike() {
        MessageEvent first = scheduledSubmission(SEND_AT);
        first.registeredDelivery = 1;
        apply(first);
        MessageEvent replacing = scheduledSubmission(SEND_AT + 5_000);
        replacing.replaceIfPresent = 1;

        MessageEvent accepted = apply(replacing);

        assertThat(accepted.status).isEqualTo(Status.OK);
        assertThat(logic.scheduled()).isEqualTo(1);
        assertThat(query(1).answer.state).isEqualTo(MessageState.DELETED);
        assertThat(query(1).answer.refunded).isTrue();
        assertThat(logic.ledger().wallet(TestConfigs.ACCOUNT).balance()).as("one paid for").isEqualTo(10_000);
        assertThat(accepted.receipts).singleElement().satisfies(receipt -> {
            assertThat(receipt.messageId()).isEqualTo(1);
            assertThat(receipt.state()).isEqualTo(MessageState.DELETED);
        });
        assertThat(counters.replaced.get()).isEqualTo(1);
        assertThat(apply(RecordedJournal.tick(SEND_AT + 5_000)).dispatches).extracting(Message::id)
                .containsExactly(2L);

        logic = TestConfigs.businessLogic(config, 10, 100, new EngineCounters());
        journal.replay(logic, event -> { });
        assertThat(query(1).answer.state).isEqualTo(MessageState.DELETED);
        assertThat(logic.ledger().wallet(TestConfigs.ACCOUNT).balance()).isEqualTo(10_000);
        assertThat(logic.scheduled()).isZero();
    }

    @Test
    void shouldReplaceNothingWithoutTheFlagOrForAnotherDestinationOrOnceSent() {
        logic = TestConfigs.businessLogic(wealthy(), 10, 100, counters);
        apply(scheduledSubmission(SEND_AT));                       // 1
        MessageEvent elsewhere = scheduledSubmission(SEND_AT);
        elsewhere.destinationAddress = "905329999999";
        elsewhere.replaceIfPresent = 1;
        apply(elsewhere);                                          // 2: another destination
        MessageEvent commercial = scheduledSubmission(SEND_AT);
        commercial.serviceType = "TRN";
        commercial.replaceIfPresent = 1;
        apply(commercial);                                         // 3: same type (transactional): replaces 1
        apply(scheduledSubmission(SEND_AT));                       // 4: no flag
        assertThat(query(1).answer.state).isEqualTo(MessageState.DELETED);
        assertThat(logic.scheduled()).isEqualTo(3);

        apply(RecordedJournal.tick(SEND_AT));                      // 2, 3 and 4 go upstream
        MessageEvent late = scheduledSubmission(0);
        late.replaceIfPresent = 1;
        assertThat(apply(late).status).isEqualTo(Status.OK);
        assertThat(query(4).answer.state).as("sent: the upstream's to replace").isNotEqualTo(MessageState.DELETED);
        assertThat(counters.replaced.get()).isEqualTo(1);
    }

    @Test
    void shouldReplaceTheSameMessageAfterARestoreFromASnapshotAsLive() throws Exception {
        logic = TestConfigs.businessLogic(wealthy(), 10, 100, counters);
        apply(scheduledSubmission(SEND_AT + 1_000));               // 1
        apply(scheduledSubmission(SEND_AT));                       // 2, same key, earlier send time
        apply(scheduledSubmission(SEND_AT + 2_000));               // 3
        apply(cancel(TestConfigs.ACCOUNT, 3));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        logic.writeSnapshot(new io.ringway.engine.snapshot.SnapshotOutput(bytes));
        BusinessLogicHandler restored = TestConfigs.businessLogic(wealthy(), 10, 100, new EngineCounters());
        restored.readSnapshot(new io.ringway.engine.snapshot.SnapshotInput(
                new java.io.ByteArrayInputStream(bytes.toByteArray())));

        MessageEvent replacing = scheduledSubmission(SEND_AT + 3_000);
        replacing.replaceIfPresent = 1;
        apply(replacing);
        MessageEvent again = scheduledSubmission(SEND_AT + 3_000);
        again.replaceIfPresent = 1;
        journal.apply(restored, again);

        assertThat(query(2).answer.state).as("the newest still waiting, live").isEqualTo(MessageState.DELETED);
        assertThat(query(1).answer.state).isEqualTo(MessageState.ACCEPTED);
        logic = restored;
        assertThat(query(2).answer.state).as("and after the restore").isEqualTo(MessageState.DELETED);
        assertThat(query(1).answer.state).isEqualTo(MessageState.ACCEPTED);
    }

    private static RingwayConfig wealthy() {
        return config("1.00");
    }

    private static RingwayConfig config(String balance) {
        return ConfigLoader.parse("test.yaml", """
                journal:
                  directory: unused
                price-lists:
                  - name: standard
                    prefixes: {"90": "0.01"}
                accounts:
                  - system-id: %s
                    password-hash: %s
                    price-list: standard
                    balance: "%s"
                upstreams:
                  - name: %s
                    host: 127.0.0.1
                    system-id: x
                """.formatted(TestConfigs.ACCOUNT, PasswordHasher.hash("secret", 1000), balance, TestConfigs.UPSTREAM));
    }

    private MessageEvent query(long messageId) {
        MessageEvent query = new MessageEvent();
        query.reset(EventKind.QUERY, 0, NOW + 2);
        query.journaled = true;
        query.account = TestConfigs.ACCOUNT;
        query.messageId = messageId;
        logic.apply(query);
        return query;
    }

    private static MessageEvent cancel(String account, long messageId) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.CANCEL, 0, NOW + 1);
        event.account = account;
        event.messageId = messageId;
        return event;
    }

    private MessageEvent scheduledSubmission(long sendAt) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.SUBMIT, 0, NOW);
        event.account = TestConfigs.ACCOUNT;
        event.channel = Channel.HTTP;
        event.sourceAddress = "RINGWAY";
        event.destinationAddress = "905321234567";
        event.payload = new byte[] {'h', 'i'};
        event.sendAt = sendAt;
        event.reference = "order-1";
        event.validityMillis = 600_000;
        return event;
    }

    /** Journals the event, as the journal handler would, then applies it. */
    private MessageEvent apply(MessageEvent event) {
        return journal.apply(logic, event);
    }
}
