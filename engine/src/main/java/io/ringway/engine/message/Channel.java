package io.ringway.engine.message;

/** The customer interface a message came in on. */
public enum Channel {
    SMPP, HTTP;

    private static final Channel[] VALUES = values();

    public static Channel ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
