package io.ringway.engine.ring;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.billing.Wallet;
import io.ringway.engine.consent.ConsentChange;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.message.Status;
import io.ringway.engine.consent.RecipientType;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A snapshot is as good as the journal it stands for: a business logic read from a snapshot taken after journal
 * document N, then given the journal after N, ends in exactly the state (byte for byte, as its own snapshot) of the
 * business logic that applied every input live, and decides every one of those later inputs as the live one did.
 * Checked on a random workload that reaches every kind of state: a reseller tree built and topped up at run time,
 * multi-part and scheduled messages, weighted routes, an upstream down (held messages), receipts early, late,
 * duplicated and never (timeouts), customer receipts owed and acknowledged, consents, opt-out replies, an
 * integrator brand's parked submissions and registry answers, consent changes pushed to the registry, and HTTP
 * submissions with idempotency keys, some retried (answered again), some reused for another body (refused).
 */
@Timeout(120)
class SnapshotRecoveryTest {
    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
    private static final int STEPS = 30_000;
    private static final int[] CUTS = {1, 3_000, 9_000, 17_000, 26_000, STEPS};
    private static final String[] RECIPIENTS = {"905321111111", "905322222222", "905323333333", "905324444444",
            "447900123456", "447900654321", "12025550123"};
    private static final String[] STATES = {"DELIVRD", "DELIVRD", "DELIVRD", "UNDELIV", "EXPIRED", "ENROUTE"};
    private static final String[] ACCOUNTS = {"top", "mid", "leaf1", "leaf2", "leaf2"};
    private static final String[] UPSTREAMS = {"east", "west"};

    @TempDir
    Path data;

    private final RingwayConfig config = ConfigLoader.parse("snapshots.yaml", """
            consent:
              registry: {url: "http://registry.test/api", timeout: 2s, cache-ttl: 60s}
            ring: {finished-messages: 500, idempotency-window: 10m, idempotency-keys: 300}
            routing: {hold-timeout: 30s, early-receipt-hold: 10s}
            price-lists:
              - name: operator
                prefixes: {"90": "0.0100", "905": "0.0080", "44": "0.0300"}
            upstreams:
              - {name: east, host: h, system-id: x, costs: {"90": "0.0050"}}
              - {name: west, host: h, system-id: x, receipt-id-format: hex}
            routes:
              - prefix: "90"
                strategy: weighted
                upstreams: [{name: east, weight: 3}, {name: west, weight: 1}]
              - prefix: ""
                upstreams: [{name: west}, {name: east}]
            accounts:
              - system-id: top
                password-hash: "%1$s"
                price-list: operator
                balance: "5000"
                dlr-timeout: 1h
                brands:
                  - {name: SHOP, senders: [SHOP], numbers: ["905550000001"]}
                  - {name: RETAIL, senders: [RETAIL], numbers: ["905550000009"], mode: integrator}
            """.formatted(HASH));

