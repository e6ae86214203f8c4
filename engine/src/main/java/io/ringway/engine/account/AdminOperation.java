package io.ringway.engine.account;

/**
 * Account-administration commands. Each is a journaled ring event, so that a replay reproduces every balance,
 * tariff and sub-account. The ordinal is written to the journal: append new operations, never reorder.
 */
public enum AdminOperation {
    /** A reseller (or the operator) creates a sub-account: target, password hash, price list, coefficient. */
    CREATE_ACCOUNT,
    /** Adds {@code amount} to the target's balance. */
    TOP_UP,
    /** Sets the target's credit limit to {@code amount}. */
    SET_CREDIT_LIMIT,
    /** Points the target at a price list with a coefficient. */
    SET_PRICE_LIST,
    /**
     * Defines (or replaces) a price list owned by the asking account: tariffs in {@code text}. A replaced list went
     * on pricing the accounts already assigned to it, and the operator could not replace a reseller's list: this
     * is how commands journaled before {@link #REDEFINE_PRICE_LIST} existed were decided, and replay decides them
     * alike. The API no longer sends it.
     */
    DEFINE_PRICE_LIST,
    /**
     * Defines a price list, or replaces it for every account that buys at it from this command on: tariffs in
     * {@code text}. A reseller defines and replaces its own lists; the operator any (a replaced list keeps its owner).
     */
    REDEFINE_PRICE_LIST;

    private static final AdminOperation[] VALUES = values();

    public static AdminOperation ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
