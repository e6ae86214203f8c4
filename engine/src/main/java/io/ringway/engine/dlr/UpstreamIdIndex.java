package io.ringway.engine.dlr;

import io.ringway.engine.message.Message;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps the id an upstream SMSC gave a message back to the message, so that its receipt can be matched.
 * Ids are only unique per upstream, hence one map per upstream. Business-logic thread only.
 *
 * <p>{@code HashMap}, although it allocates a 32-byte node per message: many SMSCs (the simulator among them)
 * issue sequential ids, whose hash codes differ in the last places, and {@code HashMap} keeps them in neighbouring
 * buckets, so that ids in flight together share cache lines. Open addressing measured slower with such ids
 * (benchmarks/README.md, fourth session): Agrona's {@code Object2ObjectHashMap} 2.5-5 times (every probe and every
 * compaction step reads a key string), a table with stored hashes and Fibonacci hashing 1.0-2.4 times (it
 * scatters the ids on purpose; without scattering, linear probing turns them into one long run).
 */
public final class UpstreamIdIndex {
    private final Map<String, Map<String, Message>> byUpstream = new HashMap<>();

    public void put(String upstream, String upstreamMessageId, Message message) {
        byUpstream.computeIfAbsent(upstream, name -> new HashMap<>()).put(upstreamMessageId, message);
    }

    /** Removes and returns the message the upstream knows as {@code upstreamMessageId}, or {@code null}. */
    public Message remove(String upstream, String upstreamMessageId) {
        Map<String, Message> ids = byUpstream.get(upstream);
        return ids == null ? null : ids.remove(upstreamMessageId);
    }

    public int size() {
        int size = 0;
        for (Map<String, Message> ids : byUpstream.values()) {
            size += ids.size();
        }
        return size;
    }
}
