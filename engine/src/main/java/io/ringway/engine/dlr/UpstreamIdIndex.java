package io.ringway.engine.dlr;

import io.ringway.engine.message.Message;
import org.agrona.collections.Object2ObjectHashMap;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps the id an upstream SMSC gave a message back to the message, so that its receipt can be matched.
 * Ids are only unique per upstream, hence one map per upstream. Business-logic thread only.
 *
 * <p>The per-upstream maps are open-addressed (Agrona's {@code Object2ObjectHashMap}): an id costs no entry
 * object and a look-up no pointer chase beyond the key. Unlike {@code HashMap} they do not fall back to trees
 * when many keys share a hash code; the keys are ids our upstream SMSCs issue, not customer input.
 */
public final class UpstreamIdIndex {
    private final Map<String, Object2ObjectHashMap<String, Message>> byUpstream = new HashMap<>();

    public void put(String upstream, String upstreamMessageId, Message message) {
        byUpstream.computeIfAbsent(upstream, name -> new Object2ObjectHashMap<>()).put(upstreamMessageId, message);
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
