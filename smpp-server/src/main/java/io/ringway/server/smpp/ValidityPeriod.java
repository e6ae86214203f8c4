package io.ringway.server.smpp;

import io.ringway.engine.message.CivilDates;

/**
 * A customer's submit_sm {@code validity_period} (SMPP 3.4 §5.2.15), or its {@code schedule_delivery_time}
 * (§5.2.14, same time formats), as milliseconds from the submission: the
 * relative form {@code YYMMDDhhmmss000R} (§7.1.1.2; a year counts 365 days, a month 30) or the absolute form
 * {@code YYMMDDhhmmsstnnp} (§7.1.1.1; {@code nn} quarter hours ahead of, {@code +}, or behind, {@code -}, UTC).
 * Parsed by hand, character by character, so that a submission allocates nothing here.
 */
final class ValidityPeriod {
    /** Not a validity period SMPP 3.4 allows, or an absolute time already past: ESME_RINVEXPIRY. */
    static final long INVALID = -1;
    private static final long MALFORMED = Long.MIN_VALUE;
    private static final int LENGTH = 16;
    private static final long SECOND = 1_000;
    private static final long DAY = 86_400 * SECOND;

    private ValidityPeriod() {
    }

    /** Milliseconds the message may live from {@code nowMillis}; 0 when {@code text} is empty (SMSC default). */
    static long millis(String text, long nowMillis) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long remaining = remaining(text, nowMillis);
        return remaining > 0 ? remaining : INVALID;
    }

    /**
     * Milliseconds from {@code nowMillis} until a {@code schedule_delivery_time}: 0 to deliver at once (empty, a
     * relative zero, or an absolute time already reached, as SMSCs treat it), {@link #INVALID} when malformed.
     */
    static long delayMillis(String text, long nowMillis) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long remaining = remaining(text, nowMillis);
        return remaining == MALFORMED ? INVALID : Math.max(0, remaining);
    }

    /**
     * Whether {@code text} is in the absolute form ({@code +} or {@code -} last), which names a moment rather than
     * a length of time; only meaningful for a {@code text} that {@link #millis} accepted.
     */
    static boolean isAbsolute(String text) {
        return text != null && text.length() == LENGTH
                && (text.charAt(LENGTH - 1) == '+' || text.charAt(LENGTH - 1) == '-');
    }

    /** Milliseconds from {@code nowMillis} to the time {@code text} names (negative when past), or MALFORMED. */
    private static long remaining(String text, long nowMillis) {
        if (text.length() != LENGTH) {
            return MALFORMED;
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return MALFORMED;
            }
        }
        int years = twoDigits(text, 0);
        int months = twoDigits(text, 2);
        int days = twoDigits(text, 4);
        int hours = twoDigits(text, 6);
        int minutes = twoDigits(text, 8);
        int seconds = twoDigits(text, 10);
        char form = text.charAt(LENGTH - 1);
        if (form == 'R') {
            return (years * 365L + months * 30L + days) * DAY + ((hours * 60L + minutes) * 60 + seconds) * SECOND;
        }
        if ((form != '+' && form != '-') || months < 1 || months > 12 || days < 1
                || days > CivilDates.daysInMonth(2000 + years, months) || hours > 23 || minutes > 59 || seconds > 59) {
            return MALFORMED;
        }
        long offsetMillis = twoDigits(text, 13) * 15 * 60 * SECOND * (form == '+' ? 1 : -1);
        long local = CivilDates.epochDay(2000 + years, months, days) * DAY
                + ((hours * 60L + minutes) * 60 + seconds) * SECOND
                + (text.charAt(12) - '0') * 100L;
        return local - offsetMillis - nowMillis;
    }

    private static int twoDigits(String text, int at) {
        return (text.charAt(at) - '0') * 10 + text.charAt(at + 1) - '0';
    }
}
