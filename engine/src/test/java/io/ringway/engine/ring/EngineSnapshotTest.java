package io.ringway.engine.ring;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.TestConfigs;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.routing.Upstream;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.snapshot.SnapshotFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.ringway.engine.TestConfigs.ACCOUNT;
import static io.ringway.engine.TestConfigs.UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restarts from snapshots: what is written when, what a start reads, and when it falls back to the journal. */
@Timeout(60)
class EngineSnapshotTest {
    @TempDir
    Path data;

    private final List<Engine> engines = new ArrayList<>();
    private RecordingUpstream upstream;
    private RecordingCustomers customers;
    private Engine.Recovery recovery;

    @AfterEach
    void closeEngines() {
        engines.forEach(Engine::close);
    }

    private Engine start(RingwayConfig config) {
        return start(config, Map.of());
    }

    /** Starts an engine with fresh recording edges: {@link #upstream} as {@code up}, and {@code others} beside it. */
    private Engine start(RingwayConfig config, Map<String, RecordingUpstream> others) {
        Engine engine = new Engine(config, TestConfigs.accounts(config));
        engines.add(engine);
        upstream = new RecordingUpstream(UPSTREAM);
        customers = new RecordingCustomers();
        Map<String, Upstream> upstreams = new HashMap<>(others);
        upstreams.put(UPSTREAM, upstream);
        recovery = engine.start(upstreams, customers);
        return engine;
    }

    private void stop(Engine engine) {
        engine.close();
        engines.remove(engine);
    }

    private void submit(Engine engine, int count) {
        submit(engine, count, ACCOUNT);
    }

    private void submit(Engine engine, int count, String account) {
        for (int i = 0; i < count; i++) {
            MessageEvent event = engine.ingress().claim(EventKind.SUBMIT);
            event.account = account;
            event.channel = Channel.SMPP;
            event.sourceAddress = "RINGWAY";
            event.destinationAddress = "90532123" + (4000 + i);
            event.registeredDelivery = 1;
            event.payload = ("code " + i).getBytes(StandardCharsets.ISO_8859_1);
            event.responder = customers;
            event.correlation = i;
            engine.ingress().publish(event);
        }
    }

