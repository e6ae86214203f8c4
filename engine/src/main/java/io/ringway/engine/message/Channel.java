package io.ringway.engine.message;

/**
 * The customer interface a message came in on; it also decides how its delivery report goes back (SMPP deliver_sm,
 * a JSON webhook, or a Kannel-style dlr-url GET). The ordinal is journaled: append, never reorder.
 */
public enum Channel {
    SMPP, HTTP, KANNEL;

    private static final Channel[] VALUES = values();

    public static Channel ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
