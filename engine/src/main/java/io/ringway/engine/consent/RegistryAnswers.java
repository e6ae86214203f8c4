package io.ringway.engine.consent;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The external registry's answers for integrator-mode brands, each used for a time to live after it arrived and
 * then asked again. Bounded: past the capacity the oldest answer is dropped. Business-logic thread only; every
 * change comes from a journaled event and its time stamp, so a replay rebuilds the same cache.
 */
public final class RegistryAnswers {
    private static final int MARKER = 0x52414E53; // "RANS"

    private final long ttlMillis;
    private final int capacity;
    private final Map<Key, Answer> answers;

    public RegistryAnswers(long ttlMillis, int capacity) {
        this.ttlMillis = ttlMillis;
        this.capacity = capacity;
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

    /**
     * Writes every answer, stale ones too (they still take room), oldest first: the order in which they are
     * dropped past the capacity.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        out.writeCount(answers.size());
        for (Map.Entry<Key, Answer> entry : answers.entrySet()) {
            Consent consent = entry.getValue().consent();
            out.writeName(entry.getKey().brand());
            out.writeString(entry.getKey().msisdn());
            out.writeLong(entry.getValue().receivedAt());
            out.writeBoolean(consent != null);
            if (consent != null) {
                consent.writeSnapshot(out);
            }
        }
    }

    /** Replaces every answer with what {@link #writeSnapshot} wrote, in the same order. */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(MARKER, "registry answers");
        int count = in.readCount();
        if (count > capacity) {
            // Putting them would silently drop the oldest.
            throw new SnapshotFormatException(count + " registry answers, more than the capacity " + capacity);
        }
        answers.clear();
        for (int i = 0; i < count; i++) {
            String brand = in.readName();
            String msisdn = in.readString();
            Key key = new Key(brand, msisdn);
            long receivedAt = in.readLong();
            Consent consent = in.readBoolean() ? Consent.readSnapshot(in) : null;
            if (answers.put(key, new Answer(consent, receivedAt)) != null) {
                throw new SnapshotFormatException("registry answers: " + key + " twice");
            }
        }
    }

    /** One answer: the registry's consent, or {@code null} when it had none. */
    public record Answer(Consent consent, long receivedAt) {
    }

    /** A recipient of a brand. */
    public record Key(String brand, String msisdn) {
    }
}