    private List<Path> snapshots() throws IOException {
        if (!Files.isDirectory(data.resolve("snapshots"))) {
            return List.of();
        }
        try (var files = Files.list(data.resolve("snapshots"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void shouldStartFromTheSnapshotOfACleanStopWithoutReplayingTheJournal() {
        RingwayConfig config = TestConfigs.engineConfig(data);
        Engine first = start(config);
        submit(first, 40);
        await(() -> upstream.submitted.size() == 40);
        for (int id = 1; id <= 25; id++) {
            first.upstreamEvents().submitted(id, UPSTREAM, "U-" + id);
        }
        first.upstreamEvents().receipt(UPSTREAM, "U-1", "DELIVRD", 0, 0);
        await(() -> customers.receipts.size() == 1);
        stop(first);

        Engine second = start(config);

        assertThat(recovery.snapshot()).startsWith("snapshot-");
        assertThat(recovery.records()).isZero();
        assertThat(recovery.lastMessageId()).isEqualTo(40);
        assertThat(recovery.redispatched()).as("accepted, never acknowledged upstream").isEqualTo(15);
        assertThat(recovery.owedReceipts()).isEqualTo(1);
        assertThat(upstream.submitted).extracting(Message::id)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(26, 40).boxed().toList());
        assertThat(second.businessLogic().inFlight()).isEqualTo(40);
    }

    @Test
    void shouldRestoreAnAccountCreatedAtRunTimeIntoTheTableTheEdgesShare() {
        RingwayConfig config = TestConfigs.engineConfig(data);
        Engine first = start(config);
        MessageEvent create = first.ingress().claim(EventKind.ADMIN);
        create.adminOperation = AdminOperation.CREATE_ACCOUNT;
        create.account = null; // the operator
        create.target = "reseller1";
        create.text = config.accounts().get(0).passwordHash();
        first.ingress().publish(create);
        await(() -> first.businessLogic().ledger().wallet("reseller1") != null);
        stop(first);

        Accounts table = TestConfigs.accounts(config);
        assertThat(table.find("reseller1")).as("not in the configuration").isNull();
        Engine second = new Engine(config, table);
        engines.add(second);
        recovery = second.start(Map.of(UPSTREAM, new RecordingUpstream(UPSTREAM)), new RecordingCustomers());

        assertThat(recovery.snapshot()).isNotNull();
        assertThat(recovery.records()).isZero();
        assertThat(table.find("reseller1")).as("restored from the snapshot").isNotNull();
        assertThat(table.authenticate("reseller1", "secret", null))
                .isEqualTo(Accounts.Authentication.OK);
    }

    @Test
    void shouldReplayOnlyTheJournalAfterTheNewestSnapshotAfterAStopThatWroteNone() throws IOException {
        RingwayConfig config = TestConfigs.engineConfig(data);
        Engine first = start(config);
        submit(first, 10);
        await(() -> upstream.submitted.size() == 10);
        stop(first);
        Engine second = start(config);
        submit(second, 5);
        await(() -> customers.answers() == 5);
        stop(second);
        List<Path> written = snapshots();
        assertThat(written).hasSize(2);
        Files.delete(written.get(1)); // as if the second engine had been killed: its closing snapshot is missing

        Engine third = start(config);

        assertThat(recovery.snapshot()).isEqualTo(written.get(0).getFileName().toString());
        assertThat(recovery.records()).as("the five submissions and the second engine's ticks")
                .isBetween(5L, 200L);
        assertThat(recovery.lastMessageId()).isEqualTo(15);
        assertThat(third.businessLogic().inFlight()).isEqualTo(15);
        assertThat(recovery.redispatched()).isEqualTo(15);
    }

    @Test
    void shouldReplayTheWholeJournalWhenTheConfigurationChanged() {
        RingwayConfig config = TestConfigs.engineConfig(data);
        Engine first = start(config);
        submit(first, 3);
        await(() -> upstream.submitted.size() == 3);
        stop(first);
        String hash = config.accounts().get(0).passwordHash();
        RingwayConfig same = ConfigLoader.parse("same.yaml", TestConfigs.engineYaml(data, hash));
        RingwayConfig changed = ConfigLoader.parse("changed.yaml", TestConfigs.engineYaml(data, hash)
                .replace("    password-hash:", "    max-binds: 9\n    password-hash:"));
        assertThat(changed.accounts().get(0).maxBinds()).isEqualTo(9);
        assertThat(SnapshotFiles.fingerprint(same)).as("the same file parsed again")
                .isEqualTo(SnapshotFiles.fingerprint(config));
        assertThat(SnapshotFiles.fingerprint(changed)).as("one account setting changed")
                .isNotEqualTo(SnapshotFiles.fingerprint(config));

        Engine second = start(changed);

        assertThat(recovery.snapshot()).isNull();
        assertThat(recovery.records()).isGreaterThanOrEqualTo(3);
        assertThat(second.businessLogic().lastMessageId()).isEqualTo(3);
    }

    /** The test configuration with its account metered: a price list charging {@code price} a message. */
    private RingwayConfig metered(String hash, String price, String balance) {
        return ConfigLoader.parse("metered.yaml", meteredYaml(hash, price, balance));
    }

    private String meteredYaml(String hash, String price, String balance) {
        return TestConfigs.engineYaml(data, hash)
                .replace("accounts:\n", "price-lists:\n  - name: std\n    default: \"" + price + "\"\naccounts:\n")
                .replace("    password-hash:", "    price-list: std\n    balance: \"" + balance + "\"\n    password-hash:");
    }

    @Test
    void shouldRefuseToStartUnderAConfigurationThatDecidesThePastOtherwise() throws IOException {
        String hash = TestConfigs.engineConfig(data).accounts().get(0).passwordHash();
        RingwayConfig original = metered(hash, "0.0100", "100");
        Engine first = start(original);
        submit(first, 3);
        await(() -> customers.answers() == 3 && upstream.submitted.size() == 3);
        stop(first);
        List<Path> before = snapshots();
        long journaled;
        try (Journal journal = new Journal(data)) {
            journaled = journal.replay(new MessageEvent(), event -> { });
        }

        assertThatThrownBy(() -> start(metered(hash, "0.0200", "100")))
                .isInstanceOf(ConfigurationRewritesHistoryException.class)
                .hasMessageContaining("the same messages accepted, but charged, refunded or routed otherwise")
                .hasMessageContaining("through the administration API");
        assertThatThrownBy(() -> start(metered(hash, "0.0100", "200")))
                .as("another opening balance: every statement line's balance_after would change")
                .isInstanceOf(ConfigurationRewritesHistoryException.class);
        assertThatThrownBy(() -> start(metered(hash, "0.0100", "0.0150")))
                .as("a balance that pays for one of the three: message ids 2 and 3 would name other messages")
                .isInstanceOf(ConfigurationRewritesHistoryException.class)
                .hasMessageContaining("1 messages accepted where 3 were");

        assertThat(snapshots()).as("nothing written").isEqualTo(before);
        try (Journal journal = new Journal(data)) {
            assertThat(journal.replay(new MessageEvent(), event -> { })).isEqualTo(journaled);
        }
        Engine again = start(original);
        assertThat(recovery.snapshot()).isEqualTo(before.get(before.size() - 1).getFileName().toString());
        assertThat(recovery.records()).isZero();
        assertThat(again.businessLogic().ledger().wallet(ACCOUNT).balance()).isEqualTo(100_000_000 - 3 * 10_000);
    }

    /** {@link #metered} with a second account, {@code newcomer}, on a price list of its own. */
    private RingwayConfig withNewcomer(String hash) {
        return ConfigLoader.parse("added.yaml", meteredYaml(hash, "0.0100", "100")
                .replace("accounts:\n", "  - name: new\n    default: \"0.0500\"\naccounts:\n")
                .replace("upstreams:", "  - system-id: newcomer\n    password-hash: " + hash + "\n    price-list: new\n    balance: \"5\"\n"
                        + "upstreams:"));
    }

    @Test
    void shouldStartUnderAConfigurationThatAddsWhatThePastDidNotUse() {
        String hash = TestConfigs.engineConfig(data).accounts().get(0).passwordHash();
        Engine first = start(metered(hash, "0.0100", "100"));
        submit(first, 3);
        await(() -> customers.answers() == 3 && upstream.submitted.size() == 3);
        stop(first);

        Engine second = start(withNewcomer(hash));

        assertThat(recovery.snapshot()).as("none of this configuration").isNull();
        assertThat(recovery.records()).as("the whole journal, checked through the old snapshot")
                .isGreaterThanOrEqualTo(3);
        assertThat(second.businessLogic().lastMessageId()).isEqualTo(3);
        assertThat(second.businessLogic().ledger().wallet("newcomer")).isNotNull();
    }

    @Test
    void shouldRefuseToGoBackToAnOlderConfigurationThatDecidesWhatANewerOneDidOtherwise() {
        String hash = TestConfigs.engineConfig(data).accounts().get(0).passwordHash();
        RingwayConfig original = metered(hash, "0.0100", "100");
        Engine first = start(original);
        submit(first, 3);
        await(() -> customers.answers() == 3 && upstream.submitted.size() == 3);
        stop(first);
        Engine second = start(withNewcomer(hash));
        submit(second, 2, "newcomer");
        await(() -> customers.answers() == 2 && customers.acceptedIds.size() == 2
                && upstream.submitted.size() == 5); // the first three, never acknowledged, went again
        stop(second);

        assertThatThrownBy(() -> start(original))
                .as("its own snapshot is older than the newcomer's messages, which it would refuse")
                .isInstanceOf(ConfigurationRewritesHistoryException.class)
                .hasMessageContaining("3 messages accepted where 5 were");

        Engine again = start(withNewcomer(hash));
        assertThat(recovery.records()).isZero();
        assertThat(again.businessLogic().lastMessageId()).isEqualTo(5);
    }

    /** The test configuration with a second upstream, {@code up2}, and one route for everything to {@code to}. */
    private RingwayConfig routedTo(String hash, String to) {
        return ConfigLoader.parse("routes.yaml", TestConfigs.engineYaml(data, hash) + """
                  - name: up2
                    host: 127.0.0.1
                    system-id: y
                routes:
                  - prefix: ""
                    upstreams: [{name: %s}]
                """.formatted(to));
    }

    @Test
    void shouldStartUnderChangedRoutesAndKeepWhereJournaledMessagesWent() {
        String hash = TestConfigs.engineConfig(data).accounts().get(0).passwordHash();
        Engine first = start(routedTo(hash, UPSTREAM), Map.of("up2", new RecordingUpstream("up2")));
        submit(first, 3);
        await(() -> upstream.submitted.size() == 3);
        for (int id = 1; id <= 3; id++) {
            first.upstreamEvents().submitted(id, UPSTREAM, "U-" + id);
        }
        first.upstreamEvents().receipt(UPSTREAM, "U-1", "DELIVRD", 0, 0);
        await(() -> customers.receipts.size() == 1);
        stop(first);

        RecordingUpstream newUp2 = new RecordingUpstream("up2");
        Engine second = start(routedTo(hash, "up2"), Map.of("up2", newUp2));

        assertThat(recovery.snapshot()).isNull();
        assertThat(second.businessLogic().message(2).upstream()).as("where it was taken, not where routes point now")
                .isEqualTo(UPSTREAM);
        second.upstreamEvents().receipt(UPSTREAM, "U-2", "DELIVRD", 0, 0);
        await(() -> customers.receipts.stream().anyMatch(receipt -> receipt.messageId() == 2));
        submit(second, 1);
        await(() -> newUp2.submitted.size() == 1);
        assertThat(newUp2.submitted.get(0).id()).isEqualTo(4);
        assertThat(upstream.submitted).as("nothing sent again").isEmpty();
    }

    @Test
    void shouldTakePeriodicSnapshotsFromAReplicaWhileRunning() throws IOException {
        RingwayConfig config = TestConfigs.engineConfig(data);
        Engine engine = start(config);
        submit(engine, 20);
        await(() -> upstream.submitted.size() == 20);
        StateSnapshots replicas = new StateSnapshots(config, engine.journal(), engine.counters());

        replicas.fromReplica();

        assertThat(snapshots()).hasSize(1);
        long index = SnapshotFiles.journalIndexOf(snapshots().get(0));
        assertThat(index).isEqualTo(replicas.newestIndex());
        BusinessLogicHandler read = replicas.restore(() -> BusinessLogicHandler.fromConfig(config,
                TestConfigs.accounts(config), new EngineCounters(), MovementListener.NONE))
                .state();
        assertThat(read.lastMessageId()).isEqualTo(20);
        assertThat(read.awaitingDispatch()).hasSize(20);
        assertThat(engine.counters().snapshotsWritten.get()).isEqualTo(1);
        assertThat(engine.counters().lastSnapshotBytes.get()).isEqualTo(Files.size(snapshots().get(0)));
        assertThat(engine.counters().lastSnapshotMillis.get()).isPositive();
        assertThat(engine.counters().snapshotFailures.get()).isZero();
    }

    @Test
    void shouldWriteNoSnapshotThatWouldEatIntoTheJournalsFreeSpaceReserve() throws IOException {
        RingwayConfig reserved = ConfigLoader.parse("reserve.yaml", TestConfigs.engineYaml(data,
                TestConfigs.engineConfig(data).accounts().get(0).passwordHash())
                .replace("  directory:", "  min-free-megabytes: 1048576\n  directory:"));
        assertThat(reserved.journal().minFreeMegabytes()).isEqualTo(1_048_576);
        try (Journal journal = new Journal(data)) {
            MessageEvent tick = new MessageEvent();
            tick.kind = EventKind.TIMER;
            tick.timestamp = 1_800_000_000_000L;
            try (Journal.JournalAppender appender = journal.appender()) {
                appender.append(tick);
            }
            EngineCounters counters = new EngineCounters();
            new StateSnapshots(reserved, journal, counters).write(BusinessLogicHandler.fromConfig(reserved,
                    TestConfigs.accounts(reserved), new EngineCounters(),
                    MovementListener.NONE), journal.lastIndex());
            assertThat(counters.snapshotFailures.get()).isEqualTo(1);
            assertThat(counters.snapshotsWritten.get()).isZero();
        }
        assertThat(snapshots()).as("a terabyte of reserve is more than this disk has free").isEmpty();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
