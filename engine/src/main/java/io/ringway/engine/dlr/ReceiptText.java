package io.ringway.engine.dlr;

/**
 * The classic delivery-receipt text of SMPP 3.4 Appendix B:
 * {@code id:X sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:...}.
 * Dates are UTC. Receipts from upstream are read by {@link ReceiptFields}, tolerant of the variations real SMSCs
 * send.
 */
public final class ReceiptText {

    /** The characters of the text besides the id, the stat word and the text prefix. */
    private static final int FIXED_LENGTH = "id: sub:000 dlvrd:000 submit date:0000000000 done date:0000000000 stat: err:000 text:"
            .length();

    private ReceiptText() {
    }

    public static String format(String messageId, int submitted, int delivered, long submitAtMillis,
                                long doneAtMillis, String stat, int error, String text) {
        String prefix = text == null ? "" : text;
        // A receipt is formatted per delivered message: written by hand into one exactly sized array, no builder
        // growth, no padded-number strings, no calendar objects.
        char[] out = new char[FIXED_LENGTH + messageId.length() + stat.length() + prefix.length()];
        int at = append(out, 0, "id:");
        at = append(out, at, messageId);
        at = append(out, at, " sub:");
        at = threeDigits(out, at, submitted);
        at = append(out, at, " dlvrd:");
        at = threeDigits(out, at, delivered);
        at = append(out, at, " submit date:");
        at = date(out, at, submitAtMillis);
        at = append(out, at, " done date:");
        at = date(out, at, doneAtMillis);
        at = append(out, at, " stat:");
        at = append(out, at, stat);
        at = append(out, at, " err:");
        at = threeDigits(out, at, error);
        at = append(out, at, " text:");
        at = append(out, at, prefix);
        return new String(out, 0, at);
    }

    /**
     * {@code YYMMDDhhmm} in UTC (proleptic Gregorian calendar, H. Hinnant's civil-from-days algorithm, as
     * {@code LocalDate.ofEpochDay} computes it).
     */
    private static int date(char[] out, int at, long epochMillis) {
        long epochSeconds = Math.floorDiv(epochMillis, 1000L);
        long epochDay = Math.floorDiv(epochSeconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSeconds, 86_400L);
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        at = twoDigits(out, at, (int) (year % 100));
        at = twoDigits(out, at, month);
        at = twoDigits(out, at, day);
        at = twoDigits(out, at, secondOfDay / 3600);
        return twoDigits(out, at, secondOfDay / 60 % 60);
    }

    private static int twoDigits(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
        return at + 2;
    }

    /** {@code value} clamped to 0-999, zero-padded to three digits. */
    private static int threeDigits(char[] out, int at, int value) {
        int clamped = Math.max(0, Math.min(999, value));
        out[at] = (char) ('0' + clamped / 100);
        return twoDigits(out, at + 1, clamped % 100);
    }

    private static int append(char[] out, int at, String text) {
        text.getChars(0, text.length(), out, at);
        return at + text.length();
    }
}
