package io.ringway.engine.dlr;

import io.ringway.engine.message.Message;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

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
    /** "UPID": begins this class's part of a snapshot. */
    private static final int MARKER = 0x55504944;
    /** Ids are whatever the upstream answered: a null one is kept (and looked up) like any other. */
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

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

    /**
     * Writes, by upstream name and then upstream id (the maps are only looked up, so their order is not state),
     * each upstream id with the id of its message; the messages themselves are written by the business logic.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        String[] upstreams = byUpstream.entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .sorted(NULLS_FIRST)
                .toArray(String[]::new);
        out.writeCount(upstreams.length);
        for (String upstream : upstreams) {
            Map<String, Message> messages = byUpstream.get(upstream);
            String[] ids = messages.keySet().toArray(new String[0]);
            Arrays.sort(ids, NULLS_FIRST);
            out.writeString(upstream);
            out.writeCount(ids.length);
            for (String id : ids) {
                out.writeString(id);
                out.writeLong(messages.get(id).id());
            }
        }
    }

    /**
     * Replaces every entry with those {@link #writeSnapshot} wrote, each pointing to the message {@code messages}
     * resolves by id (restored before).
     */
    public void readSnapshot(SnapshotInput in, LongFunction<Message> messages) throws IOException {
        in.expect(MARKER, "upstream ids");
        byUpstream.clear();
        int upstreams = in.readCount();
        for (int i = 0; i < upstreams; i++) {
            String upstream = in.readString();
            int count = in.readCount();
            Map<String, Message> ids = new HashMap<>((int) (count / 0.75f) + 1);
            for (int j = 0; j < count; j++) {
                String upstreamMessageId = in.readString();
                long messageId = in.readLong();
                Message message = messages.apply(messageId);
                if (message == null) {
                    throw new SnapshotFormatException(upstream + " id " + upstreamMessageId + " names message "
                            + messageId + ", which is not in the snapshot");
                }
                if (ids.put(upstreamMessageId, message) != null) {
                    throw new SnapshotFormatException(upstream + " id " + upstreamMessageId + " written twice");
                }
            }
            if (byUpstream.put(upstream, ids) != null) {
                throw new SnapshotFormatException("upstream " + upstream + " written twice");
            }
        }
    }
}
