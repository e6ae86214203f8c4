package io.ringway.engine.account;

import io.ringway.config.AccountConfig;
import io.ringway.config.Money;
import io.ringway.config.PriceListConfig;
import io.ringway.engine.billing.Ledger;
import io.ringway.engine.billing.PriceList;
import io.ringway.engine.billing.Wallet;
import io.ringway.engine.message.Status;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies account-administration commands on the business-logic thread. The operator (no asking account) may do
 * anything; a reseller may create sub-accounts under itself, define its own price lists, and top up, set credit
 * limits and assign its own price lists only for its direct sub-accounts.
 *
 * <p>A reseller topping up a sub-account moves none of its own money: it collects payment from its customer
 * outside Ringway, and pays for every message at its own price through the reseller tree.
 */
public final class AccountAdministration {
    private static final long ONE = Money.ONE;
    private static final int DEFAULT_MAX_BINDS = 4;
    private static final long DEFAULT_DLR_TIMEOUT_MILLIS = 48L * 3600 * 1000;

    private final Accounts accounts;
    private final Ledger ledger;

    public AccountAdministration(Accounts accounts, Ledger ledger) {
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /** The fields of one ADMIN event; {@code rules} as {@code MessageEvent.adminRules}. */
    public record Command(AdminOperation operation, String actor, String target, long amount, long coefficient,
                          String priceList, String text, long time, byte rules) {
    }

    public Status apply(Command command) {
        if (command.operation() == null) {
            return Status.SUBMIT_FAILED;
        }
        Wallet actor = null;
        if (command.actor() != null) {
            actor = ledger.wallet(command.actor());
            if (actor == null) {
                return Status.UNKNOWN_ACCOUNT;
            }
        }
        return switch (command.operation()) {
            case CREATE_ACCOUNT -> createAccount(actor, command);
            case TOP_UP -> topUp(actor, command);
            case SET_CREDIT_LIMIT -> creditLimit(actor, command);
            case SET_PRICE_LIST -> assignPriceList(actor, command);
            case DEFINE_PRICE_LIST -> definePriceList(actor, command);
            case REDEFINE_PRICE_LIST -> redefinePriceList(actor, command);
        };
    }

    private Status createAccount(Wallet actor, Command command) {
        String name = command.target();
        if (name == null || name.isEmpty() || name.length() > 15 || command.text() == null
                || !command.text().startsWith(PasswordHasher.PREFIX + "$")) {
            return Status.SUBMIT_FAILED;
        }
        if (ledger.wallet(name) != null || accounts.find(name) != null) {
            return Status.ACCOUNT_EXISTS;
        }
        PriceList list = null;
        if (command.priceList() != null) {
            list = ledger.priceList(command.priceList());
            if (list == null) {
                return Status.UNKNOWN_PRICE_LIST;
            }
            if (!mayUse(actor, list)) {
                return Status.FORBIDDEN;
            }
        }
        long coefficient = command.coefficient() == 0 ? ONE : command.coefficient();
        if (coefficient < 0 || coefficient > AccountConfig.MAX_COEFFICIENT || command.amount() < 0
                || command.amount() > AccountConfig.MAX_BALANCE) { // the credit limit, capped like SET_CREDIT_LIMIT's
            return Status.INVALID_AMOUNT;
        }
        // A sub-account keeps its reseller's DLR timeout and refund rules: the reseller answers for them upstream.
        int refundStates = actor == null ? Wallet.refundMask(AccountConfig.REFUNDABLE_STATES) : actor.refundStates();
        long dlrTimeout = actor == null ? DEFAULT_DLR_TIMEOUT_MILLIS : actor.dlrTimeoutMillis();
        ledger.open(name, actor, list, coefficient, command.amount(), refundStates, dlrTimeout);
        accounts.add(new Account(name, command.text(), DEFAULT_MAX_BINDS, List.of()));
        return Status.OK;
    }

    private Status topUp(Wallet actor, Command command) {
        Wallet target = ledger.wallet(command.target());
        Status access = manage(actor, target);
        if (access != Status.OK) {
            return access;
        }
        long ceiling = command.rules() >= 1 ? AccountConfig.MAX_BALANCE : Ledger.NO_CEILING;
        return ledger.topUp(target, command.amount(), ceiling, command.text(), command.time())
                ? Status.OK : Status.INVALID_AMOUNT;
    }

    private Status creditLimit(Wallet actor, Command command) {
        Wallet target = ledger.wallet(command.target());
        Status access = manage(actor, target);
        if (access != Status.OK) {
            return access;
        }
        if (command.amount() < 0 || command.amount() > AccountConfig.MAX_BALANCE) {
            return Status.INVALID_AMOUNT;
        }
        ledger.creditLimit(target, command.amount(), command.time());
        return Status.OK;
    }

    private Status assignPriceList(Wallet actor, Command command) {
        Wallet target = ledger.wallet(command.target());
        Status access = manage(actor, target);
        if (access != Status.OK) {
            return access;
        }
        PriceList list = ledger.priceList(command.priceList());
        if (list == null) {
            return Status.UNKNOWN_PRICE_LIST;
        }
        if (!mayUse(actor, list)) {
            return Status.FORBIDDEN;
        }
        long coefficient = command.coefficient() == 0 ? ONE : command.coefficient();
        if (coefficient < 0 || coefficient > AccountConfig.MAX_COEFFICIENT) {
            return Status.INVALID_AMOUNT;
        }
        ledger.assignPriceList(target, list, coefficient);
        return Status.OK;
    }

    private Status definePriceList(Wallet actor, Command command) {
        String name = command.target();
        if (name == null || name.isEmpty()) {
            return Status.INVALID_TARIFF;
        }
        PriceList existing = ledger.priceList(name);
        String owner = actor == null ? null : actor.account();
        if (existing != null && !java.util.Objects.equals(existing.owner(), owner)) {
            return Status.FORBIDDEN;
        }
        PriceList list = parseTariffs(name, owner, command.text());
        if (list == null) {
            return Status.INVALID_TARIFF;
        }
        ledger.define(list);
        return Status.OK;
    }

    /**
     * The operator manages every account; a reseller only its direct sub-accounts. To a reseller an account that does
     * not exist is as forbidden as another's, so that it learns nothing about which accounts exist.
     */
    private static Status manage(Wallet actor, Wallet target) {
        if (target == null) {
            return actor == null ? Status.UNKNOWN_ACCOUNT : Status.FORBIDDEN;
        }
        if (actor != null && target.parent() != actor) {
            return Status.FORBIDDEN;
        }
        return Status.OK;
    }

    private Status redefinePriceList(Wallet actor, Command command) {
        String name = command.target();
        if (name == null || name.isEmpty()) {
            return Status.INVALID_TARIFF;
        }
        PriceList existing = ledger.priceList(name);
        if (existing != null && actor != null && !actor.account().equals(existing.owner())) {
            return Status.FORBIDDEN;
        }
        String owner = actor != null ? actor.account() : existing != null ? existing.owner() : null;
        PriceList list = parseTariffs(name, owner, command.text());
        if (list == null) {
            return Status.INVALID_TARIFF;
        }
        ledger.redefine(list);
        return Status.OK;
    }

    /** A reseller sells from its own price lists; the operator may assign any. */
    private static boolean mayUse(Wallet actor, PriceList list) {
        return actor == null || actor.account().equals(list.owner());
    }

    /**
     * {@code "default=0.05;90=0.0125;4479=0.03"}: prefix (1-15 digits) or {@code default}, then a decimal price of
     * at most 1,000.00 with at most six places. Returns {@code null} for anything else.
     */
    static PriceList parseTariffs(String name, String owner, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Map<String, Long> prefixes = new HashMap<>();
        long defaultPrice = PriceList.NO_PRICE;
        for (String entry : text.split(";")) {
            String[] parts = entry.trim().split("=");
            if (parts.length != 2) {
                return null;
            }
            long price;
            try {
                price = Money.parse(parts[1]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (price < 0 || price > PriceListConfig.MAX_PRICE) {
                return null;
            }
            String prefix = parts[0].trim();
            if (prefix.equals("default")) {
                defaultPrice = price;
            } else if (prefix.matches("[0-9]{1,15}") && prefixes.put(prefix, price) == null) {
                continue;
            } else {
                return null;
            }
        }
        return new PriceList(name, owner, defaultPrice, prefixes);
    }
}
