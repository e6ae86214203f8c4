package io.ringway.engine.consent;

import java.util.Locale;

/** Who gave the consent: a person or a merchant (IYS: BIREYSEL / TACIR). */
public enum RecipientType {
    INDIVIDUAL, MERCHANT;

    /** Parses the English or the IYS word; {@code null} otherwise. */
    public static RecipientType parse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "INDIVIDUAL", "BIREYSEL": return INDIVIDUAL;
            case "MERCHANT", "TACIR": return MERCHANT;
            default: return null;
        }
    }
}
