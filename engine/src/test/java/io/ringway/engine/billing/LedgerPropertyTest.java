package io.ringway.engine.billing;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's promise, checked over 100,000 random messages in a three-level reseller tree: every balance equals
 * its top-ups minus charges plus refunds to the micro-unit, no message is refunded twice, delivered messages are
 * never refunded and undelivered ones always are, whatever order, duplication or absence of receipts; and a
 * replay of the journal into a fresh engine gives identical balances.
 */
@Timeout(300)
class LedgerPropertyTest {
    private static final int MESSAGES = 100_000;
    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
    private static final String[] DESTINATIONS = {"905321234567", "902121234567", "447900123456", "48600123456",
            "79161234567", "12025550123", "989121234567"};
    private static final String[] FINAL_STATES = {"DELIVRD", "DELIVRD", "DELIVRD", "UNDELIV", "EXPIRED", "REJECTD"};
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path data;

    private final RingwayConfig config = ConfigLoader.parse("tree.yaml", """
            price-lists:
              - name: operator
                prefixes: {"90": "0.0100", "905": "0.0080", "44": "0.0300", "48": "0.0250", "7": "0.0350", "1": "0.0090"}
            upstreams:
              - {name: up, host: h, system-id: x}
            accounts:
              - {system-id: top, password-hash: "%s", price-list: operator, balance: "2000", dlr-timeout: 1h}
            """.formatted(HASH));

    /** Money moved per (account, message), from the movement stream. */
    private final Map<String, long[]> reservedAndRefunded = new HashMap<>();
    private final Map<String, Integer> refundsPerMessage = new HashMap<>();
    private final Map<Status, Integer> decisions = new java.util.EnumMap<>(Status.class);

    @Test
    void shouldKeepEveryBalanceExactAndReplayItIdentically() {
        BusinessLogicHandler live = BusinessLogicHandler.fromConfig(config, new Accounts(), new EngineCounters(),
                this::record);
        SplittableRandom random = new SplittableRandom(20261121);
        Map<Long, String> outcomes = new HashMap<>();
        try (Journal journal = new Journal(data)) {
            Journal.JournalAppender appender = journal.appender();
            Driver driver = new Driver(live, appender);
            buildTree(driver);
            driveTraffic(driver, random, outcomes);
            appender.close();

            assertInvariants(live, outcomes);

            BusinessLogicHandler replayed = BusinessLogicHandler.fromConfig(config, new Accounts(),
                    new EngineCounters(), MovementListener.NONE);
            MessageEvent scratch = new MessageEvent();
            long records = journal.replay(scratch, replayed::apply);
            assertThat(records).isEqualTo(driver.journaled);
            for (Wallet wallet : live.ledger().wallets()) {
                Wallet twin = replayed.ledger().wallet(wallet.account());
                assertThat(twin.balance()).as(wallet.account()).isEqualTo(wallet.balance());
                assertThat(twin.charged()).isEqualTo(wallet.charged());
                assertThat(twin.refunded()).isEqualTo(wallet.refunded());
                assertThat(twin.toppedUp()).isEqualTo(wallet.toppedUp());
            }
            assertThat(replayed.lastMessageId()).isEqualTo(live.lastMessageId());
            assertThat(replayed.inFlight()).isEqualTo(live.inFlight());
        }
    }

    private void buildTree(Driver driver) {
        driver.admin(AdminOperation.DEFINE_PRICE_LIST, "top", "top-retail", 0, 0, null,
                "90=0.0150;905=0.0120;44=0.0400;48=0.0300;7=0.0450;1=0.0100");
        driver.admin(AdminOperation.CREATE_ACCOUNT, "top", "mid", 0, 1_100_000, "top-retail", HASH);
        driver.admin(AdminOperation.TOP_UP, "top", "mid", 5_000_000_000L, 0, null, "opening");
        driver.admin(AdminOperation.DEFINE_PRICE_LIST, "mid", "mid-retail", 0, 0, null,
                "default=0.0600;90=0.0200;905=0.0180;44=0.0500");
        for (String leaf : new String[]{"leaf1", "leaf2", "leaf3"}) {
            driver.admin(AdminOperation.CREATE_ACCOUNT, "mid", leaf, 0, 0, "mid-retail", HASH);
            driver.admin(AdminOperation.TOP_UP, "mid", leaf, 1_200_000_000L, 0, null, "opening");
        }
        driver.admin(AdminOperation.SET_CREDIT_LIMIT, "mid", "leaf3", 5_000_000, 0, null, null);
    }

