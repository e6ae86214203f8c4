package io.ringway.engine.dlr;

/**
 * The first, String-based reading of receipt texts (case-insensitive key search, value up to the next space),
 * kept for the tests as the reference {@link ReceiptFields} is checked against: the engine reads receipts with
 * {@link ReceiptFields} in one pass over the octets.
 */
final class ReceiptTextReference {

    private ReceiptTextReference() {
    }

    /** The value after {@code key:} up to the next space, or {@code null}; keys match case-insensitively. */
    static String field(String receipt, String key) {
        if (receipt == null) {
            return null;
        }
        int at = indexOfKey(receipt, key);
        if (at < 0) {
            return null;
        }
        int start = at + key.length() + 1;
        while (start < receipt.length() && receipt.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < receipt.length() && receipt.charAt(end) != ' ') {
            end++;
        }
        return start == end ? null : receipt.substring(start, end);
    }

    /** The {@code err:} code as a number (decimal as the spec says; 0 when absent or not numeric). */
    static int error(String receipt) {
        String err = field(receipt, "err");
        if (err == null) {
            return 0;
        }
        try {
            return Integer.parseInt(err);
        } catch (NumberFormatException e) {
            try {
                return Integer.parseInt(err, 16);
            } catch (NumberFormatException ignored) {
                return 0;
            }
        }
    }

    private static int indexOfKey(String receipt, String key) {
        int from = 0;
        while (true) {
            int at = indexOfIgnoreCase(receipt, key + ":", from);
            if (at < 0) {
                return -1;
            }
            if (at == 0 || receipt.charAt(at - 1) == ' ') {
                return at;
            }
            from = at + 1;
        }
    }

    /** Finds {@code needle} without case; compares whole regions only where the first letter fits. */
    private static int indexOfIgnoreCase(String text, String needle, int from) {
        char first = Character.toLowerCase(needle.charAt(0));
        char firstUpper = Character.toUpperCase(first);
        for (int i = from; i <= text.length() - needle.length(); i++) {
            char c = text.charAt(i);
            if ((c == first || c == firstUpper) && text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
