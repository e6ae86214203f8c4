package io.ringway.engine.dlr;

import io.ringway.engine.message.MessageState;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
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
    /** "ERCP": begins this class's part of a snapshot. */
    private static final int MARKER = 0x45524350;

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

    /**
     * Writes the age queue in order, claimed receipts included (they still count against the capacity until
     * {@link #expire} sweeps them), each marked with whether it still waits to be claimed.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        out.writeCount(byAge.size());
        for (Held held : byAge) {
            out.writeName(held.upstream());
            out.writeString(held.upstreamMessageId());
            out.writeEnum(held.state());
            out.writeInt(held.errorCode());
            out.writeLong(held.doneAt());
            out.writeLong(held.heldAt());
            out.writeBoolean(isWaiting(held));
        }
    }

    /** Replaces every receipt held with those {@link #writeSnapshot} wrote, in the same age order. */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(MARKER, "early receipts");
        byUpstream.clear();
        byAge.clear();
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            Held held = new Held(in.readName(), in.readString(), in.readEnum(MessageState.class), in.readInt(),
                    in.readLong(), in.readLong());
            byAge.addLast(held);
            // Every receipt in the age queue has its upstream's map, as hold() made it: expire() looks it up.
            Map<String, Held> ids = byUpstream.computeIfAbsent(held.upstream(), name -> new HashMap<>());
            if (in.readBoolean()) {
                if (ids.putIfAbsent(held.upstreamMessageId(), held) != null) {
                    throw new SnapshotFormatException("two early receipts wait for " + held.upstreamMessageId()
                            + " of " + held.upstream());
                }
            }
        }
    }

    /** Whether {@code held} is still to be claimed: not taken, and not a claimed one whose id was held again. */
    private boolean isWaiting(Held held) {
        Map<String, Held> ids = byUpstream.get(held.upstream());
        return ids != null && ids.get(held.upstreamMessageId()) == held;
    }
}
