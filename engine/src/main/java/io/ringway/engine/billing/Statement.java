package io.ringway.engine.billing;

import io.ringway.config.Money;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.MessageEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account's statement: every movement of its balance (top-up, reserve, settle, refund, credit limit) with the
 * message and time. It is produced by replaying the journal into a fresh business logic that listens for the
 * account's movements, so the statement is exact by construction and the live engine keeps no history. The
 * replay reads the journal beside the running engine (Chronicle tailers do not disturb the appender) and uses
 * the node's configuration as the opening state, as the engine itself does at start-up.
 */
public final class Statement {
    /** Header of the CSV export. */
    public static final String CSV_HEADER = "time,type,message_id,amount,balance_after,reference";

    private Statement() {
    }

    /** One line of a statement; {@code messageId} is 0 for movements that concern no message. */
    public record Line(long time, MovementType type, long messageId, long amount, long balanceAfter,
                       String reference) {
    }

    public static List<Line> of(RingwayConfig config, Journal journal, String account) {
        List<Line> lines = new ArrayList<>();
        MovementListener collect = (time, who, type, messageId, amount, balanceAfter, reference) -> {
            if (who.equals(account)) {
                lines.add(new Line(time, type, messageId, amount, balanceAfter, reference));
            }
        };
        BusinessLogicHandler replay = BusinessLogicHandler.fromConfig(config, new Accounts(), new EngineCounters(),
                collect);
        journal.replay(new MessageEvent(), replay::apply);
        return lines;
    }

    /** Writes {@code lines} as CSV (RFC 4180): ISO-8601 UTC times, decimal amounts, hex message ids. */
    public static void writeCsv(List<Line> lines, Writer out) {
        try {
            out.write(CSV_HEADER);
            out.write("\r\n");
            for (Line line : lines) {
                out.write(Instant.ofEpochMilli(line.time()).toString());
                out.write(',');
                out.write(line.type().name());
                out.write(',');
                out.write(line.messageId() == 0 ? "" : MessageIds.format(line.messageId()));
                out.write(',');
                out.write(Money.format(line.amount()));
                out.write(',');
                out.write(Money.format(line.balanceAfter()));
                out.write(',');
                out.write(csvField(line.reference()));
                out.write("\r\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvField(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        String safe = value;
        if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe; // keep spreadsheets from evaluating a reference as a formula
            quote = true;
        }
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

}
