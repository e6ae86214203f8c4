package io.ringway.engine.billing;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.Channel;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class StatementTest {
    private static final long T = 1_700_000_000_000L;

    @TempDir
    Path data;

    private final RingwayConfig config = ConfigLoader.parse("statement.yaml", """
            routing:
              hold-timeout: 1m
            price-lists:
              - {name: operator, prefixes: {"90": "0.0125"}}
            upstreams:
              - {name: up, host: h, system-id: x, costs: {"90": "0.0040"}}
            accounts:
              - {system-id: acme, password-hash: "pbkdf2-sha256$1000$c2FsdA$aGFzaA", price-list: operator, balance: "1"}
            """);
    private Journal journal;
    private Journal.JournalAppender appender;
    private final MessageEvent event = new MessageEvent();

    @BeforeEach
    void openJournal() {
        journal = new Journal(data);
        appender = journal.appender();
    }

    @AfterEach
    void closeJournal() {
        appender.close();
        journal.close();
    }

    @Test
    void shouldStreamEveryMovementOfOneAccountAsTheCsvItAlwaysHad() throws IOException {
        topUp(T, 2_000_000, "=HYPERLINK(\"x\"), invoice");
        for (int i = 1; i <= 2; i++) {
            submit(T + i, 200);
            for (int part = 0; part < 2; part++) {
                acknowledge(T + i, i, part);
            }
        }
        for (int part = 0; part < 2; part++) {
            event.clear();
            event.kind = EventKind.DLR;
            event.timestamp = T + 10;
            event.upstream = "up";
            event.upstreamMessageId = "U2." + part;
            event.receiptStat = part == 0 ? "DELIVRD" : "UNDELIV";
            appender.append(event);
        }

        List<Statement.Line> lines = lines(Statement.Period.ALL);
        assertThat(lines).extracting(Statement.Line::type).containsExactly(MovementType.TOP_UP,
                MovementType.RESERVE, MovementType.RESERVE, MovementType.REFUND);
        assertThat(lines).extracting(Statement.Line::balanceAfter)
                .containsExactly(3_000_000L, 2_975_000L, 2_950_000L, 2_975_000L);
        assertThat(lines.get(1).upstream()).isEqualTo("up");
        assertThat(lines.get(1).cost()).isEqualTo(8_000);
        assertThat(lines.get(1).margin()).isEqualTo(17_000);
        // The CSV the whole-list export wrote for these lines, byte for byte.
        assertThat(csv(Statement.Period.ALL)).isEqualTo(
                "time,type,message_id,amount,balance_after,reference,upstream,cost,margin\r\n"
                + "2023-11-14T22:13:20Z,TOP_UP,,2.00,3.00,\"'=HYPERLINK(\"\"x\"\"), invoice\",,,\r\n"
                + "2023-11-14T22:13:20.001Z,RESERVE,0000000000000001,0.025,2.975,905321234567,up,0.008,0.017\r\n"
                + "2023-11-14T22:13:20.002Z,RESERVE,0000000000000002,0.025,2.95,905321234567,up,0.008,0.017\r\n"
                + "2023-11-14T22:13:20.010Z,REFUND,0000000000000002,0.025,2.975,,,,\r\n");
    }

    @Test
    void shouldWriteOnlyTheLinesOfThePeriodWithTheBalancesOfTheWholeJournal() throws IOException {
        topUp(T, 1_000_000, "before");
        topUp(T + 1_000, 2_000_000, "first");
        submit(T + 2_000, 10);
        topUp(T + 3_000, 3_000_000, "at the end");

        List<Statement.Line> lines = lines(new Statement.Period(T + 1_000, T + 3_000));

        assertThat(lines).extracting(Statement.Line::time, Statement.Line::type, Statement.Line::balanceAfter,
                Statement.Line::upstream).containsExactly(
                tuple(T + 1_000, MovementType.TOP_UP, 4_000_000L, null),
                tuple(T + 2_000, MovementType.RESERVE, 3_987_500L, "up"));
        assertThat(lines(new Statement.Period(T + 3_000, T + 3_000))).isEmpty();
        assertThat(lines(new Statement.Period(T + 3_000, Long.MAX_VALUE))).extracting(Statement.Line::reference)
                .containsExactly("at the end");
    }

    @Test
    void shouldCompleteTheReserveLineOfAHeldMessageWhenItsUpstreamComesUpAndKeepTheOrder() throws IOException {
        upstreamState(T, 0);
        submit(T + 1, 10);
        topUp(T + 2, 1_000_000, "while held");
        upstreamState(T + 3, 1);

        assertThat(csv(Statement.Period.ALL)).isEqualTo(Statement.CSV_HEADER + "\r\n"
                + "2023-11-14T22:13:20.001Z,RESERVE,0000000000000001,0.0125,0.9875,905321234567,up,0.004,0.0085\r\n"
                + "2023-11-14T22:13:20.002Z,TOP_UP,,1.00,1.9875,while held,,,\r\n");
    }

    @Test
    void shouldCompleteTheReserveLineOfAScheduledMessageWhenItsTimeComes() throws IOException {
        event.clear();
        event.kind = EventKind.SUBMIT;
        event.timestamp = T;
        fillSubmission(10);
        event.sendAt = T + 60_000;
        appender.append(event);
        topUp(T + 1, 1_000_000, "meanwhile");
        event.clear();
        event.kind = EventKind.TIMER;
        event.timestamp = T + 60_000;
        appender.append(event);

        List<Statement.Line> lines = lines(Statement.Period.ALL);

        assertThat(lines).extracting(Statement.Line::type, Statement.Line::upstream, Statement.Line::cost,
                Statement.Line::margin).containsExactly(
                tuple(MovementType.RESERVE, "up", 4_000L, 8_500L),
                tuple(MovementType.TOP_UP, null, 0L, 0L));
    }

    @Test
    void shouldWriteTheReserveLineOfAMessageThatNeverFoundAnUpstreamBeforeItsRefund() throws IOException {
        upstreamState(T, 0);
        submit(T + 1, 10);
        topUp(T + 2, 1_000_000, "while held");
        event.clear();
        event.kind = EventKind.TIMER;
        event.timestamp = T + 61_000;
        appender.append(event);
        submit(T + 62_000, 10); // still down: held, and still waiting when the journal ends

        List<Statement.Line> lines = lines(Statement.Period.ALL);

        assertThat(lines).extracting(Statement.Line::type, Statement.Line::messageId, Statement.Line::upstream)
                .containsExactly(
                        tuple(MovementType.RESERVE, 1L, null),
                        tuple(MovementType.TOP_UP, 0L, null),
                        tuple(MovementType.REFUND, 1L, null),
                        tuple(MovementType.RESERVE, 2L, null));
    }

    @Test
    void shouldStopTheReplayWithTheSinksFailure() {
        for (int i = 0; i < 3; i++) {
            topUp(T + i, 1_000_000, "line " + i);
        }
        List<Statement.Line> written = new ArrayList<>();
        IOException gone = new IOException("the reader went away");

        assertThatThrownBy(() -> Statement.replay(config, journal, "acme", Statement.Period.ALL, line -> {
            written.add(line);
            if (written.size() == 2) {
                throw gone;
            }
        })).isSameAs(gone);
        assertThat(written).extracting(Statement.Line::reference).containsExactly("line 0", "line 1");
    }

    @Test
    void shouldAskWhetherTheLinesAreStillWantedWhileNoneIsWritten() {
        for (int i = 0; i < Statement.RECORDS_PER_CHECK; i++) {
            topUp(T + i, 1, "line " + i);
        }
        IOException gone = new IOException("the reader went away");
        StatementSink abandoned = new StatementSink() {
            @Override
            public void line(Statement.Line line) {
                throw new AssertionError("no line is in the period");
            }

            @Override
            public void stillWanted() throws IOException {
                throw gone;
            }
        };

        assertThatThrownBy(() -> Statement.replay(config, journal, "acme", new Statement.Period(0, 1), abandoned))
                .isSameAs(gone);
    }

    private List<Statement.Line> lines(Statement.Period period) throws IOException {
        List<Statement.Line> lines = new ArrayList<>();
        Statement.replay(config, journal, "acme", period, lines::add);
        return lines;
    }

    private String csv(Statement.Period period) throws IOException {
        StringWriter csv = new StringWriter();
        Statement.writeCsvHeader(csv);
        Statement.replay(config, journal, "acme", period, line -> Statement.writeCsvLine(line, csv));
        return csv.toString();
    }

    private void topUp(long time, long amount, String reference) {
        event.clear();
        event.kind = EventKind.ADMIN;
        event.timestamp = time;
        event.adminOperation = AdminOperation.TOP_UP;
        event.target = "acme";
        event.amount = amount;
        event.text = reference;
        appender.append(event);
    }

    private void submit(long time, int octets) {
        event.clear();
        event.kind = EventKind.SUBMIT;
        event.timestamp = time;
        fillSubmission(octets);
        appender.append(event);
    }

    private void fillSubmission(int octets) {
        event.account = "acme";
        event.channel = Channel.SMPP;
        event.sourceAddress = "ACME";
        event.destinationAddress = "905321234567";
        event.registeredDelivery = 0;
        event.payload = new byte[octets];
    }

    private void acknowledge(long time, long messageId, int part) {
        event.clear();
        event.kind = EventKind.UPSTREAM_ACK;
        event.timestamp = time;
        event.messageId = messageId;
        event.part = part;
        event.upstream = "up";
        event.upstreamMessageId = "U" + messageId + "." + part;
        appender.append(event);
    }

    private void upstreamState(long time, int boundSessions) {
        event.clear();
        event.kind = EventKind.UPSTREAM_STATE;
        event.timestamp = time;
        event.upstream = "up";
        event.boundSessions = boundSessions;
        appender.append(event);
    }
}
