package io.ringway.engine.billing;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.Channel;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatementTest {
    @TempDir
    Path data;

    private final RingwayConfig config = ConfigLoader.parse("statement.yaml", """
            price-lists:
              - {name: operator, prefixes: {"90": "0.0125"}}
            upstreams:
              - {name: up, host: h, system-id: x, costs: {"90": "0.0040"}}
            accounts:
              - {system-id: acme, password-hash: "pbkdf2-sha256$1000$c2FsdA$aGFzaA", price-list: operator, balance: "1"}
            """);

    @Test
    void shouldListEveryMovementOfOneAccountFromTheJournalAndExportItAsCsv() {
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            BusinessLogicHandler logic = BusinessLogicHandler.fromConfig(config, new Accounts(), new EngineCounters(),
                    MovementListener.NONE);
            MessageEvent event = new MessageEvent();
            long t = 1_700_000_000_000L;

            event.clear();
            event.kind = EventKind.ADMIN;
            event.timestamp = t;
            event.adminOperation = AdminOperation.TOP_UP;
            event.target = "acme";
            event.amount = 2_000_000;
            event.text = "=HYPERLINK(\"x\"), invoice";
            appender.append(event);
            logic.apply(event);
            for (int i = 1; i <= 2; i++) {
                event.clear();
                event.kind = EventKind.SUBMIT;
                event.timestamp = t + i;
                event.account = "acme";
                event.channel = Channel.SMPP;
                event.sourceAddress = "ACME";
                event.destinationAddress = "905321234567";
                event.registeredDelivery = 0;
                event.payload = new byte[200];
                appender.append(event);
                logic.apply(event);
                for (int part = 0; part < 2; part++) {
                    event.clear();
                    event.kind = EventKind.UPSTREAM_ACK;
                    event.timestamp = t + i;
                    event.messageId = i;
                    event.part = part;
                    event.upstream = "up";
                    event.upstreamMessageId = "U" + i + "." + part;
                    appender.append(event);
                    logic.apply(event);
                }
            }
            for (int part = 0; part < 2; part++) {
                event.clear();
                event.kind = EventKind.DLR;
                event.timestamp = t + 10;
                event.upstream = "up";
                event.upstreamMessageId = "U2." + part;
                event.receiptStat = part == 0 ? "DELIVRD" : "UNDELIV";
                appender.append(event);
            }
            appender.close();

            List<Statement.Line> lines = Statement.of(config, journal, "acme");
            assertThat(lines).extracting(Statement.Line::type).containsExactly(MovementType.TOP_UP,
                    MovementType.RESERVE, MovementType.RESERVE, MovementType.REFUND);
            assertThat(lines).extracting(Statement.Line::balanceAfter)
                    .containsExactly(3_000_000L, 2_975_000L, 2_950_000L, 2_975_000L);

            StringWriter csv = new StringWriter();
            Statement.writeCsv(lines, csv);
            assertThat(csv.toString()).isEqualTo(
                    "time,type,message_id,amount,balance_after,reference,upstream,cost,margin\r\n"
                    + "2023-11-14T22:13:20Z,TOP_UP,,2.00,3.00,\"'=HYPERLINK(\"\"x\"\"), invoice\",,,\r\n"
                    + "2023-11-14T22:13:20.001Z,RESERVE,0000000000000001,0.025,2.975,905321234567,up,0.008,0.017\r\n"
                    + "2023-11-14T22:13:20.002Z,RESERVE,0000000000000002,0.025,2.95,905321234567,up,0.008,0.017\r\n"
                    + "2023-11-14T22:13:20.010Z,REFUND,0000000000000002,0.025,2.975,,,,\r\n");
            assertThat(lines.get(1).upstream()).isEqualTo("up");
            assertThat(lines.get(1).cost()).isEqualTo(8_000);
            assertThat(lines.get(1).margin()).isEqualTo(17_000);
        }
    }
}
