package io.ringway.engine.billing;

import io.ringway.engine.message.MessageState;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.List;

/**
 * One account's money: its prepaid balance and credit limit, where it sits in the reseller tree and what it
 * buys at. Business-logic thread only. The running totals make the ledger's invariant checkable at any time:
 * {@code balance == opening + toppedUp - charged + refunded}.
 */
public final class Wallet {
    private final String account;
    private final Wallet parent;
    private final long openingBalance;
    private final int refundStates;
    private final long dlrTimeoutMillis;
    private long balance;
    private long creditLimit;
    private PriceList priceList;
    private long coefficient;
    private long toppedUp;
    private long charged;
    private long refunded;
    /** What the open reservations took from this balance: derived from them, so snapshots do not write it. */
    private long reserved;

    Wallet(String account, Wallet parent, long openingBalance, long creditLimit, PriceList priceList,
           long coefficient, int refundStates, long dlrTimeoutMillis) {
        this.account = account;
        this.parent = parent;
        this.openingBalance = openingBalance;
        this.balance = openingBalance;
        this.creditLimit = creditLimit;
        this.priceList = priceList;
        this.coefficient = coefficient;
        this.refundStates = refundStates;
        this.dlrTimeoutMillis = dlrTimeoutMillis;
    }

    /** Bit mask of {@link MessageState} ordinals that refund, for {@code refund-states}. */
    public static int refundMask(Iterable<String> receiptStats) {
        int mask = 0;
        for (String stat : receiptStats) {
            MessageState state = MessageState.fromReceiptStat(stat);
            if (state != null) {
                mask |= 1 << state.ordinal();
            }
        }
        return mask;
    }

    public String account() { return account; }
    /** The reseller this account buys from, or {@code null}. */
    public Wallet parent() { return parent; }
    public long balance() { return balance; }
    public long creditLimit() { return creditLimit; }
    public long openingBalance() { return openingBalance; }
    public long toppedUp() { return toppedUp; }
    public long charged() { return charged; }
    public long refunded() { return refunded; }
    /** What the balance would gain if every open reservation of this wallet were refunded. */
    public long reserved() { return reserved; }
    public long dlrTimeoutMillis() { return dlrTimeoutMillis; }
    /** {@code null} for an unmetered account. */
    public PriceList priceList() { return priceList; }
    public long coefficient() { return coefficient; }

    /** The {@link #refundMask} of states this account refunds. */
    public int refundStates() { return refundStates; }

    public boolean refunds(MessageState finalState) {
        return (refundStates & (1 << finalState.ordinal())) != 0;
    }

    boolean metered() {
        return priceList != null;
    }

    /**
     * Whether the balance and the credit limit cover {@code amount}, computed without wrapping around: what is
     * missing beyond the balance must fit in the limit, and a shortfall beyond the range of a long fits in none.
     */
    boolean canPay(long amount) {
        if (amount <= balance) {
            return true;
        }
        try {
            return Math.subtractExact(amount, balance) <= creditLimit;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    void debit(long amount) {
        balance -= amount;
        charged += amount;
        reserved += amount;
    }

    /** A reserved amount given back. */
    void credit(long amount) {
        balance += amount;
        refunded += amount;
        reserved -= amount;
    }

    /** A reserved amount kept for good. */
    void settle(long amount) {
        reserved -= amount;
    }

    /** An open reservation read from a snapshot took {@code amount} from this balance. */
    void reserved(long amount) {
        reserved += amount;
    }

    /**
     * Whether adding {@code amount} keeps the balance, once every open reservation is refunded, at most
     * {@code ceiling} (computed without wrapping around).
     */
    boolean staysWithin(long amount, long ceiling) {
        try {
            return Math.addExact(Math.addExact(balance, reserved), amount) <= ceiling;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    /** False when the top-up would overflow the balance. */
    boolean topUp(long amount) {
        long after;
        try {
            after = Math.addExact(balance, amount);
            toppedUp = Math.addExact(toppedUp, amount);
        } catch (ArithmeticException overflow) {
            return false;
        }
        balance = after;
        return true;
    }

    void creditLimit(long creditLimit) {
        this.creditLimit = creditLimit;
    }

    void priceList(PriceList priceList, long coefficient) {
        this.priceList = priceList;
        this.coefficient = coefficient;
    }

    /**
     * Writes what changes at run time (the ledger writes who the wallet is); {@code priceList} is the place of
     * this wallet's list in the snapshot's price lists, -1 for none.
     */
    void writeState(SnapshotOutput out, int priceList) throws IOException {
        out.writeLong(balance);
        out.writeLong(creditLimit);
        out.writeInt(priceList);
        out.writeLong(coefficient);
        out.writeLong(toppedUp);
        out.writeLong(charged);
        out.writeLong(refunded);
    }

    /** Reads what {@link #writeState} wrote; {@code priceLists} are the snapshot's, in the order it wrote them. */
    void readState(SnapshotInput in, List<PriceList> priceLists) throws IOException {
        long balance = in.readLong();
        long creditLimit = in.readLong();
        int list = in.readInt();
        if (list < -1 || list >= priceLists.size()) {
            throw new SnapshotFormatException("wallet " + account + " buys at price list " + list + " of "
                    + priceLists.size());
        }
        this.balance = balance;
        this.creditLimit = creditLimit;
        this.priceList = list == -1 ? null : priceLists.get(list);
        this.coefficient = in.readLong();
        this.toppedUp = in.readLong();
        this.charged = in.readLong();
        this.refunded = in.readLong();
    }
}
