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
import java.io.Writer;
import java.time.Instant;

/**
 * An account's statement: every movement of its balance (top-up, reserve, settle, refund, credit limit) with the
 * message and time. A RESERVE line also names the upstream the message went out through and what that upstream
 * charges for it, so that it shows the margin (price - cost). It is produced by replaying the journal into a fresh
 * business logic that listens for the account's movements, so the statement is exact by construction and the live
 * engine keeps no history. The replay reads the journal beside the running engine (Chronicle tailers do not disturb
 * the appender) and uses the node's configuration as the opening state, as the engine itself does at start-up.
 *
 * <p>Lines go to a {@link StatementSink} one at a time while the replay runs, so a statement of any length needs
 * memory only for the few lines {@link StatementLines} holds back until a RESERVE line is complete.
 *
 * <p>A {@link Period} selects the lines written, by their time; the replay still starts at the journal's first
 * record, so that {@code balance_after} is right, and still reads to its end: the records' times are the ingress
 * clocks of several producer threads, stamped after each claimed its slot in the ring, and the wall clock may step
 * back, so a record timed after the period can be followed by one inside it.
 */
public final class Statement {
    /** Header of the CSV export. */
    public static final String CSV_HEADER = "time,type,message_id,amount,balance_after,reference,upstream,cost,margin";
    /** Journal records between two {@link StatementSink#stillWanted} checks. */
    static final int RECORDS_PER_CHECK = 4096;

    private Statement() {
    }

    /**
     * One line of a statement; {@code messageId} is 0 for movements that concern no message. {@code upstream} and
     * {@code cost} are set on RESERVE lines of routed messages only ({@code null} and 0 otherwise).
     */
    public record Line(long time, MovementType type, long messageId, long amount, long balanceAfter,
                       String reference, String upstream, long cost) {
        public Line(long time, MovementType type, long messageId, long amount, long balanceAfter, String reference) {
            this(time, type, messageId, amount, balanceAfter, reference, null, 0);
        }

        /** What the account paid minus what the upstream charges; 0 for lines that are not a routed RESERVE. */
        public long margin() {
            return upstream == null ? 0 : amount - cost;
        }

        /** This RESERVE line, completed with the upstream its message went to and what that upstream charges. */
        Line routed(String upstream, long cost) {
            return new Line(time, type, messageId, amount, balanceAfter, reference, upstream, cost);
        }
    }

    /**
     * The lines a statement covers, by time: {@code from} inclusive, {@code to} exclusive, epoch milliseconds.
     */
    public record Period(long from, long to) {
        /** Every line. */
        public static final Period ALL = new Period(Long.MIN_VALUE, Long.MAX_VALUE);

        public Period {
            if (from > to) {
                throw new IllegalArgumentException("a period cannot end (" + to + ") before it starts (" + from + ")");
            }
        }

        public boolean contains(long time) {
            return time >= from && time < to;
        }
    }

    /**
     * Replays the whole journal and hands {@code account}'s lines within {@code period} to {@code sink}, in journal
     * order, as they are found. Takes as long as reading the journal; call it on a thread of its own.
     *
     * @throws IOException what {@code sink} threw; the replay stops there
     */
    public static void replay(RingwayConfig config, Journal journal, String account, Period period,
                              StatementSink sink) throws IOException {
        StatementLines lines = new StatementLines(account, period, sink);
        BusinessLogicHandler logic = BusinessLogicHandler.fromConfig(config, new Accounts(), new EngineCounters(),
                lines);
        try {
            journal.replay(new MessageEvent(), event -> {
                logic.apply(event);
                lines.recordApplied();
            });
        } catch (StatementLines.SinkFailed sinkFailed) {
            throw sinkFailed.failure;
        }
        lines.journalEnded();
    }

    /** Writes {@link #CSV_HEADER} and its line end; the first thing of a CSV export. */
    public static void writeCsvHeader(Writer out) throws IOException {
        out.write(CSV_HEADER);
        out.write("\r\n");
    }

    /** Writes one line of the CSV export (RFC 4180): ISO-8601 UTC time, decimal amounts, hex message id. */
    public static void writeCsvLine(Line line, Writer out) throws IOException {
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
        out.write(',');
        out.write(csvField(line.upstream()));
        out.write(',');
        out.write(line.upstream() == null ? "" : Money.format(line.cost()));
        out.write(',');
        out.write(line.upstream() == null ? "" : Money.format(line.margin()));
        out.write("\r\n");
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
