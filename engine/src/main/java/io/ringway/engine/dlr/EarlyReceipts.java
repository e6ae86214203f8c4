package io.ringway.engine.dlr;

import io.ringway.engine.message.MessageState;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Receipts that named an upstream id nobody acknowledged yet. Fast SMSCs sometimes send the receipt before the
 * submit_sm_resp that carries the id; such a receipt waits here, keyed by upstream and id, until the
 * acknowledgement arrives or it is older than the hold time. Bounded: past {@code capacity} a receipt is not held
 * (it counts as unmatched). Only this rare path allocates. Business-logic thread only.
 */
public final class EarlyReceipts {
    private final int capacity;
    private final Map<String, Map<String, Held>> byUpstream = new HashMap<>();
    private final ArrayDeque<Held> byAge = new ArrayDeque<>();

    public EarlyReceipts(int capacity) {
        this.capacity = capacity;
    }

    /** A receipt waiting for its acknowledgement. */
    public record Held(String upstream, String upstreamMessageId, MessageState state, int errorCode, long doneAt,
                       long heldAt) {
    }

    /** Holds a receipt; false when full (or one with that id waits already: the first one stays). */
    public boolean hold(String upstream, String upstreamMessageId, MessageState state, int errorCode, long doneAt,
                        long now) {
        if (byAge.size() >= capacity) {
            return false;
        }
        Map<String, Held> ids = byUpstream.computeIfAbsent(upstream, name -> new HashMap<>());
        if (ids.containsKey(upstreamMessageId)) {
            return false;
        }
        Held held = new Held(upstream, upstreamMessageId, state, errorCode, doneAt, now);
        ids.put(upstreamMessageId, held);
        byAge.addLast(held);
        return true;
    }

    /** Removes and returns the receipt held for {@code upstreamMessageId} of {@code upstream}, or {@code null}. */
    public Held take(String upstream, String upstreamMessageId) {
        if (byAge.isEmpty()) {
            return null;
        }
        Map<String, Held> ids = byUpstream.get(upstream);
        return ids == null ? null : ids.remove(upstreamMessageId);
    }

    /**
     * Drops receipts held since {@code now - holdMillis} or earlier and returns how many of them were still
     * unclaimed. Receipts claimed meanwhile leave the age queue here, lazily.
     */
    public int expire(long now, long holdMillis) {
        int expired = 0;
        Held oldest;
        while ((oldest = byAge.peekFirst()) != null && oldest.heldAt() + holdMillis <= now) {
            byAge.pollFirst();
            Map<String, Held> ids = byUpstream.get(oldest.upstream());
            if (ids.get(oldest.upstreamMessageId()) == oldest) {
                ids.remove(oldest.upstreamMessageId());
                expired++;
            }
        }
        return expired;
    }

    /** Receipts waiting, claimed ones not yet swept included. */
    public int size() {
        return byAge.size();
    }
}
