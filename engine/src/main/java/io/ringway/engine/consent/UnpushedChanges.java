package io.ringway.engine.consent;

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
}
