package io.ringway.engine.message;

/**
 * How an upstream's numeric message id is written, so that it can be kept as a number and written back exactly:
 * its radix (decimal digits only, or hex digits of one case) and its length (leading zeros included). A form is
 * a small number ({@link #COUNT} of them); {@link #of} returns -1 for an id that is not numeric in one of these
 * forms (other characters, mixed-case hex, empty, null, too long for a long). Allocation-free except
 * {@link #text}.
 */
public final class NumericForm {
    /** Decimal ids up to 18 digits and hex ids up to 15 digits fit a long without overflow. */
    public static final int MAX_DECIMAL_LENGTH = 18;
    public static final int MAX_HEX_LENGTH = 15;
    private static final int DECIMAL = 0;
    private static final int LOWER_HEX = 1;
    private static final int UPPER_HEX = 2;
    private static final int LENGTHS = MAX_DECIMAL_LENGTH + 1;
    public static final int COUNT = 3 * LENGTHS;

    private NumericForm() {
    }

    /** The form {@code id} is written in, or -1. */
    public static int of(String id) {
        if (id == null) {
            return -1;
        }
        int length = id.length();
        if (length == 0 || length > MAX_DECIMAL_LENGTH) {
            return -1;
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c >= '0' && c <= '9') {
                continue;
            }
            if (c >= 'a' && c <= 'f') {
                lower = true;
            } else if (c >= 'A' && c <= 'F') {
                upper = true;
            } else {
                return -1;
            }
        }
        if (!lower && !upper) {
            return DECIMAL * LENGTHS + length;
        }
        if ((lower && upper) || length > MAX_HEX_LENGTH) {
            return -1;
        }
        return (lower ? LOWER_HEX : UPPER_HEX) * LENGTHS + length;
    }

    /** The value of {@code id}, written in {@code form} (as {@link #of} returned it). */
    public static long value(String id, int form) {
        return Long.parseLong(id, form / LENGTHS == DECIMAL ? 10 : 16);
    }

    /** How many characters an id of {@code form} has, leading zeros included. */
    public static int length(int form) {
        return form % LENGTHS;
    }

    /** The fewest characters {@code value} takes in the radix of {@code form} (no leading zeros; 0 takes one). */
    public static int significantLength(long value, int form) {
        int radix = form / LENGTHS == DECIMAL ? 10 : 16;
        int length = 1;
        for (long rest = value / radix; rest > 0; rest /= radix) {
            length++;
        }
        return length;
    }

    /**
     * Every form that writes the values of {@code form} in the same radix, whatever the length and, for hex, the
     * case: decimal forms for a decimal one, both hex cases for a hex one.
     */
    public static int[] sameValueForms(int form) {
        return form / LENGTHS == DECIMAL ? DECIMAL_FORMS : HEX_FORMS;
    }

    private static final int[] DECIMAL_FORMS = forms(DECIMAL, MAX_DECIMAL_LENGTH);
    private static final int[] HEX_FORMS = hexForms();

    private static int[] forms(int radixForm, int maxLength) {
        int[] forms = new int[maxLength];
        for (int length = 1; length <= maxLength; length++) {
            forms[length - 1] = radixForm * LENGTHS + length;
        }
        return forms;
    }

    private static int[] hexForms() {
        int[] lower = forms(LOWER_HEX, MAX_HEX_LENGTH);
        int[] upper = forms(UPPER_HEX, MAX_HEX_LENGTH);
        int[] both = java.util.Arrays.copyOf(lower, lower.length + upper.length);
        System.arraycopy(upper, 0, both, lower.length, upper.length);
        return both;
    }

    /** The id written in {@code form} whose value is {@code value}: the inverse of {@link #value}. */
    public static String text(long value, int form) {
        int radixForm = form / LENGTHS;
        int length = form % LENGTHS;
        String digits = radixForm == DECIMAL ? Long.toString(value) : Long.toHexString(value);
        if (radixForm == UPPER_HEX) {
            digits = digits.toUpperCase(java.util.Locale.ROOT);
        }
        return "0".repeat(length - digits.length()) + digits;
    }
}
