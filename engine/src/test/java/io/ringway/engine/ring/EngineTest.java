package io.ringway.engine.ring;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.TestConfigs;
import io.ringway.engine.journal.DataDirectoryInUseException;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.journal.JournalUnwritableException;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.ringway.engine.TestConfigs.ACCOUNT;
import static io.ringway.engine.TestConfigs.UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class EngineTest {
    @TempDir
    Path data;

    private final List<Engine> engines = new ArrayList<>();
    private RecordingUpstream upstream;
    private RecordingCustomers customers;

    @AfterEach
    void closeEngines() {
        engines.forEach(Engine::close);
    }

    private Engine startEngine() {
        RingwayConfig config = TestConfigs.engineConfig(data);
        Engine engine = new Engine(config, TestConfigs.accounts(config));
        engines.add(engine);
        upstream = new RecordingUpstream(UPSTREAM);
        customers = new RecordingCustomers();
        engine.start(Map.of(UPSTREAM, upstream), customers);
        return engine;
    }

    private void submit(Engine engine, int correlation, String destination, int registeredDelivery) {
        MessageEvent event = engine.ingress().tryClaim(EventKind.SUBMIT);
        assertThat(event).isNotNull();
        event.account = ACCOUNT;
        event.channel = Channel.SMPP;
        event.sourceAddress = "RINGWAY";
        event.destinationAddress = destination;
        event.registeredDelivery = (byte) registeredDelivery;
        event.payload = ("code " + correlation).getBytes(StandardCharsets.ISO_8859_1);
        event.responder = customers;
        event.correlation = correlation;
        engine.ingress().publish(event);
    }

    /** Chronicle lets any number of writers append to one journal: the data directory itself must be locked. */
    @Test
    void shouldRefuseASecondEngineOnTheDataDirectoryOfARunningOneAndLetItInOnceThatOneIsClosed() {
        Engine first = startEngine();
        RingwayConfig config = TestConfigs.engineConfig(data);

        assertThatThrownBy(() -> new Engine(config, TestConfigs.accounts(config)))
                .isInstanceOf(DataDirectoryInUseException.class)
                .hasMessageContaining("is in use by another Ringway node (pid " + ProcessHandle.current().pid() + ")");

        first.close();
        engines.clear();
        Engine second = startEngine();
        submit(second, 1, "905321234567", 0);
        await(() -> customers.answers() == 1);
    }

    @Test
    void shouldRefuseAtOnceADataDirectoryThatCannotBeCreatedNamingItAndTheCause() throws Exception {
        Path notADirectory = Files.writeString(data.resolve("afile"), "a file, not a directory");
        RingwayConfig config = TestConfigs.engineConfig(notADirectory);

        assertThatThrownBy(() -> new Engine(config, TestConfigs.accounts(config)))
                .isInstanceOf(JournalUnwritableException.class)
                .hasMessage(notADirectory + ": cannot be created (exists and is not a directory)");
        RingwayConfig below = TestConfigs.engineConfig(notADirectory.resolve("data"));
        assertThatThrownBy(() -> new Engine(below, TestConfigs.accounts(below)))
                .hasMessage(notADirectory.resolve("data") + ": cannot be created (Not a directory)");
    }

    @Test
    void shouldAcknowledgeSubmissionOnlyOnceItIsInTheJournal() {
        Engine engine = startEngine();
        submit(engine, 7, "905321234567", 1);
        await(() -> customers.answers() == 1);
        long id = customers.acceptedIds.get(7);
        engine.close();
        engines.clear();

        List<String> journaled = new ArrayList<>();
        try (Journal journal = new Journal(data)) {
            journal.replay(new MessageEvent(), event -> journaled.add(event.kind + ":" + event.destinationAddress
                    + ":" + new String(event.payload, StandardCharsets.ISO_8859_1)));
        }
        assertThat(id).isEqualTo(1L);
        assertThat(journaled).containsExactly("SUBMIT:905321234567:code 7");
    }

    @Test
    void shouldDispatchAcceptedMessagesToTheirUpstreamInOrder() {
        Engine engine = startEngine();
        for (int i = 1; i <= 100; i++) {
            submit(engine, i, "4479000000" + (i % 10), 0);
        }
        await(() -> upstream.submitted.size() == 100 && customers.answers() == 100);
        assertThat(upstream.submitted).extracting(Message::id)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(customers.acceptedIds).hasSize(100);
    }

    @Test
    void shouldRejectAnInvalidDestinationWithoutDispatchingIt() {
        Engine engine = startEngine();
        submit(engine, 1, "12ab", 1);
        submit(engine, 2, "905321234567", 1);
        await(() -> customers.answers() == 2);
        assertThat(customers.rejections).containsEntry(1, Status.INVALID_DESTINATION);
        await(() -> upstream.submitted.size() == 1);
        assertThat(upstream.submitted.get(0).id()).isEqualTo(1L);
    }

    @Test
    void shouldForwardReceiptAndForgetItOnceTheCustomerAcknowledgesIt() {
        Engine engine = startEngine();
        submit(engine, 1, "905321234567", 1);
        await(() -> upstream.submitted.size() == 1);
        engine.upstreamEvents().submitted(1, UPSTREAM, "U-1");
        engine.upstreamEvents().receipt(UPSTREAM, "U-1", "UNDELIV", 11, 1_700_000_000_000L);
        await(() -> customers.receipts.size() == 1);
        assertThat(customers.receipts.get(0).state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(customers.receipts.get(0).text()).startsWith("id:0000000000000001 sub:001 dlvrd:000 ")
                .contains(" stat:UNDELIV err:011 text:code 1");

        MessageEvent ack = engine.ingress().claim(EventKind.RECEIPT_ACK);
        ack.messageId = 1;
        engine.ingress().publish(ack);
        engine.close();
        engines.clear();

        Engine restarted = startEngine();
        assertThat(restarted.businessLogic().inFlight()).isZero();
    }

    /** An SMSC forgets a receipt once answered: the answer waits for the journal, on both ways of reporting. */
    @Test
    void shouldTellTheConnectorAnUpstreamsReportIsJournaledOnlyAfterTheJournalHasIt() {
        Engine engine = startEngine();
        submit(engine, 1, "905321234567", 0);
        await(() -> upstream.submitted.size() == 1);
        engine.upstreamEvents().submitted(1, UPSTREAM, "U-1");
        List<String> acknowledged = new CopyOnWriteArrayList<>();

        engine.upstreamEvents().receipt(UPSTREAM, "U-1", "DELIVRD", 0, 0,
                journaled -> acknowledged.add("receipt " + journaled));
        assertThat(engine.upstreamEvents().tryReport(1, reports -> reports.inbound(UPSTREAM, "905321234567",
                "905550000000", (byte) 0, (byte) 0, "STOP".getBytes(StandardCharsets.ISO_8859_1),
                journaled -> acknowledged.add("mo " + journaled)))).isTrue();
        await(() -> acknowledged.size() == 2);
        engine.close();
        engines.clear();

        assertThat(acknowledged).containsExactly("receipt true", "mo true");
        List<EventKind> journaled = new ArrayList<>();
        try (Journal journal = new Journal(data)) {
            journal.replay(new MessageEvent(), event -> journaled.add(event.kind));
        }
        assertThat(journaled).endsWith(EventKind.DLR, EventKind.MO);
    }

    @Test
    void shouldTellTheConnectorAReportTheJournalRefusedWasNotJournaled() throws IOException {
        long free = Files.getFileStore(data).getUsableSpace();
        assumeTrue(free < (1L << 40), "the disk has less room than the largest reserve the journal may keep");
        RingwayConfig config = ConfigLoader.parse("full.yaml", TestConfigs.engineYaml(data,
                PasswordHasher.hash("secret", 1000)).replace("journal:\n", "journal:\n  min-free-megabytes: 1048576\n"));
        Engine engine = new Engine(config, TestConfigs.accounts(config));
        engines.add(engine);
        engine.start(Map.of(UPSTREAM, new RecordingUpstream(UPSTREAM)), new RecordingCustomers());
        List<Boolean> acknowledged = new CopyOnWriteArrayList<>();

        engine.upstreamEvents().receipt(UPSTREAM, "U-9", "DELIVRD", 0, 0, acknowledged::add);

        await(() -> acknowledged.size() == 1);
        assertThat(acknowledged).containsExactly(false);
    }

    @Test
    void shouldOfferOwedReceiptsAgainWhenACustomerBinds() {
        Engine engine = startEngine();
        customers.bound = false;
        submit(engine, 1, "905321234567", 1);
        await(() -> upstream.submitted.size() == 1);
        engine.upstreamEvents().submitted(1, UPSTREAM, "U-1");
        engine.upstreamEvents().receipt(UPSTREAM, "U-1", "DELIVRD", 0, 0);
        await(() -> engine.counters().receiptOffers.get() == 1);
        assertThat(customers.receipts).isEmpty();

        customers.bound = true;
        MessageEvent bound = engine.ingress().claim(EventKind.SESSION_BOUND);
        bound.account = ACCOUNT;
        engine.ingress().publish(bound);
        await(() -> customers.receipts.size() == 1);
        assertThat(customers.receipts.get(0).messageId()).isEqualTo(1L);

        MessageEvent secondSession = engine.ingress().claim(EventKind.SESSION_BOUND);
        secondSession.account = ACCOUNT;
        engine.ingress().publish(secondSession);
        submit(engine, 2, "905321234567", 0);
        await(() -> upstream.submitted.size() == 2); // the dispatcher is past the second bind
        assertThat(engine.counters().receiptOffers.get()).isEqualTo(2);
        assertThat(customers.receipts).as("a receipt a live session holds is not sent again").hasSize(1);
    }

    @Test
    void shouldRebuildStateFromTheJournalAndDispatchUnacknowledgedMessagesAgain() {
        Engine engine = startEngine();
        for (int i = 1; i <= 10; i++) {
            submit(engine, i, "905321234567", 1);
        }
        await(() -> upstream.submitted.size() == 10);
        for (int id = 1; id <= 5; id++) {
            engine.upstreamEvents().submitted(id, UPSTREAM, "U-" + id);
        }
        engine.upstreamEvents().receipt(UPSTREAM, "U-1", "DELIVRD", 0, 0);
        engine.upstreamEvents().receipt(UPSTREAM, "U-2", "DELIVRD", 0, 0);
        await(() -> customers.receipts.size() == 2);
        engine.close();
        engines.clear();

        Engine restarted = startEngine();
        await(() -> upstream.submitted.size() == 5);
        assertThat(upstream.submitted).extracting(Message::id).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(restarted.businessLogic().owedReceipts()).extracting(r -> r.messageId()).containsExactly(1L, 2L);

        submit(restarted, 11, "905321234567", 1);
        await(() -> customers.answers() == 1);
        assertThat(customers.acceptedIds.get(11)).as("no id is issued twice").isEqualTo(11L);

        await(() -> customers.receipts.size() == 2);
        assertThat(customers.receipts).as("owed receipts go to the bound customer")
                .extracting(r -> r.messageId()).containsExactly(1L, 2L);
        long receiptsBefore = restarted.counters().receipts.get();
        restarted.upstreamEvents().receipt(UPSTREAM, "U-3", "DELIVRD", 0, 0);
        await(() -> customers.receipts.size() == 3);
        assertThat(customers.receipts.get(2).messageId()).isEqualTo(3L);
        assertThat(restarted.counters().receipts.get()).isEqualTo(receiptsBefore + 1);
    }

    @Test
    void shouldKeepDispatchingAfterAHandlerThrows() {
        Engine engine = startEngine();
        upstream.failOnNext = new IllegalStateException("connector bug");
        submit(engine, 1, "905321234567", 0);
        submit(engine, 2, "905321234568", 0);
        await(() -> upstream.submitted.size() == 1);
        assertThat(upstream.submitted.get(0).id()).isEqualTo(2L);
        assertThat(engine.counters().handlerExceptions.get()).isEqualTo(1);
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder dump = new StringBuilder("condition not met within 10 s; threads:\n");
                Thread.getAllStackTraces().forEach((thread, stack) -> {
                    if (thread.getName().startsWith("ring-")) {
                        dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                        for (StackTraceElement frame : stack) {
                            dump.append("    ").append(frame).append('\n');
                        }
                    }
                });
                throw new AssertionError(dump.toString());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
