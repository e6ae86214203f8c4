package io.ringway.engine.dlr;

import java.time.LocalDate;

/**
 * The classic delivery-receipt text of SMPP 3.4 Appendix B:
 * {@code id:X sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:...}.
 * Dates are UTC. Parsing is tolerant of the variations real SMSCs send (case of keys, missing fields, extra
 * spaces), because receipts from upstream come in every dialect.
 */
public final class ReceiptText {

    private ReceiptText() {
    }

    public static String format(String messageId, int submitted, int delivered, long submitAtMillis,
                                long doneAtMillis, String stat, int error, String text) {
        StringBuilder b = new StringBuilder(128);
        b.append("id:").append(messageId)
                .append(" sub:").append(pad3(submitted))
                .append(" dlvrd:").append(pad3(delivered))
                .append(" submit date:");
        appendDate(b, submitAtMillis);
        b.append(" done date:");
        appendDate(b, doneAtMillis);
        b.append(" stat:").append(stat)
                .append(" err:").append(pad3(error))
                .append(" text:").append(text == null ? "" : text);
        return b.toString();
    }

    /** {@code YYMMDDhhmm} in UTC, straight into the builder (a receipt is formatted per delivered message). */
    private static void appendDate(StringBuilder b, long epochMillis) {
        long epochSeconds = Math.floorDiv(epochMillis, 1000L);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSeconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(epochSeconds, 86_400L);
        appendTwoDigits(b, date.getYear() % 100);
        appendTwoDigits(b, date.getMonthValue());
        appendTwoDigits(b, date.getDayOfMonth());
        appendTwoDigits(b, secondOfDay / 3600);
        appendTwoDigits(b, secondOfDay / 60 % 60);
    }

    private static void appendTwoDigits(StringBuilder b, int value) {
        b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static String pad3(int value) {
        int clamped = Math.max(0, Math.min(999, value));
        if (clamped < 10) {
            return "00" + clamped;
        }
        return clamped < 100 ? "0" + clamped : Integer.toString(clamped);
    }

    /** The value after {@code key:} up to the next space, or {@code null}; keys match case-insensitively. */
    public static String field(String receipt, String key) {
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
    public static int error(String receipt) {
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