    @Test
    void shouldEndInTheLiveStateFromASnapshotAndTheJournalAfterIt() throws IOException {
        List<Cut> cuts = new ArrayList<>();
        List<String> liveDecisions = new ArrayList<>();
        byte[] liveFinal;
        BusinessLogicHandler live = logic();
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            Workload workload = new Workload(live, appender, liveDecisions);
            workload.buildTree();
            int next = 0;
            for (int step = 1; step <= STEPS; step++) {
                workload.step();
                if (step == CUTS[next]) {
                    cuts.add(new Cut(snapshot(live), journal.lastIndex(), liveDecisions.size()));
                    next++;
                }
            }
            appender.close();
            liveFinal = snapshot(live);
            assertThat(workload.kindsOfState()).as("the workload reached every kind of state")
                    .contains("held", "scheduled", "parked", "early", "owed", "unpushed", "timeout", "multipart",
                            "cancelled", "duplicate", "key reused");

            for (Cut cut : cuts) {
                BusinessLogicHandler restored = logic();
                restored.readSnapshot(new SnapshotInput(new ByteArrayInputStream(cut.snapshot())));
                assertSameOctets(snapshot(restored), cut.snapshot(), "read back, written again");
                List<String> decisions = new ArrayList<>();
                journal.replayAfter(cut.journalIndex(), new MessageEvent(), event -> {
                    restored.apply(event);
                    decisions.add(Workload.decision(event));
                });
                assertThat(decisions).as("decisions after the cut at " + cut.decisions())
                        .isEqualTo(liveDecisions.subList(cut.decisions(), liveDecisions.size()));
                assertSameOctets(snapshot(restored), liveFinal, "state after the cut at " + cut.decisions());
                assertSameViews(restored, live);
            }
        }
    }

    @Test
    void shouldRefuseASnapshotThatEndsEarly() throws IOException {
        BusinessLogicHandler live = logic();
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            Workload workload = new Workload(live, appender, new ArrayList<>());
            workload.buildTree();
            for (int step = 0; step < 2_000; step++) {
                workload.step();
            }
            appender.close();
        }
        byte[] whole = snapshot(live);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> logic().readSnapshot(new SnapshotInput(new ByteArrayInputStream(truncated))))
                .isInstanceOf(IOException.class);
    }

    private BusinessLogicHandler logic() {
        Accounts accounts = Accounts.fromConfig(config);
        return BusinessLogicHandler.fromConfig(config, accounts, new EngineCounters(), MovementListener.NONE);
    }

    private static byte[] snapshot(BusinessLogicHandler logic) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        logic.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** Equal snapshots; on a difference, where it starts rather than two long arrays. */
    private static void assertSameOctets(byte[] actual, byte[] expected, String what) {
        assertThat(java.util.Arrays.mismatch(actual, expected))
                .as("%s: first differing octet (of %d and %d)", what, actual.length, expected.length).isEqualTo(-1);
    }

    private static void assertSameViews(BusinessLogicHandler restored, BusinessLogicHandler live) {
        assertThat(restored.lastMessageId()).isEqualTo(live.lastMessageId());
        assertThat(restored.inFlight()).isEqualTo(live.inFlight());
        assertThat(restored.idempotencyKeys()).isEqualTo(live.idempotencyKeys());
        assertThat(restored.held()).isEqualTo(live.held());
        assertThat(restored.scheduled()).isEqualTo(live.scheduled());
        assertThat(restored.awaitingReceipt()).isEqualTo(live.awaitingReceipt());
        assertThat(restored.parkedForConsent()).isEqualTo(live.parkedForConsent());
        assertThat(restored.openLookups()).isEqualTo(live.openLookups());
        assertThat(restored.unpushedChanges()).isEqualTo(live.unpushedChanges());
        assertThat(restored.awaitingDispatch()).extracting(Message::id)
                .isEqualTo(live.awaitingDispatch().stream().map(Message::id).toList());
        assertThat(restored.owedReceipts()).extracting(CustomerReceipt::messageId)
                .isEqualTo(live.owedReceipts().stream().map(CustomerReceipt::messageId).toList());
        assertThat(restored.awaitingReceipts()).isEqualTo(live.awaitingReceipts());
        for (Wallet wallet : live.ledger().wallets()) {
            Wallet twin = restored.ledger().wallet(wallet.account());
            assertThat(twin.balance()).as(wallet.account()).isEqualTo(wallet.balance());
            assertThat(twin.charged()).isEqualTo(wallet.charged());
            assertThat(twin.refunded()).isEqualTo(wallet.refunded());
        }
    }

    private record Cut(byte[] snapshot, long journalIndex, int decisions) {
    }

    /** Random inputs, journaled and applied the way the ring does, steered by what the logic decided so far. */
    private static final class Workload {
        private final BusinessLogicHandler logic;
        private final Journal.JournalAppender appender;
        private final List<String> decisions;
        private final SplittableRandom random = new SplittableRandom(20261122);
        private final MessageEvent event = new MessageEvent();
        /** Routed messages not yet acknowledged: id, upstream, parts. */
        private final List<Object[]> toAcknowledge = new ArrayList<>();
        /** Acknowledged parts without a final receipt yet: upstream, the id as the upstream writes it. */
        private final List<String[]> toReport = new ArrayList<>();
        private final List<Long> owed = new ArrayList<>();
        private final List<String[]> lookups = new ArrayList<>();
        private final List<ConsentChange> changes = new ArrayList<>();
        private final java.util.Set<String> reached = new java.util.HashSet<>();
        /** Scheduled messages accepted: their id and account. */
        private final List<Object[]> cancellable = new ArrayList<>();
        /** Keyed submissions sent so far, to retry (same body) or to reuse the key of (another body). */
        private final List<MessageEvent> keyed = new ArrayList<>();
        private long clock = 1_800_000_000_000L;
        private long upstreamIds = 1_000;

        Workload(BusinessLogicHandler logic, Journal.JournalAppender appender, List<String> decisions) {
            this.logic = logic;
            this.appender = appender;
            this.decisions = decisions;
        }

        java.util.Set<String> kindsOfState() {
            return reached;
        }

        /** What the business logic decided for one input, as a line to compare. */
        static String decision(MessageEvent event) {
            StringBuilder line = new StringBuilder().append(event.kind).append(' ').append(event.status);
            if (event.message != null) {
                line.append(" #").append(event.message.id()).append('>').append(event.message.upstream());
            }
            if (event.replayed != null) {
                line.append(" again #").append(event.replayed.messageId());
            }
            event.dispatches.forEach(message -> line.append(" d").append(message.id()).append('>')
                    .append(message.upstream()));
            event.receipts.forEach(receipt -> line.append(" r").append(receipt.messageId()).append(':')
                    .append(receipt.state()));
            event.decided.forEach(parked -> line.append(" p").append(parked.status));
            if (event.lookupBrand != null) {
                line.append(" ask ").append(event.lookupBrand);
            }
            if (event.consentChange != null) {
                line.append(" change ").append(event.consentChange.id());
            }
            return line.toString();
        }

        private MessageEvent begin(EventKind kind) {
            event.clear();
            event.kind = kind;
            event.timestamp = clock;
            event.journaled = true;
            return event;
        }

        private MessageEvent run() {
            appender.append(event);
            logic.apply(event);
            decisions.add(decision(event));
            if (event.message != null && event.message.upstream() != null) {
                routed(event.message);
            }
            event.dispatches.forEach(this::routed);
            for (MessageEvent parked : event.decided) {
                if (parked.message != null && parked.message.upstream() != null
                        && !event.dispatches.contains(parked.message)) {
                    routed(parked.message);
                }
            }
            for (CustomerReceipt receipt : event.receipts) {
                owed.add(receipt.messageId());
                reached.add("owed");
            }
            if (event.lookupBrand != null) {
                lookups.add(new String[]{event.lookupBrand, event.destinationAddress});
                reached.add("parked");
            }
            if (event.consentChange != null) {
                changes.add(event.consentChange);
                reached.add("unpushed");
            }
            if (logic.held() > 0) {
                reached.add("held");
            }
            if (logic.scheduled() > 0) {
                reached.add("scheduled");
            }
            return event;
        }

        private void routed(Message message) {
            toAcknowledge.add(new Object[]{message.id(), message.upstream(), message.segments()});
            if (message.segments() > 1) {
                reached.add("multipart");
            }
        }

        void buildTree() {
            admin(AdminOperation.DEFINE_PRICE_LIST, "top", "top-retail", 0, 0, null, "90=0.0150;905=0.0120;44=0.0400");
            admin(AdminOperation.CREATE_ACCOUNT, "top", "mid", 0, 1_100_000, "top-retail", HASH);
            admin(AdminOperation.TOP_UP, "top", "mid", 2_000_000_000L, 0, null, "opening");
            admin(AdminOperation.DEFINE_PRICE_LIST, "mid", "mid-retail", 0, 0, null, "default=0.0600;90=0.0200");
            for (String leaf : new String[]{"leaf1", "leaf2"}) {
                admin(AdminOperation.CREATE_ACCOUNT, "mid", leaf, 0, 0, "mid-retail", HASH);
                admin(AdminOperation.TOP_UP, "mid", leaf, 600_000_000L, 0, null, "opening");
            }
        }

        void step() {
            clock += random.nextInt(40);
            int dice = random.nextInt(1000);
            if (dice < 420) {
                submit();
            } else if (dice < 640) {
                acknowledge();
            } else if (dice < 820) {
                report();
            } else if (dice < 870) {
                acknowledgeReceipt();
            } else if (dice < 885) {
                upstreamState();
            } else if (dice < 915) {
                clock += random.nextInt(100) == 0 ? 3_700_000 : random.nextInt(5_000);
                begin(EventKind.TIMER);
                run();
            } else if (dice < 945) {
                consent();
            } else if (dice < 965) {
                registryAnswer();
            } else if (dice < 975) {
                optOutReply();
            } else if (dice < 985) {
                pushed();
            } else if (dice < 990) {
                cancel();
            } else {
                admin(AdminOperation.TOP_UP, random.nextBoolean() ? "mid" : null, random.nextBoolean() ? "leaf1" : "top",
                        1 + random.nextInt(50_000_000), 0, null, "top-up");
            }
        }

        private void submit() {
            begin(EventKind.SUBMIT);
            event.account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
            event.channel = random.nextBoolean() ? Channel.SMPP : Channel.HTTP;
            event.destinationAddress = RECIPIENTS[random.nextInt(RECIPIENTS.length)];
            int kind = random.nextInt(10);
            event.serviceType = kind < 3 ? "OTP" : kind < 6 ? "CMR" : null;
            event.sourceAddress = kind < 6 && random.nextBoolean() ? (random.nextBoolean() ? "SHOP" : "RETAIL")
                    : "INFO";
            if (event.serviceType != null && event.serviceType.equals("CMR")) {
                event.account = "top";
            }
            event.registeredDelivery = (byte) (random.nextInt(3) == 0 ? 0 : 1);
            event.payload = "x".repeat(1 + random.nextInt(random.nextInt(8) == 0 ? 400 : 150))
                    .getBytes(StandardCharsets.ISO_8859_1);
            if (random.nextInt(20) == 0) {
                event.sendAt = clock + 1 + random.nextInt(20_000);
            }
            if (event.channel == Channel.HTTP && random.nextBoolean()) {
                event.reference = "ref-" + random.nextInt(1_000);
                event.validityMillis = 60_000L * random.nextInt(10);
                event.callbackUrl = "https://customer.test/receipts";
            }
            if (event.channel == Channel.HTTP && random.nextInt(3) == 0) {
                keyed(); // may turn the submission into a retry of an earlier keyed one
            }
            run();
            if (event.replayed != null) {
                reached.add("duplicate");
            } else if (event.status == Status.IDEMPOTENCY_KEY_REUSED) {
                reached.add("key reused");
            }
            if (event.status == Status.OK && event.sendAt > 0 && event.message != null) {
                cancellable.add(new Object[]{event.message.id(), event.account});
            }
        }

        /**
         * Gives the HTTP submission being built an idempotency key: a new one mostly; now and then an earlier
         * submission's, sent again as it was (a retry), or with another text (the key reused for another body).
         */
        private void keyed() {
            int dice = random.nextInt(10);
            if (keyed.isEmpty() || dice < 6) {
                event.idempotencyKey = "key-" + random.nextInt(100_000);
                event.idempotencyRecipient = random.nextInt(3);
                keyed.add(event.detachedSubmission());
                return;
            }
            MessageEvent earlier = keyed.get(random.nextInt(keyed.size()));
            event.account = earlier.account;
            event.serviceType = earlier.serviceType;
            event.sourceAddress = earlier.sourceAddress;
            event.destinationAddress = earlier.destinationAddress;
            event.registeredDelivery = earlier.registeredDelivery;
            event.payload = dice < 9 ? earlier.payload : "y".getBytes(StandardCharsets.ISO_8859_1);
            event.sendAt = earlier.sendAt;
            event.idempotencyKey = earlier.idempotencyKey;
            event.idempotencyRecipient = earlier.idempotencyRecipient;
        }

        /** Cancels a scheduled message: its own account mostly, now and then another's (refused). */
        private void cancel() {
            if (cancellable.isEmpty()) {
                return;
            }
            Object[] message = cancellable.remove(random.nextInt(cancellable.size()));
            begin(EventKind.CANCEL);
            event.messageId = (Long) message[0];
            event.account = random.nextInt(10) == 0 ? "leaf2" : (String) message[1];
            run();
            if (event.status == Status.OK) {
                reached.add("cancelled");
            }
        }

        private void acknowledge() {
            if (toAcknowledge.isEmpty()) {
                return;
            }
            Object[] message = toAcknowledge.remove(random.nextInt(toAcknowledge.size()));
            long id = (Long) message[0];
            String upstream = (String) message[1];
            int parts = (Integer) message[2];
            boolean early = random.nextInt(20) == 0;
            for (int part = 0; part < parts; part++) {
                String upstreamId = Long.toString(upstreamIds++);
                String reported = upstream.equals("west") ? Long.toHexString(Long.parseLong(upstreamId)) : upstreamId;
                if (early && part == 0) {
                    receipt(upstream, reported, "DELIVRD");
                    reached.add("early");
                }
                begin(EventKind.UPSTREAM_ACK);
                event.messageId = id;
                event.part = part;
                event.upstream = upstream;
                event.upstreamMessageId = upstreamId;
                event.commandStatus = random.nextInt(50) == 0 ? 0x58 : 0;
                run();
                if (!(early && part == 0)) {
                    toReport.add(new String[]{upstream, reported});
                }
            }
        }

        private void report() {
            if (toReport.isEmpty()) {
                return;
            }
            String[] part = toReport.remove(random.nextInt(toReport.size()));
            if (random.nextInt(25) == 0) {
                reached.add("timeout"); // never reported: the DLR timeout closes it
                return;
            }
            String state = STATES[random.nextInt(STATES.length)];
            receipt(part[0], part[1], state);
            if (state.equals("ENROUTE") || random.nextInt(30) == 0) {
                toReport.add(part); // an intermediate state, or a duplicate final one later
            }
        }

        private void receipt(String upstream, String id, String state) {
            begin(EventKind.DLR);
            event.upstream = upstream;
            event.upstreamMessageId = id;
            event.receiptStat = state;
            event.errorCode = state.equals("DELIVRD") ? 0 : 1;
            event.doneAt = clock - random.nextInt(60_000);
            run();
        }

        private void acknowledgeReceipt() {
            if (owed.isEmpty()) {
                return;
            }
            begin(EventKind.RECEIPT_ACK);
            event.messageId = owed.remove(random.nextInt(owed.size()));
            run();
        }

        private void upstreamState() {
            begin(EventKind.UPSTREAM_STATE);
            event.upstream = UPSTREAMS[random.nextInt(UPSTREAMS.length)];
            event.boundSessions = random.nextInt(3) == 0 ? 0 : 2;
            run();
        }

        private void consent() {
            begin(EventKind.CONSENT);
            event.target = random.nextBoolean() ? "SHOP" : "RETAIL";
            event.destinationAddress = RECIPIENTS[random.nextInt(4)];
            event.consentStatus = random.nextInt(3) == 0 ? ConsentStatus.OPT_OUT : ConsentStatus.OPT_IN;
            event.consentDate = clock - random.nextInt(1_000_000);
            event.consentSource = ConsentSource.WEB;
            event.recipientType = RecipientType.INDIVIDUAL;
            run();
        }

        private void registryAnswer() {
            if (lookups.isEmpty()) {
                return;
            }
            String[] lookup = lookups.remove(random.nextInt(lookups.size()));
            begin(EventKind.CONSENT_ANSWER);
            event.target = lookup[0];
            event.destinationAddress = lookup[1];
            if (random.nextInt(5) == 0) {
                event.commandStatus = 1; // the registry could not answer
            } else if (random.nextInt(4) > 0) {
                event.consentStatus = random.nextBoolean() ? ConsentStatus.OPT_IN : ConsentStatus.OPT_OUT;
                event.consentDate = clock - random.nextInt(1_000_000);
                event.consentSource = ConsentSource.OTHER;
                event.recipientType = RecipientType.INDIVIDUAL;
            }
            run();
        }

        private void optOutReply() {
            begin(EventKind.MO);
            event.upstream = "east";
            event.sourceAddress = RECIPIENTS[random.nextInt(4)];
            event.destinationAddress = "905550000001";
            event.payload = "STOP".getBytes(StandardCharsets.ISO_8859_1);
            run();
        }

        private void pushed() {
            if (changes.isEmpty()) {
                return;
            }
            ConsentChange change = changes.remove(0);
            begin(EventKind.CONSENT_PUSHED);
            event.target = change.brand();
            event.messageId = change.id();
            run();
        }

        private void admin(AdminOperation operation, String actor, String target, long amount, long coefficient,
                           String priceList, String text) {
            begin(EventKind.ADMIN);
            event.adminOperation = operation;
            event.account = actor;
            event.target = target;
            event.amount = amount;
            event.coefficient = coefficient;
            event.priceList = priceList;
            event.text = text;
            run();
        }
    }
}
