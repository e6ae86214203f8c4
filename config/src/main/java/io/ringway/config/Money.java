package io.ringway.config;

import java.math.BigDecimal;

/**
 * Money is a {@code long} count of micro-units (millionths) of the account currency everywhere in Ringway.
 * This class converts to and from the decimal strings used in configuration files and APIs.
 */
public final class Money {
    /** Micro-units in one unit of currency. */
    public static final long ONE = 1_000_000L;

    private Money() {
    }

    /** {@code 12_500} micro-units -> {@code "0.0125"}; trailing zeros are trimmed to at least two places. */
    public static String format(long micros) {
        BigDecimal value = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        if (value.scale() < 2) {
            value = value.setScale(2);
        }
        return value.toPlainString();
    }

    /**
     * {@code "0.0125"} -> {@code 12_500}. Throws {@link NumberFormatException} for anything that is not a decimal
     * with at most six places or that does not fit a {@code long}.
     */
    public static long parse(String text) {
        try {
            return new BigDecimal(text.trim()).movePointRight(6).longValueExact();
        } catch (ArithmeticException e) {
            throw new NumberFormatException("not an amount with at most 6 decimal places: " + text);
        }
    }
}
