package io.ringway.engine.consent;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.routing.Upstream;
import io.ringway.engine.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk import of 1,000,000 consent rows, 1% of them invalid, through a running engine: every valid row is
 * journaled and applied, every invalid one reported, progress is reported, and a restart rebuilds the registry.
 * The import rate is a benchmark figure (benchmarks/README.md); this test asserts outcomes only.
 */
@Timeout(300)
class ConsentImportThroughEngineTest {
    private static final int ROWS = 1_000_000;

    @TempDir
    Path data;

    @Test
    void shouldImportAMillionRowsApplyingValidOnesAndReportingTheOnePercentInvalid() {
        RingwayConfig config = ConfigLoader.parse("import.yaml", """
                journal: {directory: "%s"}
                upstreams:
                  - {name: up, host: h, system-id: x}
                accounts:
                  - system-id: shop
                    password-hash: "pbkdf2-sha256$1000$c2FsdA$aGFzaA"
                    brands: [{name: SHOP}]
                """.formatted(data.toString().replace('\\', '/')));
        List<Long> progress = new ArrayList<>();
        ConsentCsvImport.Result result;
        try (Engine engine = start(config)) {
            result = engine.importConsents(new GeneratedConsents(ROWS), "shop", progress::add);
        }
        assertThat(result.rows()).isEqualTo(ROWS);
        assertThat(result.rejected()).isEqualTo(ROWS / 100);
        assertThat(result.applied()).isEqualTo(ROWS - ROWS / 100);
        assertThat(result.rejections()).hasSize(ConsentCsvImport.MAX_REPORTED)
                .first().isEqualTo(new ConsentCsvImport.Rejection(101, "msisdn '000000099' is not an E.164 number"));
        assertThat(progress).hasSize(11).endsWith(1_000_000L);

        try (Engine restarted = start(config)) {
            assertThat(restarted.businessLogic().consents().size()).isEqualTo(ROWS - ROWS / 100);
            assertThat(restarted.businessLogic().consents().find("SHOP", "905300000001").status())
                    .isEqualTo(ConsentStatus.OPT_OUT);
            assertThat(restarted.businessLogic().consents().find("SHOP", "905300000002").status())
                    .isEqualTo(ConsentStatus.OPT_IN);
        }
    }

    private static Engine start(RingwayConfig config) {
        Engine engine = new Engine(config, new Accounts());
        engine.start(Map.of("up", new Upstream() {
            @Override public String name() { return "up"; }
            @Override public void start() { }
            @Override public boolean isAvailable() { return true; }
            @Override public void submit(Message message) { }
            @Override public void close() { }
        }), (CustomerSink) receipt -> false);
        return engine;
    }

    /** A consent file generated on the fly: row i is invalid when i % 100 == 99, opted out when i is odd. */
    static final class GeneratedConsents extends Reader {
        private final int rows;
        private int next = -1;
        private String pending = "msisdn,brand,status,date,source,type\n";
        private int offset;

        GeneratedConsents(int rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int off, int len) {
            int written = 0;
            while (written < len) {
                if (offset == pending.length()) {
                    if (++next >= rows) {
                        return written == 0 ? -1 : written;
                    }
                    String msisdn = next % 100 == 99 ? String.format("%09d", next) : String.valueOf(905300000000L + next);
                    pending = msisdn + ",SHOP," + (next % 2 == 1 ? "OPT_OUT" : "OPT_IN") + ",2026-01-15,WEB,INDIVIDUAL\n";
                    offset = 0;
                }
                int count = Math.min(len - written, pending.length() - offset);
                pending.getChars(offset, offset + count, buffer, off + written);
                offset += count;
                written += count;
            }
            return written;
        }

        @Override
        public void close() throws IOException {
        }
    }
}
