package io.ringway.engine.consent;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consent changes recorded but not yet acknowledged by the external registry, per brand in change order. A
 * recipient changed twice before a push keeps only the newer change (the registry needs the standing consent,
 * not the history), so the backlog is bounded by the recipients, however long the registry stays down.
 * Rebuilt by replay; on start the connector is handed what is still unpushed. Business-logic thread only.
 */
public final class UnpushedChanges {
    private static final int MARKER = 0x554E5055; // "UNPU"

    private final Map<String, LinkedHashMap<String, ConsentChange>> byBrand = new HashMap<>();
    private int size;

    public void add(ConsentChange change) {
        LinkedHashMap<String, ConsentChange> changes = byBrand.computeIfAbsent(change.brand(), b -> new LinkedHashMap<>());
        if (changes.remove(change.msisdn()) != null) {
            size--;
        }
        changes.put(change.msisdn(), change);
        size++;
    }

    /** The registry took every change of {@code brand} up to {@code changeId}. */
    public void pushed(String brand, long changeId) {
        LinkedHashMap<String, ConsentChange> changes = byBrand.get(brand);
        if (changes == null) {
            return;
        }
        Iterator<ConsentChange> oldestFirst = changes.values().iterator();
        while (oldestFirst.hasNext()) {
            if (oldestFirst.next().id() > changeId) {
                break;
            }
            oldestFirst.remove();
            size--;
        }
    }

    /** Every unpushed change, in change order. */
    public List<ConsentChange> all() {
        List<ConsentChange> all = new ArrayList<>(size);
        byBrand.values().forEach(changes -> all.addAll(changes.values()));
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        return all;
    }

    public int size() {
        return size;
    }

    /**
     * Writes every change, brands by name (the map of brands is only looked up), each brand's changes in their
     * order (what {@link #pushed} walks). A brand whose changes were all pushed is skipped: its empty map does
     * not change what any call does.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        List<String> brands = new ArrayList<>();
        for (Map.Entry<String, LinkedHashMap<String, ConsentChange>> entry : byBrand.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                brands.add(entry.getKey());
            }
        }
        brands.sort(null);
        out.writeCount(brands.size());
        for (String brand : brands) {
            LinkedHashMap<String, ConsentChange> changes = byBrand.get(brand);
            out.writeString(brand);
            out.writeCount(changes.size());
            for (ConsentChange change : changes.values()) {
                out.writeLong(change.id());
                out.writeString(change.msisdn());
                change.consent().writeSnapshot(out);
            }
        }
    }

    /**
     * Replaces every change with what {@link #writeSnapshot} wrote. Brands must come in strictly ascending order
     * and a recipient only once per brand, so a duplicate (which would leave {@link #size} wrong) fails as damage.
     */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(MARKER, "unpushed consent changes");
        byBrand.clear();
        size = 0;
        int brands = in.readCount();
        String previousBrand = null;
        for (int b = 0; b < brands; b++) {
            String brand = in.readStringAfter(previousBrand, "unpushed consent changes: brand");
            LinkedHashMap<String, ConsentChange> changes = new LinkedHashMap<>();
            int count = in.readCount();
            for (int i = 0; i < count; i++) {
                long id = in.readLong();
                String msisdn = in.readString();
                ConsentChange change = new ConsentChange(id, brand, msisdn, Consent.readSnapshot(in));
                if (changes.put(msisdn, change) != null) {
                    throw new SnapshotFormatException("unpushed consent changes: " + brand + " " + msisdn + " twice");
                }
            }
            byBrand.put(brand, changes);
            size += count;
            previousBrand = brand;
        }
    }
}
