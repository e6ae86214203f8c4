package io.ringway.engine.message;

/** Syntax checks for the addresses of a submission. */
public final class Addresses {
    private Addresses() {
    }

    /** An international number: optional '+', then 7 to 15 digits, the first not 0 (ITU-T E.164). */
    public static boolean isE164(String address) {
        if (address == null) {
            return false;
        }
        int start = address.startsWith("+") ? 1 : 0;
        int digits = address.length() - start;
        if (digits < 7 || digits > 15 || address.charAt(start) == '0') {
            return false;
        }
        for (int i = start; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The digits of an E.164 number as a {@code long} (a compact map key), or {@code -1} when it is not one. */
    public static long msisdn(String address) {
        if (!isE164(address)) {
            return -1;
        }
        long value = 0;
        for (int i = address.startsWith("+") ? 1 : 0; i < address.length(); i++) {
            value = value * 10 + (address.charAt(i) - '0');
        }
        return value;
    }

    /** A number as a sender or short code: optional '+', then 1 to 15 digits. */
    public static boolean isNumber(String address) {
        if (address == null) {
            return false;
        }
        int start = address.startsWith("+") ? 1 : 0;
        int digits = address.length() - start;
        if (digits < 1 || digits > 15) {
            return false;
        }
        for (int i = start; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A sender the network can carry: a number of up to 15 digits (optional '+'), or an alphanumeric name of 1
     * to 11 GSM-safe characters (letters, digits, space and {@code -._&}).
     */
    public static boolean isSender(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        if (isNumber(address)) {
            return true;
        }
        if (address.length() > 11) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == ' ' || c == '-' || c == '.' || c == '_' || c == '&';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
