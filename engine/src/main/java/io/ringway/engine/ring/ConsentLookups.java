package io.ringway.engine.ring;

import io.ringway.engine.consent.RegistryAnswers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Commercial submissions of integrator-mode brands parked while the external registry is asked about their
 * recipient: one question per recipient and brand however many submissions wait for it. Each parked submission
 * is a detached copy of its ring event (the slot itself is reused as soon as the handlers pass it). Business-logic
 * thread only; parked by journaled SUBMITs and released by journaled answers or ticks, so replay parks alike.
 */
final class ConsentLookups {
    private final Map<RegistryAnswers.Key, Lookup> lookups = new LinkedHashMap<>();
    private int parked;

    /**
     * Parks {@code submission}; returns true when it is the first to wait for this recipient and brand, i.e.
     * when the registry has to be asked.
     */
    boolean park(String brand, MessageEvent submission, long now) {
        RegistryAnswers.Key key = new RegistryAnswers.Key(brand, submission.destinationAddress);
        Lookup lookup = lookups.get(key);
        boolean first = lookup == null;
        if (first) {
            lookup = new Lookup(key, now);
            lookups.put(key, lookup);
        }
        lookup.waiting.add(submission);
        parked++;
        return first;
    }

    /** The submissions waiting for this answer, removed; empty when none wait (a late or repeated answer). */
    List<MessageEvent> answered(String brand, String msisdn) {
        Lookup lookup = lookups.remove(new RegistryAnswers.Key(brand, msisdn));
        if (lookup == null) {
            return List.of();
        }
        parked -= lookup.waiting.size();
        return lookup.waiting;
    }

    /** Hands every submission whose question was asked at or before {@code askedBy} to {@code expired}. */
    void expire(long askedBy, Consumer<MessageEvent> expired) {
        Iterator<Lookup> oldestFirst = lookups.values().iterator();
        while (oldestFirst.hasNext()) {
            Lookup lookup = oldestFirst.next();
            if (lookup.askedAt > askedBy) {
                break;
            }
            oldestFirst.remove();
            parked -= lookup.waiting.size();
            lookup.waiting.forEach(expired);
        }
    }

    /** The questions still open, for asking again after a restart. */
    List<RegistryAnswers.Key> open() {
        List<RegistryAnswers.Key> open = new ArrayList<>(lookups.size());
        lookups.values().forEach(lookup -> open.add(lookup.key));
        return open;
    }

    /** Submissions parked. */
    int parked() {
        return parked;
    }

    private static final class Lookup {
        final RegistryAnswers.Key key;
        final long askedAt;
        final List<MessageEvent> waiting = new ArrayList<>(1);

        Lookup(RegistryAnswers.Key key, long askedAt) {
            this.key = key;
            this.askedAt = askedAt;
        }
    }
}
