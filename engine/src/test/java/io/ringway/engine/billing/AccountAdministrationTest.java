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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccountAdministrationTest {
    private static final String HASH = "pbkdf2-sha256$1000$c2FsdA$aGFzaA";
    private final RingwayConfig config = ConfigLoader.parse("admin.yaml", """
            price-lists:
              - {name: operator, default: "0.01"}
            upstreams:
              - {name: up, host: h, system-id: x}
            accounts:
              - {system-id: reseller, password-hash: "%1$s", price-list: operator, balance: "100"}
              - {system-id: rival, password-hash: "%1$s", price-list: operator, balance: "100"}
            """.formatted(HASH));
    private final Accounts accounts = new Accounts();
    private final Ledger ledger = Ledger.fromConfig(config, MovementListener.NONE);
    private final AccountAdministration admin = new AccountAdministration(accounts, ledger);

    private Status apply(AdminOperation operation, String actor, String target, long amount, long coefficient,
                         String priceList, String text) {
        return admin.apply(new Command(operation, actor, target, amount, coefficient, priceList, text, 0,
                MessageEvent.ADMIN_RULES_CURRENT));
    }

    @Test
    void shouldLetAResellerBuildAndFundItsOwnSubAccounts() {
        assertThat(apply(AdminOperation.DEFINE_PRICE_LIST, "reseller", "reseller-retail", 0, 0, null,
                "default=0.02;90=0.015")).isEqualTo(Status.OK);
        assertThat(apply(AdminOperation.CREATE_ACCOUNT, "reseller", "shop", 0, 1_100_000, "reseller-retail", HASH))
                .isEqualTo(Status.OK);
        assertThat(apply(AdminOperation.TOP_UP, "reseller", "shop", 5_000_000, 0, null, "invoice 7")).isEqualTo(Status.OK);

        Wallet shop = ledger.wallet("shop");
        assertThat(shop.parent()).isSameAs(ledger.wallet("reseller"));
        assertThat(shop.balance()).isEqualTo(5_000_000);
        assertThat(Ledger.price(shop, "905321234567", 1)).as("0.015 x 1.1").isEqualTo(16_500);
        assertThat(ledger.wallet("reseller").balance()).as("a reseller's top-up moves none of its money")
                .isEqualTo(100_000_000);
        assertThat(accounts.find("shop")).as("the new account can bind").isNotNull();
    }

    @Test
    void shouldKeepAResellerOutOfOtherAccounts() {
        apply(AdminOperation.CREATE_ACCOUNT, "rival", "theirs", 0, 0, null, HASH);
        assertThat(apply(AdminOperation.TOP_UP, "reseller", "theirs", 1, 0, null, null)).isEqualTo(Status.FORBIDDEN);
        assertThat(apply(AdminOperation.TOP_UP, "reseller", "reseller", 1, 0, null, null))
                .as("not even itself").isEqualTo(Status.FORBIDDEN);
        assertThat(apply(AdminOperation.CREATE_ACCOUNT, "reseller", "mine", 0, 0, "operator", HASH))
                .as("it sells from its own price lists").isEqualTo(Status.FORBIDDEN);
        apply(AdminOperation.DEFINE_PRICE_LIST, "rival", "rival-list", 0, 0, null, "default=1");
        assertThat(apply(AdminOperation.DEFINE_PRICE_LIST, "reseller", "rival-list", 0, 0, null, "default=0"))
                .as("cannot replace another's list").isEqualTo(Status.FORBIDDEN);
        assertThat(apply(AdminOperation.TOP_UP, "nobody", "theirs", 1, 0, null, null)).isEqualTo(Status.UNKNOWN_ACCOUNT);
    }

    @Test
    void shouldLetTheOperatorManageEveryAccount() {
        assertThat(apply(AdminOperation.TOP_UP, null, "rival", 1_000_000, 0, null, "wire")).isEqualTo(Status.OK);
        assertThat(apply(AdminOperation.SET_CREDIT_LIMIT, null, "rival", 2_000_000, 0, null, null)).isEqualTo(Status.OK);
        assertThat(ledger.wallet("rival").creditLimit()).isEqualTo(2_000_000);
        assertThat(apply(AdminOperation.SET_PRICE_LIST, null, "rival", 0, 0, "missing", null))
                .isEqualTo(Status.UNKNOWN_PRICE_LIST);
    }

    @Test
    void shouldRepriceEveryAccountOnAListWhenItIsRedefined() {
        apply(AdminOperation.REDEFINE_PRICE_LIST, "reseller", "retail", 0, 0, null, "default=0.02");
        apply(AdminOperation.CREATE_ACCOUNT, "reseller", "shop", 0, 2_000_000, "retail", HASH);

        assertThat(apply(AdminOperation.REDEFINE_PRICE_LIST, "reseller", "retail", 0, 0, null, "default=0.05"))
                .isEqualTo(Status.OK);

        Wallet shop = ledger.wallet("shop");
        assertThat(Ledger.price(shop, "905321234567", 1)).as("0.05 x 2, the coefficient kept").isEqualTo(100_000);
        assertThat(shop.priceList()).isSameAs(ledger.priceList("retail"));
    }

    @Test
    void shouldDecideTheOldDefineAsItWasJournaled() {
        // Commands journaled before REDEFINE_PRICE_LIST replay alike: the accounts on the list kept its old tariffs.
        apply(AdminOperation.DEFINE_PRICE_LIST, "reseller", "retail", 0, 0, null, "default=0.02");
        apply(AdminOperation.CREATE_ACCOUNT, "reseller", "shop", 0, 0, "retail", HASH);

        assertThat(apply(AdminOperation.DEFINE_PRICE_LIST, "reseller", "retail", 0, 0, null, "default=0.05"))
                .isEqualTo(Status.OK);

        assertThat(Ledger.price(ledger.wallet("shop"), "905321234567", 1)).isEqualTo(20_000);
        assertThat(apply(AdminOperation.DEFINE_PRICE_LIST, null, "retail", 0, 0, null, "default=1"))
                .as("nor could the operator replace a reseller's list").isEqualTo(Status.FORBIDDEN);
    }

    @Test
    void shouldLetTheOperatorRedefineAResellersListWhichKeepsItsOwner() {
        apply(AdminOperation.REDEFINE_PRICE_LIST, "reseller", "retail", 0, 0, null, "default=0.02");
        apply(AdminOperation.CREATE_ACCOUNT, "reseller", "shop", 0, 0, "retail", HASH);

        assertThat(apply(AdminOperation.REDEFINE_PRICE_LIST, null, "retail", 0, 0, null, "default=0.03"))
                .isEqualTo(Status.OK);
        assertThat(apply(AdminOperation.REDEFINE_PRICE_LIST, "rival", "retail", 0, 0, null, "default=0"))
                .isEqualTo(Status.FORBIDDEN);

        assertThat(ledger.priceList("retail").owner()).isEqualTo("reseller");
        assertThat(Ledger.price(ledger.wallet("shop"), "905321234567", 1)).isEqualTo(30_000);
        assertThat(apply(AdminOperation.CREATE_ACCOUNT, "reseller", "shop2", 0, 0, "retail", HASH))
                .as("still the reseller's to sell from").isEqualTo(Status.OK);
    }

    @Test
    void shouldTellAResellerNothingAboutAccountsThatAreNotItsOwn() {
        assertThat(apply(AdminOperation.TOP_UP, "reseller", "does-not-exist", 1, 0, null, null))
                .as("as for another's account").isEqualTo(Status.FORBIDDEN);
        assertThat(apply(AdminOperation.SET_CREDIT_LIMIT, "reseller", "does-not-exist", 1, 0, null, null))
                .isEqualTo(Status.FORBIDDEN);
        assertThat(apply(AdminOperation.SET_PRICE_LIST, "reseller", "does-not-exist", 0, 0, "operator", null))
                .isEqualTo(Status.FORBIDDEN);
        assertThat(apply(AdminOperation.TOP_UP, null, "does-not-exist", 1, 0, null, null))
                .as("the operator is told").isEqualTo(Status.UNKNOWN_ACCOUNT);
    }

    @Test
    void shouldCapTheCreditLimitOfANewAccountAndNeverWrapARichLimitIntoBalance() {
        assertThat(apply(AdminOperation.CREATE_ACCOUNT, null, "wrap", Long.MAX_VALUE, 0, "operator", HASH))
                .isEqualTo(Status.INVALID_AMOUNT);
        assertThat(apply(AdminOperation.CREATE_ACCOUNT, null, "wrap", 1_000_000_000_000L * 1_000_000 + 1, 0,
                "operator", HASH)).isEqualTo(Status.INVALID_AMOUNT);
        assertThat(apply(AdminOperation.CREATE_ACCOUNT, null, "rich", 1_000_000_000_000L * 1_000_000, 0,
                "operator", HASH)).as("one trillion, the cap").isEqualTo(Status.OK);

        // A limit past the cap (an account opened before it existed): a debt beyond a long's range is not "covered".
        Wallet unbounded = ledger.open("unbounded", null, ledger.priceList("operator"), 1_000_000, Long.MAX_VALUE,
                0, 0);
        unbounded.debit(Long.MAX_VALUE - 10);
        assertThat(unbounded.canPay(10)).isTrue();
        assertThat(unbounded.canPay(100)).as("balance - amount would wrap around to a positive").isFalse();
    }

    @Test
    void shouldRefuseMalformedCommands() {
        assertThat(apply(AdminOperation.CREATE_ACCOUNT, null, "reseller", 0, 0, null, HASH)).isEqualTo(Status.ACCOUNT_EXISTS);
        assertThat(apply(AdminOperation.CREATE_ACCOUNT, null, "x", 0, 0, null, "plain-password"))
                .isEqualTo(Status.SUBMIT_FAILED);
        assertThat(apply(AdminOperation.TOP_UP, null, "rival", 0, 0, null, null)).isEqualTo(Status.INVALID_AMOUNT);
        assertThat(apply(AdminOperation.TOP_UP, null, "rival", Long.MAX_VALUE, 0, null, null)).isEqualTo(Status.INVALID_AMOUNT);
        assertThat(apply(AdminOperation.DEFINE_PRICE_LIST, null, "l", 0, 0, null, "90=-0.01")).isEqualTo(Status.INVALID_TARIFF);
        assertThat(apply(AdminOperation.DEFINE_PRICE_LIST, null, "l", 0, 0, null, "9a=0.01")).isEqualTo(Status.INVALID_TARIFF);
        assertThat(apply(AdminOperation.DEFINE_PRICE_LIST, null, "l", 0, 0, null, "90=abc")).isEqualTo(Status.INVALID_TARIFF);
        assertThat(apply(AdminOperation.DEFINE_PRICE_LIST, null, "l", 0, 0, null, "90=0.01;90=0.02")).isEqualTo(Status.INVALID_TARIFF);
    }

    @Test
    void shouldRefuseATopUpThatWouldLeaveARefundNoRoomButDecideOlderRecordsAsTheyWere() {
        ledger.reserve(ledger.wallet("rival"), 1, "905321234567", 1, 0); // 0.01 of its 100.00 reserved
        long toTheBrink = Long.MAX_VALUE - ledger.wallet("rival").balance();

        assertThat(apply(AdminOperation.TOP_UP, null, "rival", toTheBrink, 0, null, null))
                .as("past one trillion once the reservation is refunded").isEqualTo(Status.INVALID_AMOUNT);
        assertThat(apply(AdminOperation.TOP_UP, null, "rival", AccountConfig.MAX_BALANCE - 100_000_000, 0, null,
                null)).as("up to one trillion with the reservation refunded").isEqualTo(Status.OK);
        ledger.close(1, MessageState.UNDELIVERABLE, 0);
        assertThat(ledger.wallet("rival").balance()).isEqualTo(AccountConfig.MAX_BALANCE);

        ledger.reserve(ledger.wallet("reseller"), 2, "905321234567", 1, 0);
        long brink = Long.MAX_VALUE - ledger.wallet("reseller").balance();
        Status journaledBefore = admin.apply(new Command(AdminOperation.TOP_UP, null, "reseller", brink, 0, null,
                null, 0, (byte) 0));
        assertThat(journaledBefore).as("a record of the first rules is decided as it was").isEqualTo(Status.OK);
    }
}
