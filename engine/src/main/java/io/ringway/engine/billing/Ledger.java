package io.ringway.engine.billing;

import io.ringway.config.AccountConfig;
import io.ringway.config.PriceListConfig;
import io.ringway.config.RingwayConfig;
import io.ringway.config.UserGroupConfig;
import io.ringway.engine.message.MessageIdMap;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.agrona.collections.Object2IntHashMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
    /** No ceiling on a top-up but the range of a long: how top-ups journaled before ADMIN rules 1 were decided. */
    public static final long NO_CEILING = Long.MAX_VALUE;
    /** Opens the ledger's section of a snapshot ("LEDG"). */
    private static final int SNAPSHOT_MARKER = 0x4C454447;
    /** The order wallets are written in: a parent always before its sub-accounts, then by name. */
    private static final Comparator<Wallet> PARENTS_FIRST =
            Comparator.comparingInt(Ledger::depth).thenComparing(Wallet::account);

    private final Map<String, Wallet> wallets = new HashMap<>();
    private final Map<String, PriceList> priceLists = new HashMap<>();
    /**
     * The configuration's price lists as built: a snapshot names these instead of writing their prefixes, since it
     * is only read into a ledger built from the same configuration. A list defined at run time is not among them.
     */
    private final Map<String, PriceList> configured = new HashMap<>();
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
            PriceList priceList = PriceList.from(list);
            ledger.priceLists.put(list.name(), priceList);
            ledger.configured.put(list.name(), priceList);
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
        reservation.payer = wallet;
        int index = 0;
        for (Wallet level = wallet; level != null; level = level.parent()) {
            long price = price(level, destination, segments);
            level.debit(price);
            reservation.amount(index++, price);
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
        return reservation == null ? 0 : reservation.own;
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
        Wallet payer = reservation.payer;
        for (int i = 0; i < reservation.depth; i++, payer = payer.parent()) {
            long amount = reservation.amount(i);
            if (amount == 0) {
                continue;
            }
            if (finalState.isFailure() && payer.refunds(finalState)) {
                payer.credit(amount);
                movements.movement(time, payer.account(), MovementType.REFUND, messageId, amount, payer.balance(), null);
            } else {
                payer.settle(amount);
                movements.movement(time, payer.account(), MovementType.SETTLE, messageId, amount, payer.balance(), null);
            }
        }
        release(reservation);
        return true;
    }

    /**
     * Adds {@code amount} to the balance; false (nothing changes) when it would overflow, or take the balance with
     * every open reservation given back past {@code ceiling} ({@link #NO_CEILING}: not checked). Refunds give back
     * only what was reserved, so a balance kept under a ceiling with room to spare in a long never wraps around.
     */
    public boolean topUp(Wallet wallet, long amount, long ceiling, String reference, long time) {
        if (amount <= 0 || ceiling != NO_CEILING && !wallet.staysWithin(amount, ceiling) || !wallet.topUp(amount)) {
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

    /**
     * Defines {@code priceList}, or replaces the list of its name for every wallet that buys at it (each keeps its
     * coefficient): from now on they are priced by the new tariffs.
     */
    public void redefine(PriceList priceList) {
        PriceList replaced = priceLists.put(priceList.name(), priceList);
        if (replaced == null) {
            return;
        }
        for (Wallet wallet : wallets.values()) {
            if (wallet.priceList() == replaced) {
                wallet.priceList(priceList, wallet.coefficient());
            }
        }
    }

    /** Reservations not yet settled or refunded. */
    public int openReservations() {
        return reservations.size();
    }

    /**
     * Writes what changed since the ledger was built from its configuration: the price lists (the configuration's
     * by name, those defined at run time in full, and replaced lists that a wallet still buys at), every wallet,
     * parents before sub-accounts, with its balance, credit limit, tariff and running totals, and the open
     * reservations in message-id order. Business-logic thread only. The pool of closed reservations is not
     * written: it only saves allocations and changes no outcome.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(SNAPSHOT_MARKER);
        Wallet[] tree = wallets.values().toArray(Wallet[]::new);
        Arrays.sort(tree, PARENTS_FIRST);
        Object2IntHashMap<PriceList> listIndex = writePriceLists(out, tree);
        Object2IntHashMap<Wallet> walletIndex = new Object2IntHashMap<>(-1);
        out.writeCount(tree.length);
        for (int i = 0; i < tree.length; i++) {
            Wallet wallet = tree[i];
            out.writeString(wallet.account());
            out.writeString(wallet.parent() == null ? null : wallet.parent().account());
            out.writeLong(wallet.openingBalance());
            out.writeInt(wallet.refundStates());
            out.writeLong(wallet.dlrTimeoutMillis());
            wallet.writeState(out, wallet.priceList() == null ? -1 : listIndex.getValue(wallet.priceList()));
            walletIndex.put(wallet, i);
        }
        writeReservations(out, walletIndex);
    }

    /**
     * Writes the price lists by name first, then the lists some wallet still buys at although a later definition
     * replaced them under their name (a redefinition does not reprice the accounts that hold the old list).
     * Returns each list's place in that order, by which the wallets refer to them.
     */
    private Object2IntHashMap<PriceList> writePriceLists(SnapshotOutput out, Wallet[] tree) throws IOException {
        List<PriceList> table = new ArrayList<>(priceLists.values());
        table.sort(Comparator.comparing(PriceList::name));
        Object2IntHashMap<PriceList> index = new Object2IntHashMap<>(-1);
        for (PriceList list : table) {
            index.put(list, index.size());
        }
        for (Wallet wallet : tree) {
            if (wallet.priceList() != null && !index.containsKey(wallet.priceList())) {
                index.put(wallet.priceList(), index.size());
                table.add(wallet.priceList());
            }
        }
        out.writeCount(table.size());
        out.writeCount(priceLists.size());
        for (PriceList list : table) {
            boolean fromConfiguration = configured.get(list.name()) == list;
            out.writeBoolean(fromConfiguration);
            if (fromConfiguration) {
                out.writeString(list.name());
            } else {
                list.writeSnapshot(out);
            }
        }
        return index;
    }

    /** Each open reservation as its message id, the submitting account's wallet and what every level paid. */
    private void writeReservations(SnapshotOutput out, Object2IntHashMap<Wallet> walletIndex) throws IOException {
        long[] open = new long[reservations.size()];
        int[] count = {0};
        reservations.forEach((messageId, reservation) -> open[count[0]++] = messageId);
        Arrays.sort(open);
        out.writeCount(open.length);
        for (long messageId : open) {
            Reservation reservation = reservations.get(messageId);
            out.writeLong(messageId);
            out.writeInt(walletIndex.getValue(reservation.payer));
            for (int i = 0; i < reservation.depth; i++) {
                out.writeLong(reservation.amount(i));
            }
        }
    }

    /**
     * Reads what {@link #writeSnapshot} wrote into this ledger, which must be in its opening state built from the
     * same configuration: the configuration's wallets stay the same objects and take the snapshot's balances and
     * tariffs, the wallets opened at run time are opened again. Business-logic thread only. A snapshot that fails
     * to read leaves the ledger half-restored: build a new one from the configuration before replaying instead.
     */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(SNAPSHOT_MARKER, "ledger");
        if (!reservations.isEmpty()) {
            throw new IllegalStateException("a snapshot is read into a ledger in its opening state only");
        }
        List<PriceList> lists = readPriceLists(in);
        List<Wallet> tree = readWallets(in, lists);
        readReservations(in, tree);
    }

    private List<PriceList> readPriceLists(SnapshotInput in) throws IOException {
        int total = in.readCount();
        int named = in.readCount();
        if (named > total) {
            throw new SnapshotFormatException(named + " price lists by name out of " + total);
        }
        List<PriceList> table = new ArrayList<>();
        priceLists.clear();
        for (int i = 0; i < total; i++) {
            PriceList list = in.readBoolean() ? configuredList(in.readString()) : PriceList.readSnapshot(in);
            if (i < named && priceLists.put(list.name(), list) != null) {
                throw new SnapshotFormatException("price list " + list.name() + " appears twice");
            }
            table.add(list);
        }
        return table;
    }

    private PriceList configuredList(String name) throws IOException {
        PriceList list = name == null ? null : configured.get(name);
        if (list == null) {
            throw new SnapshotFormatException("the configuration has no price list " + name);
        }
        return list;
    }

    private List<Wallet> readWallets(SnapshotInput in, List<PriceList> lists) throws IOException {
        int count = in.readCount();
        List<Wallet> tree = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String account = in.readString();
            String parentAccount = in.readString();
            long openingBalance = in.readLong();
            int refundStates = in.readInt();
            long dlrTimeoutMillis = in.readLong();
            Wallet parent = parentAccount == null ? null : wallets.get(parentAccount);
            if (account == null || parentAccount != null && parent == null) {
                throw new SnapshotFormatException("wallet " + account + " under unknown parent " + parentAccount);
            }
            Wallet wallet = wallets.get(account);
            if (wallet == null) {
                wallet = new Wallet(account, parent, openingBalance, 0, null, ONE, refundStates, dlrTimeoutMillis);
                wallets.put(account, wallet);
            } else if (wallet.parent() != parent || wallet.openingBalance() != openingBalance
                    || wallet.refundStates() != refundStates || wallet.dlrTimeoutMillis() != dlrTimeoutMillis) {
                throw new SnapshotFormatException("wallet " + account + " differs from the configuration's");
            }
            // Strictly ascending in the written order: no wallet twice, every parent read before its sub-accounts.
            if (i > 0 && PARENTS_FIRST.compare(tree.get(i - 1), wallet) >= 0) {
                throw new SnapshotFormatException("wallet " + account + " out of order");
            }
            wallet.readState(in, lists);
            tree.add(wallet);
        }
        if (wallets.size() != count) {
            throw new SnapshotFormatException("the snapshot holds " + count + " wallets, the ledger "
                    + wallets.size());
        }
        return tree;
    }

    private void readReservations(SnapshotInput in, List<Wallet> tree) throws IOException {
        int count = in.readCount();
        long previous = -1;
        for (int i = 0; i < count; i++) {
            long messageId = in.readLong();
            int payer = in.readInt();
            if (messageId <= previous || payer < 0 || payer >= tree.size()) {
                throw new SnapshotFormatException("reservation of message " + messageId + " by wallet " + payer);
            }
            Wallet wallet = tree.get(payer);
            Reservation reservation = reservationOf(depth(wallet));
            reservation.payer = wallet;
            Wallet payerAtLevel = wallet;
            for (int level = 0; level < reservation.depth; level++, payerAtLevel = payerAtLevel.parent()) {
                long amount = in.readLong();
                reservation.amount(level, amount);
                payerAtLevel.reserved(amount);
            }
            reservations.put(messageId, reservation);
            previous = messageId;
        }
    }

    /** How many wallets pay for a message of {@code wallet}'s: itself and every reseller above it. */
    private static int depth(Wallet wallet) {
        int depth = 0;
        for (Wallet level = wallet; level != null; level = level.parent()) {
            depth++;
        }
        return depth;
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
        int depth = reservation.depth;
        if (depth < freeByDepth.length) {
            reservation.payer = null;
            reservation.nextFree = freeByDepth[depth];
            freeByDepth[depth] = reservation;
        }
    }

    /**
     * Who paid what for one message: the submitting account's wallet, and what it and each reseller above it paid
     * ({@code amount(i + 1)} by the parent of the payer of {@code amount(i)}). The first two amounts are fields
     * (most accounts have at most one reseller above them), so that a message in flight holds one small object.
     */
    private static final class Reservation {
        final int depth;
        Wallet payer;
        long own;
        long parent;
        /** The amounts from the third level up; null for depth 2 or less. */
        final long[] higher;
        /** The next closed reservation of the same depth, while this one is in the pool. */
        Reservation nextFree;

        Reservation(int depth) {
            this.depth = depth;
            this.higher = depth > 2 ? new long[depth - 2] : null;
        }

        long amount(int level) {
            return level == 0 ? own : level == 1 ? parent : higher[level - 2];
        }

        void amount(int level, long amount) {
            if (level == 0) {
                own = amount;
            } else if (level == 1) {
                parent = amount;
            } else {
                higher[level - 2] = amount;
            }
        }
    }
}
