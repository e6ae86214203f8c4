package io.ringway.engine.ring;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.TestConfigs;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.billing.Ledger;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.Status;
import io.ringway.engine.routing.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** QUERY events: the business logic answers from in-flight messages and from its store of finished outcomes. */
class BusinessLogicQueryTest {
    @TempDir
    Path data;

    private BusinessLogicHandler logic(int finishedMessages) {
        RingwayConfig config = TestConfigs.engineConfig(data);
        return TestConfigs.businessLogic(config, 100, finishedMessages, new EngineCounters());
    }

    private static MessageEvent event(EventKind kind, long time) {
        MessageEvent event = new MessageEvent();
        event.reset(kind, 0, time);
        event.journaled = true;
        return event;
    }

    private static long deliver(BusinessLogicHandler logic, String upstreamId, String stat) {
        MessageEvent submit = event(EventKind.SUBMIT, 1_000);
        submit.account = TestConfigs.ACCOUNT;
        submit.channel = Channel.HTTP;
        submit.sourceAddress = "RINGWAY";
        submit.destinationAddress = "905321234567";
        submit.payload = new byte[] {'h', 'i'};
        submit.callbackUrl = "http://example.com/dlr";
        logic.onEvent(submit, 0, true);
        long id = submit.message.id();
        assertThat(submit.message.callbackUrl()).isEqualTo("http://example.com/dlr");
        MessageEvent ack = event(EventKind.UPSTREAM_ACK, 2_000);
        ack.messageId = id;
        ack.upstream = TestConfigs.UPSTREAM;
        ack.upstreamMessageId = upstreamId;
        logic.onEvent(ack, 0, true);
        if (stat != null) {
            MessageEvent receipt = event(EventKind.DLR, 3_000);
            receipt.upstream = TestConfigs.UPSTREAM;
            receipt.upstreamMessageId = upstreamId;
            receipt.receiptStat = stat;
            receipt.errorCode = 34;
            receipt.doneAt = 2_500;
            logic.onEvent(receipt, 0, true);
        }
        return id;
    }

    private static QueryAnswer query(BusinessLogicHandler logic, String account, long messageId) {
        MessageEvent query = event(EventKind.QUERY, 4_000);
        query.account = account;
        query.messageId = messageId;
        logic.onEvent(query, 0, true);
        assertThat(query.status).isEqualTo(Status.OK);
        return query.answer;
    }

    @Test
    void shouldAnswerTheOutcomeOfAFinishedMessageFromTheStore() {
        BusinessLogicHandler logic = logic(16);
        long id = deliver(logic, "u-1", "UNDELIV");

        QueryAnswer answer = query(logic, TestConfigs.ACCOUNT, id);

        assertThat(logic.message(id)).isNull();
        assertThat(answer.found).isTrue();
        assertThat(answer.state).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(answer.segments).isEqualTo(1);
        assertThat(answer.acceptedAt).isEqualTo(1_000);
        assertThat(answer.doneAt).isEqualTo(2_500);
        assertThat(answer.errorCode).isEqualTo(34);
        assertThat(answer.refunded).isFalse(); // an unmetered account pays nothing, so nothing is refunded
    }

    @Test
    void shouldAnswerAMessageInFlightFromTheLiveState() {
        BusinessLogicHandler logic = logic(16);
        long id = deliver(logic, "u-1", null);

        QueryAnswer answer = query(logic, TestConfigs.ACCOUNT, id);

        assertThat(answer.found).isTrue();
        assertThat(answer.state).isEqualTo(MessageState.DISPATCHED);
        assertThat(answer.doneAt).isZero();
    }

    @Test
    void shouldHideAMessageFromAnotherAccount() {
        BusinessLogicHandler logic = logic(16);
        MessageEvent create = event(EventKind.ADMIN, 500);
        create.adminOperation = AdminOperation.CREATE_ACCOUNT;
        create.target = "beta";
        create.text = PasswordHasher.hash("secret", 1000);
        logic.onEvent(create, 0, true);
        assertThat(create.status).isEqualTo(Status.OK);
        long finished = deliver(logic, "u-1", "DELIVRD");
        long inFlight = deliver(logic, "u-2", null);

        assertThat(query(logic, "beta", finished).found).isFalse();
        assertThat(query(logic, "beta", inFlight).found).isFalse();
        assertThat(query(logic, "beta", finished).forgotten).isFalse();
    }

    @Test
    void shouldSayAnIdIsForgottenOnceNewerOutcomesTookItsSlot() {
        BusinessLogicHandler logic = logic(2);
        long first = deliver(logic, "u-1", "DELIVRD");
        deliver(logic, "u-2", "DELIVRD");
        long third = deliver(logic, "u-3", "DELIVRD");

        QueryAnswer old = query(logic, TestConfigs.ACCOUNT, first);
        assertThat(old.found).isFalse();
        assertThat(old.forgotten).isTrue();
        assertThat(query(logic, TestConfigs.ACCOUNT, third).found).isTrue();
        assertThat(query(logic, TestConfigs.ACCOUNT, 99).forgotten).isFalse();
    }

    @Test
    void shouldAnswerTheBalanceForMessageIdZero() {
        BusinessLogicHandler logic = logic(16);

        QueryAnswer answer = query(logic, TestConfigs.ACCOUNT, 0);

        assertThat(answer.found).isTrue();
        assertThat(answer.balance).isZero();
        assertThat(answer.creditLimit).isZero();
        assertThat(answer.parent).isNull();
    }

    @Test
    void shouldNameTheResellerOfASubAccountInItsBalanceAnswer() {
        BusinessLogicHandler logic = logic(16);
        MessageEvent create = event(EventKind.ADMIN, 500);
        create.adminOperation = AdminOperation.CREATE_ACCOUNT;
        create.account = TestConfigs.ACCOUNT;
        create.target = "acme-sub";
        create.text = PasswordHasher.hash("secret", 1000);
        logic.onEvent(create, 0, true);
        assertThat(create.status).isEqualTo(Status.OK);

        assertThat(query(logic, "acme-sub", 0).parent).isEqualTo(TestConfigs.ACCOUNT);
        assertThat(query(logic, TestConfigs.ACCOUNT, 0).parent).isNull();
    }
}
