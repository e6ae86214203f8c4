package io.ringway.engine.dlr;

import io.ringway.engine.message.CivilDates;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fields of an Appendix B receipt text that settle a message ({@code id}, {@code stat}, {@code err} and
 * {@code done date}), found in one pass over the receipt's octets (ISO-8859-1) by the rules of
 * {@link ReceiptText#field}: a key matches without case where it starts the text or follows a space, its first
 * match counts, and its value runs from after the colon and any spaces to the next space. A receipt arrives per
 * delivered message, so nothing is allocated but the strings asked for, and the usual stat words are shared.
 *
 * <p>Not thread-safe: one instance reads one receipt at a time.
 */
public final class ReceiptFields {
    private static final String[] STATS = {"DELIVRD", "UNDELIV", "EXPIRED", "REJECTD", "DELETED", "UNKNOWN",
            "ACCEPTD", "ENROUTE"};
    private static final long MINUTE = 60_000;
    private static final long DAY = 1_440 * MINUTE;

    private byte[] text;
    /** Bits of the keys already matched: 1 id, 2 stat, 4 err, 8 done date. Absent and empty values read alike. */
    private int found;
    private int idStart;
    private int idEnd;
    private int statStart;
    private int statEnd;
    private int errStart;
    private int errEnd;
    private int doneStart;
    private int doneEnd;

    /**
     * When a message was done, from its receipt's done time {@code doneAt} and when the receipt arrived: a done date
     * given to the minute (Appendix B has no seconds) says only "within that minute", so a receipt that arrives in
     * that minute was done at most at its arrival, the closer figure; any other done time is taken as given.
     */
    public static long doneTime(long doneAt, long arrivedAt) {
        if (doneAt % MINUTE == 0 && arrivedAt >= doneAt && arrivedAt - doneAt < MINUTE) {
            return arrivedAt;
        }
        return doneAt;
    }

    /** Finds the fields in {@code text}; the array is read again by the accessors, so it must not change. */
    public ReceiptFields read(byte[] text) {
        this.text = text;
        found = 0;
        idStart = idEnd = statStart = statEnd = errStart = errEnd = doneStart = doneEnd = 0;
        // A key starts the text or follows a space: look at those places only, and stop once all four are found.
        for (int at = 0; at < text.length && found != 15; at = nextWord(at)) {
            switch (text[at] | 0x20) {
                case 'i' -> {
                    if ((found & 1) == 0 && keyAt(at, "id:")) {
                        found |= 1;
                        idStart = valueStart(at + 3);
                        idEnd = valueEnd(idStart);
                    }
                }
                case 's' -> {
                    if ((found & 2) == 0 && keyAt(at, "stat:")) {
                        found |= 2;
                        statStart = valueStart(at + 5);
                        statEnd = valueEnd(statStart);
                    }
                }
                case 'e' -> {
                    if ((found & 4) == 0 && keyAt(at, "err:")) {
                        found |= 4;
                        errStart = valueStart(at + 4);
                        errEnd = valueEnd(errStart);
                    }
                }
                case 'd' -> {
                    if ((found & 8) == 0 && keyAt(at, "done date:")) {
                        found |= 8;
                        doneStart = valueStart(at + 10);
                        doneEnd = valueEnd(doneStart);
                    }
                }
                default -> { }
            }
        }
        return this;
    }

    /** The {@code id:} value, or {@code null} when absent or empty. */
    public String id() {
        return idStart < idEnd ? new String(text, idStart, idEnd - idStart, StandardCharsets.ISO_8859_1) : null;
    }

    /** The {@code stat:} value in upper case, or {@code null} when absent or empty. */
    public String stat() {
        if (statStart >= statEnd) {
            return null;
        }
        for (String known : STATS) {
            if (known.length() == statEnd - statStart && keyAt(statStart, known)) {
                return known;
            }
        }
        return new String(text, statStart, statEnd - statStart, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }

    /** The {@code err:} code: decimal as the spec says, else hexadecimal, else 0 (also when absent). */
    public int error() {
        if (errStart >= errEnd) {
            return 0;
        }
        if (errEnd - errStart <= 9) {
            int value = 0;
            int at = errStart;
            while (at < errEnd && text[at] >= '0' && text[at] <= '9') {
                value = value * 10 + text[at++] - '0';
            }
            if (at == errEnd) {
                return value;
            }
        }
        String err = new String(text, errStart, errEnd - errStart, StandardCharsets.ISO_8859_1);
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

    /** The {@code done date:} as epoch milliseconds ({@link #utcMillis}), or {@code nowMillis}. */
    public long doneAt(long nowMillis) {
        return utcMillis(text, doneStart, doneEnd, nowMillis);
    }

    /**
     * {@code YYMMDDhhmm}, which some SMSCs extend with {@code ss}, in UTC (years 2000-2099) as epoch milliseconds;
     * {@code fallback} when the octets from {@code start} to {@code end} are fewer than ten, not all digits, or
     * not a date and time of the calendar.
     */
    public static long utcMillis(byte[] text, int start, int end, long fallback) {
        if (end - start < 10) {
            return fallback;
        }
        for (int at = start; at < end; at++) {
            if (text[at] < '0' || text[at] > '9') {
                return fallback;
            }
        }
        int year = 2000 + twoDigits(text, start);
        int month = twoDigits(text, start + 2);
        int day = twoDigits(text, start + 4);
        int hour = twoDigits(text, start + 6);
        int minute = twoDigits(text, start + 8);
        int second = end - start >= 12 ? twoDigits(text, start + 10) : 0;
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59
                || second > 59) {
            return fallback;
        }
        return CivilDates.epochDay(year, month, day) * DAY + (hour * 60L + minute) * MINUTE + second * 1_000L;
    }

    /** Where the word after the one at {@code at} starts: just past the next space (or the end). */
    private int nextWord(int at) {
        while (at < text.length && text[at] != ' ') {
            at++;
        }
        return at + 1;
    }

    private boolean keyAt(int at, String key) {
        if (at + key.length() > text.length) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char expected = key.charAt(i);
            int actual = text[at + i];
            boolean letter = expected >= 'a' && expected <= 'z' || expected >= 'A' && expected <= 'Z';
            if (letter ? (actual | 0x20) != (expected | 0x20) : actual != expected) {
                return false;
            }
        }
        return true;
    }

    private int valueStart(int at) {
        while (at < text.length && text[at] == ' ') {
            at++;
        }
        return at;
    }

    private int valueEnd(int at) {
        while (at < text.length && text[at] != ' ') {
            at++;
        }
        return at;
    }

    private static int twoDigits(byte[] text, int at) {
        return (text[at] - '0') * 10 + (text[at + 1] - '0');
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
