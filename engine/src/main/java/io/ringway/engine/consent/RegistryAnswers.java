package io.ringway.engine.consent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The external registry's answers for integrator-mode brands, each used for a time to live after it arrived and
 * then asked again. Bounded: past the capacity the oldest answer is dropped. Business-logic thread only; every
 * change comes from a journaled event and its time stamp, so a replay rebuilds the same cache.
 */
public final class RegistryAnswers {
    private final long ttlMillis;
    private final Map<Key, Answer> answers;

    public RegistryAnswers(long ttlMillis, int capacity) {
        this.ttlMillis = ttlMillis;
        this.answers = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Keeps the registry's answer ({@code consent} null: none on record) as of {@code now}. */
    public void put(String brand, String msisdn, Consent consent, long now) {
        Key key = new Key(brand, msisdn);
        answers.remove(key); // re-inserted last: the newest answer is the last to be dropped
        answers.put(key, new Answer(consent, now));
    }

    /** The answer still within its time to live at {@code now}, or {@code null} when the registry must be asked. */
    public Answer fresh(String brand, String msisdn, long now) {
        Answer answer = answers.get(new Key(brand, msisdn));
        return answer == null || answer.receivedAt() + ttlMillis <= now ? null : answer;
    }

    public int size() {
        return answers.size();
    }

    /** One answer: the registry's consent, or {@code null} when it had none. */
    public record Answer(Consent consent, long receivedAt) {
    }

    /** A recipient of a brand. */
    public record Key(String brand, String msisdn) {
    }
}
