package io.ringway.engine.consent;

import io.ringway.engine.message.Addresses;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.HashMap;
import java.util.Map;

/**
 * The consent of every recipient for every brand, held by the business logic (registry mode) and rebuilt from
 * the journal on start. Keys are the recipient's E.164 digits as a {@code long}, one map per brand, so a million
 * records cost tens of megabytes, not hundreds. Business-logic thread only.
 *
 * <p>Ordering rule: the record with the later consent date wins, whatever order the records arrive in (imports
 * replay old history); on the same date an OPT_OUT wins over an OPT_IN.
 */
public final class ConsentRegistry {
    private final Map<String, Long2ObjectHashMap<Consent>> byBrand = new HashMap<>();
    private long size;

    /** Records {@code consent}; returns false when a later (or equally recent opt-out) record already stands. */
    public boolean record(String brand, String msisdn, Consent consent) {
        long key = Addresses.msisdn(msisdn);
        if (key < 0) {
            return false;
        }
        Long2ObjectHashMap<Consent> consents = byBrand.get(brand);
        if (consents == null) {
            consents = new Long2ObjectHashMap<>();
            byBrand.put(brand, consents);
        }
        Consent current = consents.get(key);
        if (current != null && supersedes(current, consent)) {
            return false;
        }
        if (consents.put(key, consent) == null) {
            size++;
        }
        return true;
    }

    private static boolean supersedes(Consent current, Consent candidate) {
        if (current.date() != candidate.date()) {
            return current.date() > candidate.date();
        }
        return current.status() == ConsentStatus.OPT_OUT;
    }

    /** The standing consent, or {@code null} when the recipient never gave or refused one for the brand. */
    public Consent find(String brand, String msisdn) {
        Long2ObjectHashMap<Consent> consents = byBrand.get(brand);
        long key = Addresses.msisdn(msisdn);
        return consents == null || key < 0 ? null : consents.get(key);
    }

    /** Records held, across brands. */
    public long size() {
        return size;
    }
}
