package io.ringway.engine.dlr;

import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageIdMap;
import io.ringway.engine.message.NumericForm;
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
 * <p>Most SMSCs issue numbers: decimal (the simulator's counter), or hex, often zero-padded to a fixed width. An
 * id written only in decimal digits (up to 18), or only in hex digits of one case (up to 15), is kept by its value
 * in a {@link MessageIdMap} of its own form (radix, case and length, so that the value and the form give back
 * exactly the string), where sequential ids take neighbouring slots of an array and nothing is allocated per id.
 * Any other id (null included: it is kept and looked up like any other) goes to a {@code HashMap} by its string,
 * as every id did before; that costs a 32-byte node per message (benchmarks/README.md, seventh session). Open
 * addressing on the strings themselves measured slower with sequential ids (fourth session): it reads a key
 * string per probe, or scatters the ids on purpose and loses their locality.
 */
public final class UpstreamIdIndex {
    /** "UPID": begins this class's part of a snapshot. */
    private static final int MARKER = 0x55504944;
    /** Ids are whatever the upstream answered: a null one is kept (and looked up) like any other. */
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private final Map<String, Ids> byUpstream = new HashMap<>();
    /** What {@link #removeAnyPadding} found last, as acknowledged ({@link #matchedId}). */
    private String matchedId;

    /** Keeps {@code message} under the id the upstream gave it; returns the message the id named before, or null. */
    public Message put(String upstream, String upstreamMessageId, Message message) {
        return byUpstream.computeIfAbsent(upstream, name -> new Ids()).put(upstreamMessageId, message);
    }

    /** Removes and returns the message the upstream knows as {@code upstreamMessageId}, or {@code null}. */
    public Message remove(String upstream, String upstreamMessageId) {
        Ids ids = byUpstream.get(upstream);
        return ids == null ? null : ids.remove(upstreamMessageId);
    }

    /**
     * Removes and returns the message the upstream acknowledged under a numeric id of the same value as
     * {@code id}, written in the same radix with other zero padding (or, for hex, in the other case), or
     * {@code null}; {@link #matchedId} then gives the id as acknowledged. For an SMSC that pads its ids in one place
     * and not in the other ({@code 00AB03E9} and {@code AB03E9}).
     */
    public Message removeAnyPadding(String upstream, String id) {
        Ids ids = byUpstream.get(upstream);
        return ids == null ? null : ids.removeAnyPadding(id, this);
    }

    /** The id as acknowledged of the message the last {@link #removeAnyPadding} found. */
    public String matchedId() {
        return matchedId;
    }

    /**
     * Removes every id under which {@code message}'s parts were acknowledged by its upstream (a message that
     * finished without receipts for them: they would match nothing any more), without making the string of a
     * numeric first-part id.
     */
    public void removeParts(Message message) {
        Ids ids = byUpstream.get(message.upstream());
        if (ids == null) {
            return;
        }
        for (int part = 0; part < message.segments(); part++) {
            if (part == 0 && message.firstPartForm() >= 0) {
                ids.remove(message.firstPartForm(), message.firstPartValue());
            } else {
                String id = message.partUpstreamId(part);
                if (id != null) {
                    ids.remove(id);
                }
            }
        }
    }

    public int size() {
        int size = 0;
        for (Ids ids : byUpstream.values()) {
            size += ids.size();
        }
        return size;
    }

    /**
     * Writes, by upstream name, each upstream id with the id of its message; the messages themselves are written by
     * the business logic. The maps are only looked up, so their order is not state; the ids are written in one
     * order whatever order they came in: the numeric ones by form and value, then the others by their string. No
     * string of a numeric id is kept beyond its own write, so that writing the ids of a million messages in flight
     * takes little more than a sorted array of their values.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        String[] upstreams = byUpstream.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 0)
                .map(Map.Entry::getKey)
                .sorted(NULLS_FIRST)
                .toArray(String[]::new);
        out.writeCount(upstreams.length);
        for (String upstream : upstreams) {
            Ids ids = byUpstream.get(upstream);
            out.writeString(upstream);
            out.writeCount(ids.size());
            ids.writeSnapshot(out);
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
            if (byUpstream.containsKey(upstream)) {
                throw new SnapshotFormatException("upstream " + upstream + " written twice");
            }
            Ids ids = new Ids();
            byUpstream.put(upstream, ids);
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
        }
    }

    /** One upstream's ids: numeric ones by form and value, the rest by string. */
    private static final class Ids {
        /**
         * Per form in use: the 16,384 most recent ids have an array slot each (192 KiB); older ones still in
         * flight move to the map's hash table, which allocates nothing per id either. A counter upstream uses one
         * or two forms; one whose ids are random numbers of every length at most {@link NumericForm#COUNT}, so the
         * arrays stay under 11 MiB per upstream even then.
         */
        private static final int WINDOW = 1 << 14;
        @SuppressWarnings("unchecked")
        private final MessageIdMap<Message>[] numeric = new MessageIdMap[NumericForm.COUNT];
        private final Map<String, Message> other = new HashMap<>();
        private int numericSize;

        Message put(String id, Message message) {
            int form = NumericForm.of(id);
            if (form < 0) {
                return other.put(id, message);
            }
            MessageIdMap<Message> ids = numeric[form];
            if (ids == null) {
                ids = new MessageIdMap<>(WINDOW);
                numeric[form] = ids;
            }
            Message replaced = ids.put(NumericForm.value(id, form), message);
            if (replaced == null) {
                numericSize++;
            }
            return replaced;
        }

        Message remove(String id) {
            int form = NumericForm.of(id);
            if (form < 0) {
                return other.isEmpty() ? null : other.remove(id);
            }
            return remove(form, NumericForm.value(id, form));
        }

        Message removeAnyPadding(String id, UpstreamIdIndex index) {
            int written = NumericForm.of(id);
            if (written < 0 || numericSize == 0) {
                return null;
            }
            long value = NumericForm.value(id, written);
            int significant = NumericForm.significantLength(value, written);
            for (int form : NumericForm.sameValueForms(written)) {
                if (form == written || NumericForm.length(form) < significant || numeric[form] == null) {
                    continue;
                }
                Message removed = remove(form, value);
                if (removed != null) {
                    index.matchedId = NumericForm.text(value, form);
                    return removed;
                }
            }
            return null;
        }

        Message remove(int form, long value) {
            MessageIdMap<Message> ids = numeric[form];
            Message removed = ids == null ? null : ids.remove(value);
            if (removed != null) {
                numericSize--;
            }
            return removed;
        }

        int size() {
            return numericSize + other.size();
        }

        void writeSnapshot(SnapshotOutput out) throws IOException {
            for (int form = 0; form < numeric.length; form++) {
                MessageIdMap<Message> ids = numeric[form];
                if (ids == null || ids.isEmpty()) {
                    continue;
                }
                long[] values = new long[ids.size()];
                int[] count = {0};
                ids.forEach((value, message) -> values[count[0]++] = value);
                Arrays.sort(values);
                for (long value : values) {
                    out.writeString(NumericForm.text(value, form));
                    out.writeLong(ids.get(value).id());
                }
            }
            String[] strings = other.keySet().toArray(new String[0]);
            Arrays.sort(strings, NULLS_FIRST);
            for (String id : strings) {
                out.writeString(id);
                out.writeLong(other.get(id).id());
            }
        }
    }
}
