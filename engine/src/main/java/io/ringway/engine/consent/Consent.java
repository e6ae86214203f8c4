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
}
