package io.ringway.engine.billing;

import io.ringway.config.AccountConfig;
import io.ringway.config.PriceListConfig;
import io.ringway.config.RingwayConfig;
import io.ringway.config.UserGroupConfig;
import io.ringway.engine.message.MessageIdMap;
import io.ringway.engine.message.MessageState;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepaid ledger and rating of every account, owned by the business-logic thread.
 *
 * <p>A message is rated for its account and for every reseller above it: each level pays the price its parent
 * sells to it ({@code unit price(price list, destination) x coefficient x segments}), and the top level pays the
 * operator's price. All levels are reserved together when the message is accepted, or none is. The reservation
 * remembers who paid what, so that a refund gives each level back exactly what it paid, once, even if a tariff
 * changed in between; settlement and refund both remove the reservation, so a duplicate receipt finds nothing.
 */
public final class Ledger {
    /** Outcome of {@link #reserve}: the amounts were reserved. */
    public static final int RESERVED = 0;
    /** Some level of the tree cannot pay. */
    public static final int INSUFFICIENT_BALANCE = 1;
    /** Some level of the tree has no price for the destination. */
    public static final int NO_TARIFF = 2;

    private static final long ONE = 1_000_000L;

    private final Map<String, Wallet> wallets = new HashMap<>();
    private final Map<String, PriceList> priceLists = new HashMap<>();
    private final MessageIdMap<Reservation> reservations = new MessageIdMap<>(MessageIdMap.UNTIL_RECEIPT);
    /** Closed reservations for reuse, by depth (reseller trees deeper than the pool are not pooled). */
    private final Reservation[] freeByDepth = new Reservation[8];
    private final MovementListener movements;

    public Ledger(MovementListener movements) {
        this.movements = movements;
    }

    /** Builds the ledger's opening state from the configuration file (parents before children). */
    public static Ledger fromConfig(RingwayConfig config, MovementListener movements) {
        Ledger ledger = new Ledger(movements);
        for (PriceListConfig list : config.priceLists()) {
            ledger.priceLists.put(list.name(), PriceList.from(list));
        }
        Map<String, UserGroupConfig> groups = new HashMap<>();
        config.userGroups().forEach(group -> groups.put(group.name(), group));
        Map<String, AccountConfig> pending = new HashMap<>();
        config.accounts().forEach(account -> pending.put(account.systemId(), account));
        while (!pending.isEmpty()) {
            for (AccountConfig account : pending.values().toArray(AccountConfig[]::new)) {
                if (account.parent() == null || ledger.wallets.containsKey(account.parent())) {
                    ledger.open(account, groups);
                    pending.remove(account.systemId());
                }
            }
        }
        return ledger;
    }

    private void open(AccountConfig account, Map<String, UserGroupConfig> groups) {
        UserGroupConfig group = account.userGroup() == null ? null : groups.get(account.userGroup());
        String listName = account.priceList() != null ? account.priceList() : group == null ? null : group.priceList();
        long coefficient = account.coefficient() != 0 ? account.coefficient() : group == null ? ONE : group.coefficient();
        wallets.put(account.systemId(), new Wallet(account.systemId(), wallets.get(account.parent()),
                account.balance(), account.creditLimit(), listName == null ? null : priceLists.get(listName),
                coefficient, Wallet.refundMask(account.refundStates()), account.dlrTimeout().toMillis()));
    }

    public Wallet wallet(String account) {
        return wallets.get(account);
    }

    public Collection<Wallet> wallets() {
        return wallets.values();
    }

    public PriceList priceList(String name) {
        return priceLists.get(name);
    }

    /**
     * The price {@code wallet} pays for {@code segments} segments to {@code destination}, or
     * {@link PriceList#NO_PRICE}; 0 for an unmetered account.
     */
    public static long price(Wallet wallet, String destination, int segments) {
        if (!wallet.metered()) {
            return 0;
        }
        long unit = wallet.priceList().unitPrice(destination);
        if (unit == PriceList.NO_PRICE) {
            return PriceList.NO_PRICE;
        }
        long perSegment = (unit * wallet.coefficient() + ONE / 2) / ONE;
        return perSegment * segments;
    }