    private void driveTraffic(Driver driver, SplittableRandom random, Map<Long, String> outcomes) {
        String[] senders = {"leaf1", "leaf2", "leaf3", "leaf3", "mid", "top"};
        List<long[]> pendingReceipts = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            driver.clock += random.nextInt(5);
            String account = senders[random.nextInt(senders.length)];
            int length = 1 + random.nextInt(480);
            MessageEvent submitted = driver.submit(account, DESTINATIONS[random.nextInt(DESTINATIONS.length)], length);
            decisions.merge(submitted.status, 1, Integer::sum);
            if (submitted.status == Status.OK) {
                long id = submitted.message.id();
                int parts = submitted.message.segments();
                if (random.nextInt(100) < 2) {
                    driver.upstreamAck(id, parts - 1, null, 0x0B); // the upstream refused a part for good
                    outcomes.put(id, "REJECTD");
                } else {
                    for (int part = 0; part < parts; part++) {
                        driver.upstreamAck(id, part, "U" + id + "." + part, 0);
                    }
                    pendingReceipts.add(new long[]{id, random.nextInt(FINAL_STATES.length), parts});
                }
            }
            if (pendingReceipts.size() >= 64 || i == MESSAGES - 1) {
                Collections.shuffle(pendingReceipts, new java.util.Random(random.nextLong())); // out of order
                for (long[] pending : pendingReceipts) {
                    int dice = random.nextInt(100);
                    String state = FINAL_STATES[(int) pending[1]];
                    if (dice < 4) {
                        outcomes.put(pending[0], "UNKNOWN"); // never comes: the DLR timeout refunds it
                        continue;
                    }
                    for (int part = 0; part < pending[2]; part++) {
                        driver.receipt("U" + pending[0] + "." + part, state);
                    }
                    outcomes.put(pending[0], state);
                    if (dice < 10) {
                        driver.receipt("U" + pending[0] + ".0", state); // duplicate
                    } else if (dice < 12) {
                        driver.receipt("U" + pending[0] + ".0", state.equals("DELIVRD") ? "UNDELIV" : "DELIVRD"); // contradicting
                    }
                }
                pendingReceipts.clear();
            }
            if (i % 20_000 == 0) {
                driver.admin(AdminOperation.TOP_UP, null, "top", 500_000_000, 0, null, "monthly");
                driver.timer();
            }
        }
        driver.clock += 2 * HOUR;
        driver.timer();
    }

    private void assertInvariants(BusinessLogicHandler live, Map<Long, String> outcomes) {
        assertThat(live.ledger().openReservations()).as("every message closed").isZero();
        long accepted = outcomes.size();
        assertThat(accepted).as("most messages were paid for").isBetween(MESSAGES / 2L, MESSAGES - 1L);
        assertThat(decisions).as("refusals of both kinds were exercised")
                .containsKeys(Status.INSUFFICIENT_BALANCE, Status.NO_TARIFF);
        for (Wallet wallet : live.ledger().wallets()) {
            assertThat(wallet.balance()).as(wallet.account() + ": opening + top-ups - charges + refunds")
                    .isEqualTo(wallet.openingBalance() + wallet.toppedUp() - wallet.charged() + wallet.refunded());
            assertThat(wallet.balance()).as(wallet.account() + " within its credit limit")
                    .isGreaterThanOrEqualTo(-wallet.creditLimit());
        }
        assertThat(refundsPerMessage.values()).as("no message refunded twice").allMatch(count -> count == 1);
        reservedAndRefunded.forEach((key, amounts) -> {
            long id = Long.parseLong(key.substring(key.indexOf('#') + 1));
            boolean delivered = "DELIVRD".equals(outcomes.get(id));
            assertThat(amounts[1]).as(key + " refunded iff undelivered").isEqualTo(delivered ? 0 : amounts[0]);
        });
    }

    private void record(long time, String account, MovementType type, long messageId, long amount,
                        long balanceAfter, String reference) {
        String key = account + "#" + messageId;
        if (type == MovementType.RESERVE) {
            reservedAndRefunded.computeIfAbsent(key, k -> new long[2])[0] += amount;
        } else if (type == MovementType.REFUND) {
            reservedAndRefunded.computeIfAbsent(key, k -> new long[2])[1] += amount;
            refundsPerMessage.merge(key, 1, Integer::sum);
        }
    }


    /** Feeds inputs to the business logic the way the ring does: journal first, then apply. */
    private static final class Driver {
        private final BusinessLogicHandler logic;
        private final Journal.JournalAppender appender;
        private final MessageEvent event = new MessageEvent();
        long clock = 1_700_000_000_000L;
        long journaled;

        Driver(BusinessLogicHandler logic, Journal.JournalAppender appender) {
            this.logic = logic;
            this.appender = appender;
        }

        private MessageEvent begin(EventKind kind) {
            event.clear();
            event.kind = kind;
            event.timestamp = clock;
            return event;
        }

        private MessageEvent run() {
            appender.append(event);
            journaled++;
            logic.apply(event);
            return event;
        }

        MessageEvent submit(String account, String destination, int length) {
            begin(EventKind.SUBMIT);
            event.account = account;
            event.channel = Channel.HTTP;
            event.sourceAddress = "RINGWAY";
            event.destinationAddress = destination;
            event.registeredDelivery = 1;
            event.payload = new byte[length];
            return run();
        }

        void upstreamAck(long id, int part, String upstreamId, int status) {
            begin(EventKind.UPSTREAM_ACK);
            event.messageId = id;
            event.part = part;
            event.upstream = "up";
            event.upstreamMessageId = upstreamId;
            event.commandStatus = status;
            run();
        }

        void receipt(String upstreamId, String stat) {
            begin(EventKind.DLR);
            event.upstream = "up";
            event.upstreamMessageId = upstreamId;
            event.receiptStat = stat;
            run();
        }

        void timer() {
            begin(EventKind.TIMER);
            run();
        }

        void admin(AdminOperation operation, String actor, String target, long amount, long coefficient,
                   String priceList, String text) {
            begin(EventKind.ADMIN);
            event.adminOperation = operation;
            event.account = actor;
            event.target = target;
            event.amount = amount;
            event.coefficient = coefficient;
            event.priceList = priceList;
            event.text = text;
            assertThat(run().status).as(operation + " " + target).isEqualTo(Status.OK);
        }
    }
}
