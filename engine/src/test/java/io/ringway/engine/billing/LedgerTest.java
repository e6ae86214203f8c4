package io.ringway.engine.billing;

import io.ringway.config.AccountConfig;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.message.MessageState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {
    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
    private final List<String> movements = new ArrayList<>();

    private Ledger ledger(String accounts) {
        RingwayConfig config = ConfigLoader.parse("ledger.yaml", """
                price-lists:
                  - name: operator
                    default: "0.05"
                    prefixes: {"90": "0.0125", "905": "0.0100", "44": "0.0350"}
                  - name: retail
                    prefixes: {"90": "0.0200"}
                upstreams:
                  - {name: up, host: h, system-id: x}
                accounts:
                """ + accounts.replace("HASH", HASH));
        return Ledger.fromConfig(config, (time, account, type, messageId, amount, balanceAfter, reference) ->
                movements.add(account + " " + type + " " + messageId + " " + amount + " " + balanceAfter));
    }

    @Test
    void shouldPriceByLongestPrefixThenDefaultTimesCoefficientAndSegments() {
        Ledger ledger = ledger("""
                  - {system-id: a, password-hash: HASH, price-list: operator}
                  - {system-id: b, password-hash: HASH, price-list: operator, coefficient: "1.25"}
                  - {system-id: c, password-hash: HASH, price-list: retail}
                """);
        assertThat(Ledger.price(ledger.wallet("a"), "905321234567", 1)).isEqualTo(10_000);
        assertThat(Ledger.price(ledger.wallet("a"), "+902121234567", 1)).isEqualTo(12_500);
        assertThat(Ledger.price(ledger.wallet("a"), "447900123456", 3)).isEqualTo(105_000);
        assertThat(Ledger.price(ledger.wallet("a"), "12025550123", 1)).as("default").isEqualTo(50_000);
        assertThat(Ledger.price(ledger.wallet("b"), "902121234567", 2)).as("0.0125 x 1.25 x 2").isEqualTo(31_250);
        assertThat(Ledger.price(ledger.wallet("c"), "12025550123", 1)).as("no default").isEqualTo(PriceList.NO_PRICE);
    }

    @Test
    void shouldRoundACoefficientToTheNearestMicroUnitPerSegment() {
        Ledger ledger = ledger("""
                  - {system-id: a, password-hash: HASH, price-list: operator, coefficient: "1.000001"}
                """);
        // 12_500 x 1.000001 = 12_500.0125 -> 12_500 per segment, then x segments
        assertThat(Ledger.price(ledger.wallet("a"), "902121234567", 4)).isEqualTo(50_000);
    }

    @Test
    void shouldReserveAtEveryLevelOfTheResellerTreeOrAtNone() {
        Ledger ledger = ledger("""
                  - {system-id: top, password-hash: HASH, price-list: operator, balance: "0.015"}
                  - {system-id: leaf, password-hash: HASH, parent: top, price-list: retail, balance: "1.00"}
                """);
        assertThat(ledger.reserve(ledger.wallet("leaf"), 1, "905321234567", 1, 0)).isEqualTo(Ledger.RESERVED);
        assertThat(ledger.wallet("leaf").balance()).isEqualTo(1_000_000 - 20_000);
        assertThat(ledger.wallet("top").balance()).isEqualTo(15_000 - 10_000);

        assertThat(ledger.reserve(ledger.wallet("leaf"), 2, "905321234567", 1, 0))
                .as("the reseller cannot pay its own price").isEqualTo(Ledger.INSUFFICIENT_BALANCE);
        assertThat(ledger.wallet("leaf").balance()).as("nothing reserved").isEqualTo(980_000);
        assertThat(ledger.wallet("top").balance()).isEqualTo(5_000);
        assertThat(ledger.reserve(ledger.wallet("leaf"), 3, "447900123456", 1, 0))
                .as("retail has no UK price").isEqualTo(Ledger.NO_TARIFF);
    }

    @Test
    void shouldRefundEveryLevelWhatItPaidExactlyOnce() {
        Ledger ledger = ledger("""
                  - {system-id: top, password-hash: HASH, price-list: operator, balance: "10"}
                  - {system-id: leaf, password-hash: HASH, parent: top, price-list: retail, balance: "10"}
                """);
        ledger.reserve(ledger.wallet("leaf"), 1, "905321234567", 2, 0);
        assertThat(ledger.close(1, MessageState.UNDELIVERABLE, 5)).isTrue();
        assertThat(ledger.close(1, MessageState.UNDELIVERABLE, 6)).as("duplicate receipt").isFalse();
        assertThat(ledger.close(1, MessageState.DELIVERED, 7)).as("contradicting late receipt").isFalse();
        assertThat(ledger.wallet("leaf").balance()).isEqualTo(10_000_000);
        assertThat(ledger.wallet("top").balance()).isEqualTo(10_000_000);
        assertThat(movements).containsExactly(
                "leaf RESERVE 1 40000 9960000", "top RESERVE 1 20000 9980000",
                "leaf REFUND 1 40000 10000000", "top REFUND 1 20000 10000000");
    }

    @Test
    void shouldRefundAndSettleEveryLevelOfADeepResellerTreeAlsoWhenItsReservationIsReused() {
        Ledger ledger = ledger("""
                  - {system-id: top, password-hash: HASH, price-list: operator, balance: "10"}
                  - {system-id: shop, password-hash: HASH, parent: top, price-list: retail, balance: "10"}
                  - {system-id: kiosk, password-hash: HASH, parent: shop, price-list: retail, coefficient: "1.5",
                     balance: "10"}
                """);
        ledger.reserve(ledger.wallet("kiosk"), 1, "905321234567", 1, 0);
        assertThat(ledger.charge(1)).isEqualTo(30_000);
        ledger.close(1, MessageState.UNDELIVERABLE, 1);
        ledger.reserve(ledger.wallet("kiosk"), 2, "905321234567", 2, 2); // the closed reservation, reused
        ledger.close(2, MessageState.DELIVERED, 3);

        assertThat(movements).containsExactly(
                "kiosk RESERVE 1 30000 9970000", "shop RESERVE 1 20000 9980000", "top RESERVE 1 10000 9990000",
                "kiosk REFUND 1 30000 10000000", "shop REFUND 1 20000 10000000", "top REFUND 1 10000 10000000",
                "kiosk RESERVE 2 60000 9940000", "shop RESERVE 2 40000 9960000", "top RESERVE 2 20000 9980000",
                "kiosk SETTLE 2 60000 9940000", "shop SETTLE 2 40000 9960000", "top SETTLE 2 20000 9980000");
        assertThat(ledger.openReservations()).isZero();
    }

    @Test
    void shouldSettleADeliveredMessageAndStatesTheAccountDoesNotRefund() {
        Ledger ledger = ledger("""
                  - {system-id: a, password-hash: HASH, price-list: operator, balance: "1", refund-states: [UNDELIV]}
                """);
        ledger.reserve(ledger.wallet("a"), 1, "905321234567", 1, 0);
        ledger.reserve(ledger.wallet("a"), 2, "905321234567", 1, 0);
        ledger.reserve(ledger.wallet("a"), 3, "905321234567", 1, 0);
        ledger.close(1, MessageState.DELIVERED, 1);
        ledger.close(2, MessageState.EXPIRED, 1);
        ledger.close(3, MessageState.UNDELIVERABLE, 1);
        assertThat(ledger.wallet("a").balance()).isEqualTo(1_000_000 - 20_000);
        assertThat(movements).contains("a SETTLE 1 10000 970000", "a SETTLE 2 10000 970000", "a REFUND 3 10000 980000");
    }

    @Test
    void shouldLetACreditLimitTakeTheBalanceBelowZeroAndNoFurther() {
        Ledger ledger = ledger("""
                  - {system-id: a, password-hash: HASH, price-list: operator, credit-limit: "0.015"}
                """);
        assertThat(ledger.reserve(ledger.wallet("a"), 1, "905321234567", 1, 0)).isEqualTo(Ledger.RESERVED);
        assertThat(ledger.wallet("a").balance()).isEqualTo(-10_000);
        assertThat(ledger.reserve(ledger.wallet("a"), 2, "905321234567", 1, 0)).isEqualTo(Ledger.INSUFFICIENT_BALANCE);
    }

    @Test
    void shouldRefuseATopUpThatWouldOverflow() {
        Ledger ledger = ledger("""
                  - {system-id: a, password-hash: HASH, price-list: operator, balance: "1000"}
                """);
        assertThat(ledger.topUp(ledger.wallet("a"), Long.MAX_VALUE - 10, Ledger.NO_CEILING, "huge", 0)).isFalse();
        assertThat(ledger.topUp(ledger.wallet("a"), -5, Ledger.NO_CEILING, "negative", 0)).isFalse();
        assertThat(ledger.wallet("a").balance()).isEqualTo(1_000_000_000L);
        assertThat(ledger.topUp(ledger.wallet("a"), 5, Ledger.NO_CEILING, "ok", 0)).isTrue();
        assertThat(ledger.wallet("a").toppedUp()).isEqualTo(5);
    }

    @Test
    void shouldRefuseATopUpPastTheCeilingCountingWhatOpenReservationsWillGiveBack() {
        Ledger ledger = ledger("""
                  - {system-id: a, password-hash: HASH, price-list: operator, balance: "1000"}
                """);
        Wallet a = ledger.wallet("a");
        assertThat(ledger.reserve(a, 1, "905321234567", 3, 0)).isEqualTo(Ledger.RESERVED);
        long room = AccountConfig.MAX_BALANCE - 1_000_000_000L;

        assertThat(ledger.topUp(a, room + 30_000, AccountConfig.MAX_BALANCE, "what the balance alone has room for", 0))
                .isFalse();
        assertThat(ledger.topUp(a, room + 1, AccountConfig.MAX_BALANCE, "one too many", 0)).isFalse();
        assertThat(a.balance()).isEqualTo(1_000_000_000L - 30_000);
        assertThat(ledger.topUp(a, room, AccountConfig.MAX_BALANCE, "up to the ceiling", 0)).isTrue();
        assertThat(ledger.close(1, MessageState.UNDELIVERABLE, 0)).isTrue();
        assertThat(a.balance()).as("refunded up to the ceiling, not past it").isEqualTo(AccountConfig.MAX_BALANCE);
        assertThat(a.reserved()).isZero();
    }

    @Test
    void shouldKeepWhatEachWalletHasReservedAcrossSettlementsAndRefundsAtEveryLevel() {
        Ledger ledger = ledger("""
                  - {system-id: top, password-hash: HASH, price-list: operator, balance: "10"}
                  - {system-id: shop, password-hash: HASH, parent: top, price-list: retail, balance: "10"}
                """);
        ledger.reserve(ledger.wallet("shop"), 1, "905321234567", 1, 0);
        ledger.reserve(ledger.wallet("shop"), 2, "905321234567", 2, 0);
        assertThat(ledger.wallet("shop").reserved()).isEqualTo(60_000);
        assertThat(ledger.wallet("top").reserved()).isEqualTo(30_000);

        ledger.close(1, MessageState.DELIVERED, 0);
        ledger.close(2, MessageState.EXPIRED, 0);

        assertThat(ledger.wallet("shop").reserved()).isZero();
        assertThat(ledger.wallet("top").reserved()).isZero();
        assertThat(ledger.wallet("shop").balance()).isEqualTo(10_000_000 - 20_000);
    }

    @Test
    void shouldChargeNothingToAnUnmeteredAccount() {
        Ledger ledger = ledger("""
                  - {system-id: a, password-hash: HASH}
                """);
        assertThat(ledger.reserve(ledger.wallet("a"), 1, "12025550123", 5, 0)).isEqualTo(Ledger.RESERVED);
        assertThat(ledger.charge(1)).isZero();
        assertThat(movements).isEmpty();
    }
}
