package io.ringway.engine.dlr;

import io.ringway.engine.message.Message;
import org.agrona.collections.Object2ObjectHashMap;

/**
 * Maps the id an upstream SMSC gave a message back to the message, so that its receipt can be matched.
 * Ids are only unique per upstream, hence one map per upstream. Open addressing: an entry is two array slots,
 * not a node object per message in flight. Business-logic thread only.
 */
public final class UpstreamIdIndex {
    private final Object2ObjectHashMap<String, Object2ObjectHashMap<String, Message>> byUpstream =
            new Object2ObjectHashMap<>();

    public void put(String upstream, String upstreamMessageId, Message message) {
        Object2ObjectHashMap<String, Message> ids = byUpstream.get(upstream);
        if (ids == null) {
            ids = new Object2ObjectHashMap<>();
            byUpstream.put(upstream, ids);
        }
        ids.put(upstreamMessageId, message);
    }

    /** Removes and returns the message the upstream knows as {@code upstreamMessageId}, or {@code null}. */
    public Message remove(String upstream, String upstreamMessageId) {
        Object2ObjectHashMap<String, Message> ids = byUpstream.get(upstream);
        return ids == null ? null : ids.remove(upstreamMessageId);
    }

    public int size() {
        int size = 0;
        for (Object2ObjectHashMap<String, Message> ids : byUpstream.values()) {
            size += ids.size();
        }
        return size;
    }
}
