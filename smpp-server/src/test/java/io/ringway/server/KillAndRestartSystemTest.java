package io.ringway.server;

import io.ringway.config.RingwayConfig;
import io.ringway.connectors.simulator.SmscSimulator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of the core path: the engine's JVM is killed with SIGKILL in the middle of a run and started
 * again on the same data directory. Every message that had been acknowledged to the customer must still be
 * dispatched upstream and get its receipt, and no message id may be issued twice: when the restart replays the
 * whole journal (no snapshot while running), and when it starts from a periodic snapshot taken during the run
 * and replays only the journal after it.
 */
@Timeout(240)
class KillAndRestartSystemTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "snapshot-interval {0}")
    @ValueSource(strings = {"0", "1s"})
    void shouldDeliverAReceiptForEveryAcknowledgedMessageAfterSigkillAndNeverReuseAnId(String snapshotInterval)
            throws Exception {
        int smppPort = TestNodes.freePort();
        int simulatorPort = TestNodes.freePort();
        Path configFile = dir.resolve("ringway.yaml");
        Files.writeString(configFile, TestNodes.yaml(dir.resolve("data"), smppPort, simulatorPort, false, "1500ms")
                .replace("journal:\n", "journal:\n  snapshot-interval: " + snapshotInterval + "\n"));
        boolean periodic = !snapshotInterval.equals("0");
        RingwayConfig config = TestNodes.config(dir.resolve("data"), smppPort, simulatorPort, false, "1500ms");

        try (SmscSimulator simulator = new SmscSimulator(config.simulator()).start()) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Map<String, String> receipts = new HashMap<>();

            EngineProcess first = EngineProcess.start(configFile, dir.resolve("engine-1.log"));
            JsmppCustomer before = new JsmppCustomer(smppPort, TestNodes.SYSTEM_ID, TestNodes.PASSWORD);
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        acknowledged.add(before.submit("90532" + (1_000_000 + i), "before kill " + i));
                    }
                } catch (Exception connectionLost) {
                    // the engine was killed under us: whatever was acknowledged so far is what counts
                }
            }, "sender");
            sender.start();
            while (acknowledged.size() < 400) {
                Thread.sleep(5);
            }
            if (periodic) {
                Path snapshots = dir.resolve("data").resolve("snapshots");
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < deadline && !(Files.isDirectory(snapshots) && hasSnapshot(snapshots))) {
                    Thread.sleep(20);
                }
                int atSnapshot = acknowledged.size();
                while (acknowledged.size() < atSnapshot + 300) {
                    Thread.sleep(5); // traffic after the snapshot, which only the journal holds
                }
            }
            first.kill();
            sender.join(30_000);
            receipts.putAll(before.receipts);
            closeQuietly(before);
            assertThat(acknowledged.size()).as("killed in the middle of the run").isBetween(400, 19_999);

            try (EngineProcess second = EngineProcess.start(configFile, dir.resolve("engine-2.log"));
                 JsmppCustomer after = new JsmppCustomer(smppPort, TestNodes.SYSTEM_ID, TestNodes.PASSWORD)) {
                assertThat(second.log()).contains("journal records replayed")
                        .contains(periodic ? "from snapshot-" : "no snapshot, ");
                Set<String> issuedAfterRestart = new HashSet<>();
                for (int i = 0; i < 50; i++) {
                    issuedAfterRestart.add(after.submit("90533" + (1_000_000 + i), "after restart " + i));
                }
                assertThat(issuedAfterRestart).hasSize(50).doesNotContainAnyElementsOf(acknowledged);

                Set<String> expected = new HashSet<>(acknowledged);
                expected.addAll(issuedAfterRestart);
                long deadline = System.nanoTime() + 90_000_000_000L;
                while (System.nanoTime() < deadline && !union(receipts, after.receipts).containsAll(expected)) {
                    Thread.sleep(50);
                }
                assertThat(union(receipts, after.receipts)).containsAll(expected);
                assertThat(simulator.submitsAccepted()).as("every acknowledged message went upstream")
                        .isGreaterThanOrEqualTo(expected.size());

                assertThat(second.terminate()).as("SIGTERM stops cleanly").isIn(0, 143);
                assertThat(second.log()).contains("stopping");
            }
        }
    }

    private static boolean hasSnapshot(Path snapshots) throws java.io.IOException {
        try (var files = Files.list(snapshots)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".bin"));
        }
    }

    private static Set<String> union(Map<String, String> first, Map<String, String> second) {
        Set<String> ids = new HashSet<>(first.keySet());
        ids.addAll(second.keySet());
        return ids;
    }

    private static void closeQuietly(JsmppCustomer customer) {
        try {
            customer.close();
        } catch (RuntimeException ignored) {
            // its connection died with the engine
        }
    }
}
