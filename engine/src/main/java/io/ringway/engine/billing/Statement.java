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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's statement: every movement of its balance (top-up, reserve, settle, refund, credit limit) with the
 * message and time. A RESERVE line also names the upstream the message went out through and what that upstream
 * charges for it, so that it shows the margin (price - cost). It is produced by replaying the journal into a fresh
 * business logic that listens for the account's movements, so the statement is exact by construction and the live engine keeps no history. The
 * replay reads the journal beside the running engine (Chronicle tailers do not disturb the appender) and uses
 * the node's configuration as the opening state, as the engine itself does at start-up.
 */
public final class Statement {
    /** Header of the CSV export. */
    public static final String CSV_HEADER = "time,type,message_id,amount,balance_after,reference,upstream,cost,margin";

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
    }

    /** An account's statement and its wallet as the replay left it ({@code null} when there is no such account). */
    public record Replayed(List<Line> lines, Wallet wallet) {
    }

    public static List<Line> of(RingwayConfig config, Journal journal, String account) {
        return replay(config, journal, account).lines();
    }

    /** Replays the journal for {@code account}'s statement; the wallet tells callers who may read it. */
    public static Replayed replay(RingwayConfig config, Journal journal, String account) {
        List<Line> lines = new ArrayList<>();
        Map<Long, Integer> reserveLines = new HashMap<>();
        MovementListener collect = new MovementListener() {
            @Override
            public void movement(long time, String who, MovementType type, long messageId, long amount,
                                 long balanceAfter, String reference) {
                if (who.equals(account)) {
                    if (type == MovementType.RESERVE) {
                        reserveLines.put(messageId, lines.size());
                    }
                    lines.add(new Line(time, type, messageId, amount, balanceAfter, reference));
                }
            }

            @Override
            public void routed(long time, String who, long messageId, String upstream, long cost) {
                Integer at = reserveLines.remove(messageId);
                if (who.equals(account) && at != null) {
                    Line reserve = lines.get(at);
                    lines.set(at, new Line(reserve.time(), reserve.type(), messageId, reserve.amount(),
                            reserve.balanceAfter(), reserve.reference(), upstream, cost));
                }
            }
        };
        BusinessLogicHandler replay = BusinessLogicHandler.fromConfig(config, new Accounts(), new EngineCounters(),
                collect);
        journal.replay(new MessageEvent(), replay::apply);
        return new Replayed(lines, replay.ledger().wallet(account));
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
                out.write(',');
                out.write(csvField(line.upstream()));
                out.write(',');
                out.write(line.upstream() == null ? "" : Money.format(line.cost()));
                out.write(',');
                out.write(line.upstream() == null ? "" : Money.format(line.margin()));
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
