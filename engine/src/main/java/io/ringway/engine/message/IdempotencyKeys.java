package io.ringway.engine.message;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Idempotency-Key}s of accepted HTTP submissions, so that a client retrying a request whose answer it
 * never saw gets the original answer back instead of a second message and a second charge. A key is remembered per
 * account and per recipient of the request (the recipient's index in {@code to}), with what the answer needs
 * ({@link Original}) and a {@linkplain #fingerprint fingerprint} of the recipient's sender, destination and text,
 * so that a key reused for another body can be told from a retry. Refused submissions are never remembered: a
 * retry after the cause went away (a top-up) is submitted afresh.
 *
 * <p>Memory is bounded twice: a key is forgotten once {@code windowMillis} has passed since it was remembered,
 * measured in event time stamps (never the wall clock, so that a replay of the journal forgets exactly what the live
 * logic forgot), and at most {@code capacity} keys are kept, the oldest forgotten first. Entries are kept in the
 * order they were remembered, which is journal order, so both bounds drop from the head. Each costs some 200 octets
 * (map entry, key string, answer), about 200 MB for a million.
 *
 * <p>Business-logic thread only. It is filled during journal replay like any other state and written to snapshots.
 */
public final class IdempotencyKeys {
    /** "IDEM": begins this class's part of a snapshot. */
    private static final int MARKER = 0x4944454D;
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    /**
     * What an accepted submission was answered, as a retry is answered again.
     *
     * @param messageId    the message's id
     * @param segments     its parts
     * @param charge       what it was charged, micro-units
     * @param sendAt       its send time (epoch ms) when it was scheduled, else 0
     * @param fingerprint  the {@linkplain #fingerprint fingerprint} of its sender, destination and text
     * @param acceptedAt   when it was accepted (event time): the start of its window
     */
    public record Original(long messageId, int segments, long charge, long sendAt, long fingerprint,
                           long acceptedAt) {
    }

    /** One remembered key: the account's key and the recipient's index in the request. */
    private record Key(String account, String key, int recipient) {
    }

    private final long windowMillis;
    private final int capacity;
    /** In the order remembered; a key remembered again moves to the end (it is removed first). */
    private final LinkedHashMap<Key, Original> entries = new LinkedHashMap<>();

    public IdempotencyKeys(long windowMillis, int capacity) {
        if (windowMillis <= 0 || capacity < 1) {
            throw new IllegalArgumentException("window and capacity must be positive, were " + windowMillis + " ms and "
                    + capacity);
        }
        this.windowMillis = windowMillis;
        this.capacity = capacity;
    }

    /**
     * The original answer for {@code account}'s {@code key} at recipient index {@code recipient}, or {@code null}
     * when none was remembered or its window has passed by {@code now} (event time).
     */
    public Original find(String account, String key, int recipient, long now) {
        Key probe = new Key(account, key, recipient);
        Original original = entries.get(probe);
        if (original != null && original.acceptedAt() + windowMillis <= now) {
            entries.remove(probe); // older than the window, though behind a younger head: forgotten all the same
            return null;
        }
        return original;
    }

    /** Remembers an accepted submission's answer under its key, forgetting the oldest key if there are too many. */
    public void remember(String account, String key, int recipient, Original original) {
        Key entry = new Key(account, key, recipient);
        entries.remove(entry);
        entries.put(entry, original);
        if (entries.size() > capacity) {
            Iterator<Original> oldest = entries.values().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Forgets every key remembered from the oldest on whose window has passed by {@code now} (event time). */
    public void expire(long now) {
        Iterator<Original> oldest = entries.values().iterator();
        while (oldest.hasNext() && oldest.next().acceptedAt() + windowMillis <= now) {
            oldest.remove();
        }
    }

    /** Keys remembered now. */
    public int size() {
        return entries.size();
    }

    /**
     * A 64-bit FNV-1a hash of what makes a recipient's submission the same request: sender, destination, data
     * coding and body octets (the same text is always encoded alike). Computed from the journaled fields only, so
     * that replay computes the same value on any JVM.
     */
    public static long fingerprint(String source, String destination, byte dataCoding, byte[] payload) {
        long hash = FNV_OFFSET;
        hash = hashText(hash, source);
        hash = hashText(hash, destination);
        hash = (hash ^ (dataCoding & 0xFF)) * FNV_PRIME;
        if (payload != null) {
            for (byte octet : payload) {
                hash = (hash ^ (octet & 0xFF)) * FNV_PRIME;
            }
        }
        return hash;
    }

    /** Hashes {@code text} with its length first, so that ("ab", "c") and ("a", "bc") differ. */
    private static long hashText(long hash, String text) {
        int length = text == null ? -1 : text.length();
        hash = (hash ^ length) * FNV_PRIME;
        if (text != null) {
            for (byte octet : text.getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (octet & 0xFF)) * FNV_PRIME;
            }
        }
        return hash;
    }

    /** Writes the keys in the order they were remembered, so that reading them back keeps who is forgotten first. */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        out.writeCount(entries.size());
        for (Map.Entry<Key, Original> entry : entries.entrySet()) {
            Key key = entry.getKey();
            Original original = entry.getValue();
            out.writeName(key.account());
            out.writeString(key.key());
            out.writeInt(key.recipient());
            out.writeLong(original.messageId());
            out.writeInt(original.segments());
            out.writeLong(original.charge());
            out.writeLong(original.sendAt());
            out.writeLong(original.fingerprint());
            out.writeLong(original.acceptedAt());
        }
    }

    /** Replaces every key held with those {@link #writeSnapshot} wrote. */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(MARKER, "idempotency keys");
        int count = in.readCount();
        if (count > capacity) {
            throw new SnapshotFormatException(count + " idempotency keys, more than the " + capacity + " kept");
        }
        entries.clear();
        for (int i = 0; i < count; i++) {
            String account = in.readName();
            String key = in.readString();
            if (key == null) {
                throw new SnapshotFormatException("an idempotency key of " + account + " is missing");
            }
            Key entry = new Key(account, key, in.readInt());
            Original original = new Original(in.readLong(), in.readInt(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong());
            if (entries.put(entry, original) != null) {
                throw new SnapshotFormatException("idempotency key " + key + " of " + account + " twice");
            }
        }
    }
}
