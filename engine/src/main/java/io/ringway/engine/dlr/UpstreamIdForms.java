package io.ringway.engine.dlr;

import io.ringway.config.UpstreamConfig.ReceiptIdFormat;
import io.ringway.engine.message.NumericForm;

/**
 * The other spellings of a numeric upstream id. Some SMSCs answer submit_sm_resp with a hex id ("1A2B") and
 * write the same number in decimal in the receipt ("6699"), or the reverse; when an id does not match as it is,
 * the business logic tries these. They are written into a reused array and only made on that miss path.
 * Business-logic thread only.
 */
public final class UpstreamIdForms {
    private final String[] forms = new String[3];

    /**
     * Fills {@link #form} with the ids the acknowledgement may have used for {@code receiptId}, a receipt's id, and
     * returns how many there are.
     */
    public int ofReceiptId(String receiptId, ReceiptIdFormat format) {
        return convert(receiptId, format == ReceiptIdFormat.HEX || format == ReceiptIdFormat.AUTO,
                format == ReceiptIdFormat.DECIMAL || format == ReceiptIdFormat.AUTO);
    }

    /** Fills {@link #form} with the ids a receipt may use for {@code ackId}, an acknowledged id. */
    public int ofAcknowledgedId(String ackId, ReceiptIdFormat format) {
        return convert(ackId, format == ReceiptIdFormat.DECIMAL || format == ReceiptIdFormat.AUTO,
                format == ReceiptIdFormat.HEX || format == ReceiptIdFormat.AUTO);
    }

    public String form(int index) {
        return forms[index];
    }

    /** hexToDecimal: read {@code id} as hex and write it in decimal; decimalToHex: the reverse, in both cases. */
    private int convert(String id, boolean hexToDecimal, boolean decimalToHex) {
        int count = 0;
        if (hexToDecimal && isDigits(id, 16, NumericForm.MAX_HEX_LENGTH)) {
            String decimal = Long.toString(Long.parseLong(id, 16));
            if (!decimal.equals(id)) {
                forms[count++] = decimal;
            }
        }
        if (decimalToHex && isDigits(id, 10, NumericForm.MAX_DECIMAL_LENGTH)) {
            String hex = Long.toHexString(Long.parseLong(id));
            String upper = hex.toUpperCase(java.util.Locale.ROOT);
            if (!hex.equals(id)) {
                forms[count++] = hex;
            }
            if (!upper.equals(hex) && !upper.equals(id)) {
                forms[count++] = upper;
            }
        }
        return count;
    }

    private static boolean isDigits(String id, int radix, int maxDigits) {
        if (id == null || id.isEmpty() || id.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }
}
