package io.ringway.engine.message;

import java.util.Locale;

/**
 * What a message is for, which decides whether consent is needed: commercial messages need a current opt-in,
 * one-time passwords and transactional messages do not.
 */
public enum MessageType {
    OTP, TRANSACTIONAL, COMMERCIAL;

    /**
     * The type a customer asked for in SMPP {@code service_type} or an HTTP {@code type} field
     * ({@code otp}, {@code transactional}/{@code trn}, {@code commercial}/{@code cmr}, any case), or {@code null}
     * when the text names no type (the account default then applies).
     */
    public static MessageType fromText(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        switch (text.toUpperCase(Locale.ROOT)) {
            case "OTP": return OTP;
            case "TRN": case "TRANSACTIONAL": return TRANSACTIONAL;
            case "CMR": case "COMMERCIAL": return COMMERCIAL;
            default: return null;
        }
    }
}
