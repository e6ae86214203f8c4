package io.ringway.engine.consent;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.routing.Upstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Consent records the journal cannot write (a disk below the journal's free-space reserve) are not recorded, and
 * whoever sent them is told so: the API's single record gets JOURNAL_UNAVAILABLE, and an import reports each such
 * row with its line instead of counting it applied.
 */
@Timeout(60)
class ConsentJournalRefusalTest {
    @TempDir
    Path data;
    private Engine engine;

    @BeforeEach
    void start() throws IOException {
        long free = Files.getFileStore(data).getUsableSpace();
        assumeTrue(free < (1L << 40), "the disk has less room than the largest reserve the journal may keep");
        RingwayConfig config = ConfigLoader.parse("full.yaml", """
                journal: {directory: "%s", min-free-megabytes: 1048576}
                upstreams:
                  - {name: up, host: h, system-id: x}
                accounts:
                  - system-id: shop
                    password-hash: "pbkdf2-sha256$1000$c2FsdA$aGFzaA"
                    brands: [{name: SHOP}]
                """.formatted(data.toString().replace('\\', '/')));
        engine = new Engine(config, new Accounts());
        engine.start(Map.of("up", new Upstream() {
            @Override public String name() { return "up"; }
            @Override public void start() { }
            @Override public boolean isAvailable() { return true; }
            @Override public void submit(Message message) { }
            @Override public void close() { }
        }), (CustomerSink) receipt -> false);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void shouldReportEveryImportedRowTheJournalRefusedWithItsLineAndNotCountItApplied() {
        ConsentCsvImport.Result result = engine.importConsents(new StringReader("""
                msisdn,brand,status,date,source,type
                905321111111,SHOP,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                0532,SHOP,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                905322222222,SHOP,OPT_OUT,2026-01-15,SMS,INDIVIDUAL
                """), "shop", rows -> { });

        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.applied()).isZero();
        assertThat(result.rejected()).isEqualTo(3);
        assertThat(result.rejections()).containsExactly(
                new ConsentCsvImport.Rejection(2, "not recorded: the journal cannot be written; import the row again"),
                new ConsentCsvImport.Rejection(3, "msisdn '0532' is not an E.164 number"),
                new ConsentCsvImport.Rejection(4, "not recorded: the journal cannot be written; import the row again"));
    }

    @Test
    void shouldAnswerASingleRecordTheJournalRefusedJournalUnavailable() throws Exception {
        CompletableFuture<Status> answered = new CompletableFuture<>();
        MessageEvent event = engine.ingress().claim(EventKind.CONSENT);
        event.account = "shop";
        event.target = "SHOP";
        event.destinationAddress = "905321111111";
        event.consentStatus = ConsentStatus.OPT_IN;
        event.consentDate = 1_700_000_000_000L;
        event.consentSource = ConsentSource.WEB;
        event.recipientType = RecipientType.INDIVIDUAL;
        event.queryResponder = (correlation, decided) -> answered.complete(decided.status);
        engine.ingress().publish(event);

        assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo(Status.JOURNAL_UNAVAILABLE);
    }
}
