package io.ringway.engine.consent;

import java.util.Locale;

/** Whether a recipient agreed to commercial messages from a brand (IYS: ONAY / RET). */
public enum ConsentStatus {
    OPT_IN, OPT_OUT;

    /** Parses {@code OPT_IN}/{@code OPT-IN}/{@code ONAY} and {@code OPT_OUT}/{@code RET}; {@code null} otherwise. */
    public static ConsentStatus parse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.trim().toUpperCase(Locale.ROOT).replace('-', '_')) {
            case "OPT_IN", "ONAY": return OPT_IN;
            case "OPT_OUT", "RET": return OPT_OUT;
            default: return null;
        }
    }
}
