package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.type.Address;

/**
 * The international form of a number an SMSC writes in national form (TON 2) in a mobile-originated message,
 * so that an opt-out reply is recorded under the E.164 number the customers' submissions name. The national
 * trunk prefix (leading 0s, as in Turkey's 0532...) is dropped and the upstream's country calling code put
 * before the rest. Any other number, and any national one when no code is configured or the result would not
 * be an E.164 number (more than 15 digits, or not only digits), is passed on as written; so is a short code (fewer
 * than {@value #SUBSCRIBER_MIN_DIGITS} digits without a trunk prefix, e.g. a brand's {@code 3434}, which some SMSCs
 * mark national), which no country code makes a subscriber number.
 *
 * <p>Stateless; any thread.
 */
final class NationalNumbers {
    private static final int E164_MAX_DIGITS = 15;
    /** Fewer digits than this, with no trunk prefix, is a short code, not a national subscriber number. */
    static final int SUBSCRIBER_MIN_DIGITS = 7;

    private NationalNumbers() {
    }

    static String international(Address address, String countryCode) {
        String digits = address == null ? null : address.getAddress();
        if (digits == null || countryCode.isEmpty() || address.getTon() != SmppConstants.TON_NATIONAL) {
            return digits;
        }
        int start = 0;
        while (start < digits.length() && digits.charAt(start) == '0') {
            start++;
        }
        int significant = digits.length() - start;
        if (significant == 0 || significant + countryCode.length() > E164_MAX_DIGITS
                || (start == 0 && significant < SUBSCRIBER_MIN_DIGITS)) {
            return digits;
        }
        for (int i = start; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return digits;
            }
        }
        return countryCode + digits.substring(start);
    }
}
