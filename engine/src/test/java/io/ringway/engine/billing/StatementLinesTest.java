package io.ringway.engine.billing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** How a replay's movements become one account's lines: held back behind a RESERVE until it is complete, bounded. */
class StatementLinesTest {
    private final List<Statement.Line> written = new ArrayList<>();
    private final StatementLines lines = new StatementLines("acme", Statement.Period.ALL, written::add);

    @Test
    void shouldHoldBackEveryLineBehindAReserveThatWaitsForItsUpstream() {
        lines.movement(1, "acme", MovementType.RESERVE, 7, 100, 900, "905321234567");
        lines.recordApplied();
        lines.movement(2, "acme", MovementType.TOP_UP, 0, 1_000, 1_900, "invoice");
        lines.recordApplied();

        assertThat(written).isEmpty();

        lines.routed(3, "acme", 7, "up", 40);
        lines.recordApplied();

        assertThat(written).extracting(Statement.Line::type, Statement.Line::upstream, Statement.Line::margin)
                .containsExactly(tuple(MovementType.RESERVE, "up", 60L), tuple(MovementType.TOP_UP, null, 0L));
    }

    @Test
    void shouldLetTheOldestWaitingReserveGoWithoutItsUpstreamOnceTooManyLinesAreHeldBack() {
        lines.movement(1, "acme", MovementType.RESERVE, 7, 100, 900, "905321234567");
        lines.recordApplied();
        for (int i = 0; i < StatementLines.MAX_HELD_BACK - 1; i++) {
            lines.movement(2, "acme", MovementType.REJECTED, 0, 0, 900, "NO_ROUTE");
            lines.recordApplied();
        }
        assertThat(written).isEmpty();

        lines.movement(2, "acme", MovementType.REJECTED, 0, 0, 900, "NO_ROUTE");
        lines.recordApplied();
        lines.routed(3, "acme", 7, "up", 40);
        lines.recordApplied();

        assertThat(written).hasSize(StatementLines.MAX_HELD_BACK + 1);
        assertThat(written.get(0).type()).isEqualTo(MovementType.RESERVE);
        assertThat(written.get(0).upstream()).isNull();
    }

    @Test
    void shouldNotCompleteAResellersReserveLineWithItsSubAccountsRouting() {
        lines.movement(1, "acme-sub", MovementType.RESERVE, 7, 150, 850, "905321234567");
        lines.movement(1, "acme", MovementType.RESERVE, 7, 100, 900, "905321234567");
        lines.routed(1, "acme-sub", 7, "up", 40);
        lines.recordApplied();

        assertThat(written).extracting(Statement.Line::type, Statement.Line::amount, Statement.Line::upstream)
                .containsExactly(tuple(MovementType.RESERVE, 100L, null));
    }

    @Test
    void shouldWriteWaitingReserveLinesAsTheyAreWhenTheJournalEnds() throws Exception {
        lines.movement(1, "acme", MovementType.RESERVE, 7, 100, 900, "905321234567");
        lines.movement(1, "acme", MovementType.RESERVE, 8, 100, 800, "905321234568");
        lines.recordApplied();

        lines.journalEnded();

        assertThat(written).extracting(Statement.Line::messageId, Statement.Line::upstream)
                .containsExactly(tuple(7L, null), tuple(8L, null));
    }
}
