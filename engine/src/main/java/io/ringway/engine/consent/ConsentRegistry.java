package io.ringway.engine.consent;

import io.ringway.engine.message.Addresses;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.util.Arrays;
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
    private static final int MARKER = 0x43524547; // "CREG"

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

    /**
     * Writes every record, brands by name and recipients by number: the maps' own order is not state (they are
     * only looked up), so the same records give the same octets whatever order they were recorded in.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        String[] brands = byBrand.keySet().toArray(new String[0]);
        Arrays.sort(brands);
        out.writeCount(brands.length);
        for (String brand : brands) {
            Long2ObjectHashMap<Consent> consents = byBrand.get(brand);
            long[] msisdns = new long[consents.size()];
            Long2ObjectHashMap<Consent>.KeyIterator keys = consents.keySet().iterator();
            for (int i = 0; i < msisdns.length; i++) {
                msisdns[i] = keys.nextLong();
            }
            Arrays.sort(msisdns);
            out.writeString(brand);
            out.writeCount(msisdns.length);
            for (long msisdn : msisdns) {
                out.writeLong(msisdn);
                consents.get(msisdn).writeSnapshot(out);
            }
        }
    }

    /**
     * Replaces every record with what {@link #writeSnapshot} wrote. Brands and recipients must come in strictly
     * ascending order, so a duplicate (which would leave {@link #size} wrong) fails as damage.
     */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(MARKER, "consent registry");
        byBrand.clear();
        size = 0;
        int brands = in.readCount();
        String previousBrand = null;
        for (int b = 0; b < brands; b++) {
            String brand = in.readStringAfter(previousBrand, "consent registry: brand");
            // Grown as it is filled, not sized from the count: a damaged count must end in EOFException, not in
            // an OutOfMemoryError.
            Long2ObjectHashMap<Consent> consents = new Long2ObjectHashMap<>();
            int count = in.readCount();
            long previous = -1;
            for (int i = 0; i < count; i++) {
                long msisdn = in.readLong();
                if (msisdn <= previous) {
                    throw new SnapshotFormatException("consent registry: recipient " + msisdn + " after " + previous);
                }
                consents.put(msisdn, Consent.readSnapshot(in));
                previous = msisdn;
            }
            byBrand.put(brand, consents);
            size += count;
            previousBrand = brand;
        }
    }
}
