package io.ringway.engine.consent;

import java.util.Locale;

/** Where a consent was given (IYS keeps the channel: HS_WEB, HS_MESAJ, HS_CAGRI_MERKEZI, HS_FIZIKSEL_ORTAM, ...). */
public enum ConsentSource {
    WEB, SMS, CALL_CENTRE, PHYSICAL, EMAIL, MOBILE_APP, OTHER;

    /** Parses the English name (any case, '-' for '_') or the IYS code; {@code null} otherwise. */
    public static ConsentSource parse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.trim().toUpperCase(Locale.ROOT).replace('-', '_')) {
            case "WEB", "HS_WEB": return WEB;
            case "SMS", "HS_MESAJ": return SMS;
            case "CALL_CENTRE", "CALL_CENTER", "HS_CAGRI_MERKEZI": return CALL_CENTRE;
            case "PHYSICAL", "HS_FIZIKSEL_ORTAM", "HS_ISLAK_IMZA": return PHYSICAL;
            case "EMAIL", "HS_EPOSTA": return EMAIL;
            case "MOBILE_APP", "HS_MOBIL": return MOBILE_APP;
            case "OTHER", "HS_DIGER": return OTHER;
            default: return null;
        }
    }
}
