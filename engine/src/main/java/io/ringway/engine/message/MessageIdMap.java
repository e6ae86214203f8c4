package io.ringway.engine.message;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.function.Consumer;

/**
 * Values keyed by Ringway message id, built for how those ids behave: the business logic issues them in sequence,
 * and most messages finish within a short while, roughly in the order they were accepted.
 *
 * <p>The {@code window} most recent ids live in an array indexed by the id's low bits, so that consecutive
 * messages use consecutive slots: a put, look-up or removal usually finds its slot in a cache line a neighbouring
 * message already brought in, and nothing is hashed, probed or compacted. An id that
 * falls out of the window while its value is still present (a message waiting days for its receipt) moves to an
 * ordinary hash map when a newer id needs its slot; ids older than the window are put there directly. A general
 * hash map spreads sequential ids over its whole table on purpose, which costs a cache miss on nearly every
 * operation once the table outgrows the cache, and its removals shift whole probe chains.
 *
 * <p>Deterministic (where a value is kept depends only on the ids put and removed, in order), not thread-safe,
 * allocation-free except for values that overflow. Keys must not be negative.
 */
public final class MessageIdMap<V> {
    /**
     * For values kept from acceptance until the final receipt: 1,048,576 ids (12 MiB of arrays), ten seconds of
     * receipt delay at 100,000 messages a second. Upstreams usually report within seconds; a message whose receipt
     * takes longer than the window moves to the hash map, as every message did before this class.
     */
    public static final int UNTIL_RECEIPT = 1 << 20;
    /** For values that live from a receipt until the customer acknowledges it, usually milliseconds. */
    public static final int SHORT_LIVED = 1 << 16;

    private final long[] ids;
    private final Object[] values;
    private final int mask;
    private final Long2ObjectHashMap<V> older = new Long2ObjectHashMap<>();
    /** The highest id ever put; the window is {@code (highest - window, highest]}. */
    private long highest = -1;
    private int size;

    /** @param window how many recent ids are kept in the array; a power of two */
    public MessageIdMap(int window) {
        if (window < 2 || Integer.bitCount(window) != 1) {
            throw new IllegalArgumentException("window must be a power of two of at least 2: " + window);
        }
        this.ids = new long[window];
        this.values = new Object[window];
        this.mask = window - 1;
    }

    /** Associates {@code value} (not null) with {@code id}; returns the value it replaces, or null. */
    public V put(long id, V value) {
        if (id < 0 || value == null) {
            throw new IllegalArgumentException("message id " + id + ", value " + value);
        }
        int slot = (int) id & mask;
        if (ids[slot] == id && values[slot] != null) {
            V previous = valueAt(slot);
            values[slot] = value;
            return previous;
        }
        if (id <= highest - values.length) {
            V previous = older.put(id, value);
            if (previous == null) {
                size++;
            }
            return previous;
        }
        // In the window: the slot's occupant, if any, is an older id (same low bits, below the window now).
        if (values[slot] != null) {
            older.put(ids[slot], valueAt(slot));
        }
        ids[slot] = id;
        values[slot] = value;
        highest = Math.max(highest, id);
        size++;
        return null;
    }

    public V get(long id) {
        int slot = (int) id & mask;
        if (ids[slot] == id) {
            Object value = values[slot];
            if (value != null) {
                @SuppressWarnings("unchecked")
                V found = (V) value;
                return found;
            }
        }
        return older.isEmpty() ? null : older.get(id);
    }

    /** Removes {@code id}'s value and returns it, or null when there was none. */
    public V remove(long id) {
        int slot = (int) id & mask;
        if (ids[slot] == id && values[slot] != null) {
            V removed = valueAt(slot);
            values[slot] = null;
            size--;
            return removed;
        }
        if (older.isEmpty()) {
            return null;
        }
        V removed = older.remove(id);
        if (removed != null) {
            size--;
        }
        return removed;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Every value, in no particular order (callers that need one sort). Not for the hot path. */
    public void forEachValue(Consumer<? super V> action) {
        for (int slot = 0; slot < values.length; slot++) {
            if (values[slot] != null) {
                action.accept(valueAt(slot));
            }
        }
        older.values().forEach(action);
    }

    /** What {@link #forEach} hands each entry to. */
    @FunctionalInterface
    public interface EntryConsumer<V> {
        void accept(long id, V value);
    }

    /** Every id with its value, in no particular order (snapshots sort them). Not for the hot path. */
    public void forEach(EntryConsumer<? super V> action) {
        for (int slot = 0; slot < values.length; slot++) {
            if (values[slot] != null) {
                action.accept(ids[slot], valueAt(slot));
            }
        }
        older.forEach(action::accept);
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int slot) {
        return (V) values[slot];
    }
}
