package io.ringway.engine.consent;

/**
 * One recipient's consent for one brand, as last recorded.
 *
 * @param status        opted in or out
 * @param date          when the recipient gave or withdrew it, epoch milliseconds (not when we learnt it)
 * @param source        the channel it was given through
 * @param recipientType person or merchant
 */
public record Consent(ConsentStatus status, long date, ConsentSource source, RecipientType recipientType) {

    /**
     * The one of two consents that stands: the later, an OPT_OUT on the same date; either may be {@code null}
     * (none on record).
     */
    public static Consent newer(Consent a, Consent b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.date != b.date) {
            return a.date > b.date ? a : b;
        }
        return b.status == ConsentStatus.OPT_OUT ? b : a;
    }
}
