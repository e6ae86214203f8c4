package io.ringway.benchmarks;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.consent.ConsentCsvImport;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.message.Message;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.routing.Upstream;

import java.io.Reader;
import java.util.Map;

/**
 * End-to-end consent import rate: a generated CSV of N rows (1% invalid) read, validated, put on the ring as
 * CONSENT events, journaled and applied by a real engine on a scratch directory; then the restart replay of that
 * journal. Prints rows/s for both. Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.ringway.benchmarks.ConsentImportPerfTest [rows]} (default 1,000,000; the Chronicle JVM flags are needed).
 */
public final class ConsentImportPerfTest {
    private ConsentImportPerfTest() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (ScratchDirectory directory = ScratchDirectory.create("ringway-consent-import")) {
            RingwayConfig config = ConfigLoader.parse("consent-import.yaml", """
                    journal: {directory: "%s"}
                    upstreams:
                      - {name: up, host: 127.0.0.1, system-id: x}
                    accounts:
                      - system-id: shop
                        password-hash: "pbkdf2-sha256$1000$c2FsdA$aGFzaA"
                        brands: [{name: SHOP}]
                    """.formatted(directory.path().toString().replace('\\', '/')));
            ConsentCsvImport.Result result;
            long began = System.nanoTime();
            try (Engine engine = start(config)) {
                result = engine.importConsents(new Rows(rows), "shop", read -> { });
            }
            long importNanos = System.nanoTime() - began;
            began = System.nanoTime();
            long replayed;
            try (Engine engine = start(config)) {
                replayed = engine.businessLogic().consents().size();
            }
            long replayNanos = System.nanoTime() - began;
            System.out.printf("consent import: %,d rows (%,d applied, %,d rejected) in %.2f s = %,.0f rows/s%n",
                    result.rows(), result.applied(), result.rejected(), importNanos / 1e9,
                    result.rows() / (importNanos / 1e9));
            System.out.printf("restart replay: %,d consent records rebuilt in %.2f s (engine start included)%n",
                    replayed, replayNanos / 1e9);
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

    /** The CSV, generated while it is read: every hundredth row has an invalid number, odd rows opt out. */
    private static final class Rows extends Reader {
        private final int rows;
        private int next = -1;
        private String pending = "msisdn,brand,status,date,source,type\n";
        private int offset;

        Rows(int rows) {
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
                    String msisdn = next % 100 == 99 ? "0" + next : String.valueOf(905300000000L + next);
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
        public void close() {
        }
    }
}
