package io.ringway.engine.billing;

import io.ringway.config.AccountConfig;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.AccountAdministration;
import io.ringway.engine.account.AccountAdministration.Command;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerSnapshotTest {
    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
    private static final String[] DESTINATIONS = {"905321234567", "+902121234567", "447900123456", "12025550123"};
    private static final String[] PAYERS = {"leaf", "shop", "kiosk", "free", "top"};
    /** Beyond the reservations' id window, so that restoring puts it in the map's overflow. */
    private static final long FAR_MESSAGE_ID = (1L << 21) + 7;

    private final RingwayConfig config = ConfigLoader.parse("ledger.yaml", """
            price-lists:
              - name: operator
                default: "0.05"
                prefixes: {"90": "0.0125", "905": "0.0100", "44": "0.0350"}
              - name: retail
                prefixes: {"90": "0.0200", "44": "0.0500"}
            upstreams:
              - {name: up, host: h, system-id: x}
            accounts:
              - {system-id: top, password-hash: "%1$s", price-list: operator, balance: "100"}
              - {system-id: leaf, password-hash: "%1$s", parent: top, price-list: retail, balance: "10",
                 refund-states: [UNDELIV]}
              - {system-id: free, password-hash: "%1$s"}
            """.formatted(HASH));

    private final List<String> originalMovements = new ArrayList<>();
    private final List<String> restoredMovements = new ArrayList<>();

    @Test
    void shouldRestoreBalancesTariffsSubAccountsAndOpenReservationsExactly() throws IOException {
        Ledger original = Ledger.fromConfig(config, recordInto(originalMovements));
        Accounts originalAccounts = new Accounts();
        AccountAdministration originalAdmin = new AccountAdministration(originalAccounts, original);
        buildResellerTree(originalAdmin);
        reserveAndClose(original, 1, 300);
        assertThat(original.reserve(original.wallet("kiosk"), FAR_MESSAGE_ID, DESTINATIONS[0], 2, 0))
                .isEqualTo(Ledger.RESERVED);
        byte[] ledgerBytes = write(original);
        byte[] accountBytes = write(originalAccounts);

        Ledger restored = Ledger.fromConfig(config, recordInto(restoredMovements));
        Accounts restoredAccounts = new Accounts();
        restored.readSnapshot(input(ledgerBytes));
        restoredAccounts.readSnapshot(input(accountBytes));

        assertThat(write(restored)).as("written again byte for byte").isEqualTo(ledgerBytes);
        assertThat(walletsOf(restored)).isEqualTo(walletsOf(original));
        assertThat(restored.openReservations()).isEqualTo(original.openReservations()).isGreaterThan(100);
        assertThat(restored.wallet("shop").parent()).isSameAs(restored.wallet("top"));
        assertThat(restored.wallet("kiosk").parent()).isSameAs(restored.wallet("shop"));
        assertThat(Ledger.price(restored.wallet("leaf"), "905321234567", 1))
                .as("leaf keeps the configuration's retail list that a redefinition replaced").isEqualTo(20_000);
        assertThat(restored.priceList("retail").unitPrice("905321234567")).as("the redefined list")
                .isEqualTo(30_000);
        assertThat(Ledger.price(restored.wallet("shop"), "905321234567", 1))
                .as("shop keeps top's first top-retail: 0.018 x 1.1").isEqualTo(19_800);
        assertThat(restored.priceList("top-retail").unitPrice("905321234567")).isEqualTo(20_000);
        assertThat(restored.priceList("top-retail").owner()).isEqualTo("top");
        assertThat(restored.charge(FAR_MESSAGE_ID)).isEqualTo(original.charge(FAR_MESSAGE_ID)).isEqualTo(100_000);

        List<Object> originalOutcomes = continueWith(original, originalAdmin);
        List<Object> restoredOutcomes = continueWith(restored, new AccountAdministration(restoredAccounts, restored));
        assertThat(restoredOutcomes).isEqualTo(originalOutcomes);
        assertThat(restoredMovements).isEqualTo(originalMovements.subList(originalMovements.size()
                - restoredMovements.size(), originalMovements.size()));
        assertThat(restoredMovements).hasSizeGreaterThan(500);
        assertThat(walletsOf(restored)).isEqualTo(walletsOf(original));
        assertThat(restored.openReservations()).isZero();
        assertThat(original.openReservations()).isZero();
    }

    @Test
    void shouldRestoreAnUntouchedLedgerToItsOpeningState() throws IOException {
        Ledger original = Ledger.fromConfig(config, MovementListener.NONE);
        byte[] bytes = write(original);

        Ledger restored = Ledger.fromConfig(config, MovementListener.NONE);
        restored.readSnapshot(input(bytes));

        assertThat(write(restored)).isEqualTo(bytes);
        assertThat(walletsOf(restored)).isEqualTo(walletsOf(original));
        assertThat(restored.priceList("operator")).isSameAs(restored.wallet("top").priceList());
    }

    @Test
    void shouldFailOnATruncatedSnapshot() throws IOException {
        Ledger original = Ledger.fromConfig(config, MovementListener.NONE);
        buildResellerTree(new AccountAdministration(new Accounts(), original));
        reserveAndClose(original, 1, 40);
        byte[] bytes = write(original);

        for (int length = 0; length < bytes.length; length += 1 + bytes.length / 60) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Ledger.fromConfig(config, MovementListener.NONE).readSnapshot(input(truncated)))
                    .as("cut at %d of %d", length, bytes.length).isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldFailOnAnotherSectionOrAnotherConfiguration() throws IOException {
        byte[] bytes = write(Ledger.fromConfig(config, MovementListener.NONE));
        byte[] corrupted = bytes.clone();
        corrupted[0] ^= 0x55;
        assertThatThrownBy(() -> Ledger.fromConfig(config, MovementListener.NONE).readSnapshot(input(corrupted)))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("ledger");

        RingwayConfig other = ConfigLoader.parse("other.yaml", """
                price-lists:
                  - {name: operator, default: "0.05"}
                upstreams:
                  - {name: up, host: h, system-id: x}
                accounts:
                  - {system-id: top, password-hash: "%s", price-list: operator, balance: "7"}
                """.formatted(HASH));
        assertThatThrownBy(() -> Ledger.fromConfig(other, MovementListener.NONE).readSnapshot(input(bytes)))
                .isInstanceOf(SnapshotFormatException.class);
    }

    /**
     * Top resells to a sub-account shop at its own list, shop to kiosk; a credit limit is set; the configuration's
     * retail list and top's first list are redefined while leaf and shop still buy at the old ones; the unmetered
     * account is given a price list.
     */
    private static void buildResellerTree(AccountAdministration admin) {
        assertThat(admin(admin, AdminOperation.DEFINE_PRICE_LIST, "top", "top-retail", 0, 0, null,
                "default=0.03;90=0.018;4479=0.04")).isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.CREATE_ACCOUNT, "top", "shop", 500_000, 1_100_000, "top-retail", HASH))
                .isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.TOP_UP, "top", "shop", 50_000_000, 0, null, "invoice 1"))
                .isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.DEFINE_PRICE_LIST, "shop", "shop-retail", 0, 0, null,
                "default=0.05")).isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.CREATE_ACCOUNT, "shop", "kiosk", 0, 0, "shop-retail", HASH))
                .isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.TOP_UP, "shop", "kiosk", 30_000_000, 0, null, null))
                .isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.SET_CREDIT_LIMIT, null, "leaf", 1_000_000, 0, null, null))
                .isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.DEFINE_PRICE_LIST, null, "retail", 0, 0, null, "90=0.03"))
                .isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.DEFINE_PRICE_LIST, "top", "top-retail", 0, 0, null,
                "default=0.04;90=0.02")).isEqualTo(Status.OK);
        assertThat(admin(admin, AdminOperation.SET_PRICE_LIST, null, "free", 0, 2_000_000, "retail", null))
                .isEqualTo(Status.OK);
    }

    /** Reserves messages {@code first..last} on every account and closes about half of them. */
    private static List<Object> reserveAndClose(Ledger ledger, int first, int last) {
        SplittableRandom random = new SplittableRandom(first);
        MessageState[] finals = {MessageState.DELIVERED, MessageState.UNDELIVERABLE, MessageState.EXPIRED};
        List<Object> outcomes = new ArrayList<>();
        for (int id = first; id <= last; id++) {
            Wallet payer = ledger.wallet(PAYERS[random.nextInt(PAYERS.length)]);
            outcomes.add(ledger.reserve(payer, id, DESTINATIONS[random.nextInt(DESTINATIONS.length)],
                    1 + random.nextInt(3), id));
            if (random.nextBoolean()) {
                outcomes.add(ledger.close(first + random.nextInt(id - first + 1), finals[random.nextInt(3)], id));
            }
        }
        return outcomes;
    }

    /** The same operations after the snapshot, on the original and on the restored ledger. */
    private static List<Object> continueWith(Ledger ledger, AccountAdministration admin) {
        List<Object> outcomes = new ArrayList<>(reserveAndClose(ledger, 301, 700));
        outcomes.add(admin(admin, AdminOperation.CREATE_ACCOUNT, "top", "stall", 0, 0, "top-retail", HASH));
        outcomes.add(admin(admin, AdminOperation.CREATE_ACCOUNT, null, "kiosk", 0, 0, null, HASH));
        outcomes.add(admin(admin, AdminOperation.TOP_UP, "top", "stall", 1_000_000, 0, null, "invoice 2"));
        outcomes.add(admin(admin, AdminOperation.SET_PRICE_LIST, "top", "shop", 0, 900_000, "top-retail", null));
        outcomes.add(admin(admin, AdminOperation.SET_CREDIT_LIMIT, "shop", "kiosk", 250_000, 0, null, null));
        outcomes.add(admin(admin, AdminOperation.DEFINE_PRICE_LIST, "shop", "top-retail", 0, 0, null, "default=1"));
        outcomes.add(ledger.topUp(ledger.wallet("leaf"), 5_000_000, AccountConfig.MAX_BALANCE, "wire", 800));
        outcomes.add(ledger.reserve(ledger.wallet("stall"), 701, DESTINATIONS[0], 1, 801));
        for (long id = 1; id <= 701; id++) {
            outcomes.add(ledger.charge(id));
            outcomes.add(ledger.close(id, id % 2 == 0 ? MessageState.UNDELIVERABLE : MessageState.DELIVERED, 900));
        }
        outcomes.add(ledger.close(FAR_MESSAGE_ID, MessageState.EXPIRED, 901));
        return outcomes;
    }

    private static Status admin(AccountAdministration admin, AdminOperation operation, String actor, String target,
                                long amount, long coefficient, String priceList, String text) {
        return admin.apply(new Command(operation, actor, target, amount, coefficient, priceList, text, 0,
                MessageEvent.ADMIN_RULES_CURRENT));
    }

    private static List<String> walletsOf(Ledger ledger) {
        List<String> lines = new ArrayList<>();
        for (Wallet wallet : ledger.wallets()) {
            lines.add(wallet.account() + " parent=" + (wallet.parent() == null ? null : wallet.parent().account())
                    + " balance=" + wallet.balance() + " limit=" + wallet.creditLimit()
                    + " opening=" + wallet.openingBalance() + " toppedUp=" + wallet.toppedUp()
                    + " charged=" + wallet.charged() + " refunded=" + wallet.refunded()
                    + " reserved=" + wallet.reserved()
                    + " list=" + (wallet.priceList() == null ? null : wallet.priceList().name())
                    + " coefficient=" + wallet.coefficient() + " refunds=" + wallet.refundStates()
                    + " dlrTimeout=" + wallet.dlrTimeoutMillis());
        }
        lines.sort(null);
        return lines;
    }

    private static MovementListener recordInto(List<String> movements) {
        return (time, account, type, messageId, amount, balanceAfter, reference) -> movements.add(time + " "
                + account + " " + type + " " + messageId + " " + amount + " " + balanceAfter + " " + reference);
    }

    private static byte[] write(Ledger ledger) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        ledger.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] write(Accounts accounts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        accounts.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static SnapshotInput input(byte[] bytes) {
        return new SnapshotInput(new ByteArrayInputStream(bytes));
    }
}
