package io.ringway.engine.dlr;

import io.ringway.engine.message.Message;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps the id an upstream SMSC gave a message back to the message, so that its receipt can be matched.
 * Ids are only unique per upstream, hence one map per upstream. Business-logic thread only.
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
