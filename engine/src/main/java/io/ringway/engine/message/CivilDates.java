package io.ringway.engine.message;

/**
 * Calendar arithmetic for the SMPP time fields (receipt dates, validity periods, scheduled delivery), done on
 * plain numbers so that reading one allocates nothing, unlike {@code java.time}.
 */
public final class CivilDates {

    private CivilDates() {
    }

    /** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days-from-civil). */
    public static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = y / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    /** Days in {@code month} (1-12) of {@code year} in the proleptic Gregorian calendar. */
    public static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