    /**
     * Rates message {@code messageId} for {@code wallet} and every reseller above it and reserves all of it, or
     * nothing. Returns {@link #RESERVED}, {@link #INSUFFICIENT_BALANCE} or {@link #NO_TARIFF}.
     */
    public int reserve(Wallet wallet, long messageId, String destination, int segments, long time) {
        int depth = 0;
        for (Wallet level = wallet; level != null; level = level.parent()) {
            long price = price(level, destination, segments);
            if (price == PriceList.NO_PRICE) {
                return NO_TARIFF;
            }
            if (!level.canPay(price)) {
                return INSUFFICIENT_BALANCE;
            }
            depth++;
        }
        Reservation reservation = reservationOf(depth);
        int index = 0;
        for (Wallet level = wallet; level != null; level = level.parent()) {
            long price = price(level, destination, segments);
            level.debit(price);
            reservation.payers[index] = level;
            reservation.amounts[index++] = price;
            if (price != 0) {
                movements.movement(time, level.account(), MovementType.RESERVE, messageId, price, level.balance(),
                        destination);
            }
        }
        reservations.put(messageId, reservation);
        return RESERVED;
    }

    /** What {@code wallet} itself was charged for the message, or 0 when nothing is reserved. */
    public long charge(long messageId) {
        Reservation reservation = reservations.get(messageId);
        return reservation == null ? 0 : reservation.amounts[0];
    }

    /**
     * Closes the reservation of a message that reached {@code finalState}: each level is refunded if its account
     * refunds that state, otherwise the charge is settled. Returns false when the message had no reservation
     * (already closed: a duplicate receipt changes nothing).
     */
    public boolean close(long messageId, MessageState finalState, long time) {
        Reservation reservation = reservations.remove(messageId);
        if (reservation == null) {
            return false;
        }
        for (int i = 0; i < reservation.payers.length; i++) {
            Wallet payer = reservation.payers[i];
            long amount = reservation.amounts[i];
            if (amount == 0) {
                continue;
            }
            if (finalState.isFailure() && payer.refunds(finalState)) {
                payer.credit(amount);
                movements.movement(time, payer.account(), MovementType.REFUND, messageId, amount, payer.balance(), null);
            } else {
                movements.movement(time, payer.account(), MovementType.SETTLE, messageId, amount, payer.balance(), null);
            }
        }
        release(reservation);
        return true;
    }

    /** Adds {@code amount} to the balance; false when it would overflow (nothing changes then). */
    public boolean topUp(Wallet wallet, long amount, String reference, long time) {
        if (amount <= 0 || !wallet.topUp(amount)) {
            return false;
        }
        movements.movement(time, wallet.account(), MovementType.TOP_UP, 0, amount, wallet.balance(), reference);
        return true;
    }

    /** Puts a refused submission on the account's statement; {@code reason} is the refusal's code. */
    public void rejected(Wallet wallet, String reason, long time) {
        movements.movement(time, wallet.account(), MovementType.REJECTED, 0, 0, wallet.balance(), reason);
    }

    public void creditLimit(Wallet wallet, long creditLimit, long time) {
        wallet.creditLimit(creditLimit);
        movements.movement(time, wallet.account(), MovementType.CREDIT_LIMIT, 0, creditLimit, wallet.balance(), null);
    }

    public void assignPriceList(Wallet wallet, PriceList priceList, long coefficient) {
        wallet.priceList(priceList, coefficient);
    }

    /** Opens a wallet for an account created at run time (a reseller's sub-account). */
    public Wallet open(String account, Wallet parent, PriceList priceList, long coefficient, long creditLimit,
                       int refundMask, long dlrTimeoutMillis) {
        Wallet wallet = new Wallet(account, parent, 0, creditLimit, priceList, coefficient, refundMask,
                dlrTimeoutMillis);
        wallets.put(account, wallet);
        return wallet;
    }

    public void define(PriceList priceList) {
        priceLists.put(priceList.name(), priceList);
    }

    /** Reservations not yet settled or refunded. */
    public int openReservations() {
        return reservations.size();
    }

    /**
     * A reservation for {@code depth} payers: a closed one of that depth when there is one, so that a steady
     * stream of messages reserves without allocating. The pool holds at most what was once open at the same time.
     */
    private Reservation reservationOf(int depth) {
        if (depth < freeByDepth.length) {
            Reservation free = freeByDepth[depth];
            if (free != null) {
                freeByDepth[depth] = free.nextFree;
                free.nextFree = null;
                return free;
            }
        }
        return new Reservation(depth);
    }

    private void release(Reservation reservation) {
        int depth = reservation.payers.length;
        if (depth < freeByDepth.length) {
            java.util.Arrays.fill(reservation.payers, null);
            reservation.nextFree = freeByDepth[depth];
            freeByDepth[depth] = reservation;
        }
    }

    /** Who paid what for one message, top of the list first being the submitting account. */
    private static final class Reservation {
        final Wallet[] payers;
        final long[] amounts;
        /** The next closed reservation of the same depth, while this one is in the pool. */
        Reservation nextFree;

        Reservation(int depth) {
            payers = new Wallet[depth];
            amounts = new long[depth];
        }
    }
}
