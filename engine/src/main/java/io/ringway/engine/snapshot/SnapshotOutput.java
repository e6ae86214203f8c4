package io.ringway.engine.snapshot;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the business logic's state is written when a snapshot is taken: primitives big-endian, strings as UTF-8
 * with a length (-1 for null), enums by name (so that reordering an enum's constants never reinterprets an old
 * snapshot). Names that recur across entries (accounts, senders, upstreams, enum constants) are written with
 * {@link #writeName}: in full the first time, then as their number in the snapshot's table of names, which keeps
 * a snapshot of a million messages small and lets the reader share one string per name. Each stateful component writes its own part with a {@code writeSnapshot(SnapshotOutput)} method and
 * reads it back with the matching {@code readSnapshot(SnapshotInput ...)}, in the same order.
 *
 * <p>Not thread-safe: one snapshot, one thread (the snapshot writer's), never the ring's threads while they run.
 */
public final class SnapshotOutput {
    private final DataOutputStream out;
    private final Map<String, Integer> names = new HashMap<>();

    public SnapshotOutput(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    public void writeLong(long value) throws IOException {
        out.writeLong(value);
    }

    public void writeInt(int value) throws IOException {
        out.writeInt(value);
    }

    public void writeByte(int value) throws IOException {
        out.writeByte(value);
    }

    public void writeBoolean(boolean value) throws IOException {
        out.writeBoolean(value);
    }

    /** A count of the entries that follow (collections, arrays). */
    public void writeCount(int count) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        out.writeInt(count);
    }

    public void writeString(String value) throws IOException {
        writeBytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public void writeBytes(byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    public void writeEnum(Enum<?> value) throws IOException {
        writeName(value == null ? null : value.name());
    }

    /** A string many entries share: -1 for null, the number of a name written before, or -2 and the name. */
    public void writeName(String name) throws IOException {
        if (name == null) {
            out.writeInt(-1);
            return;
        }
        Integer known = names.get(name);
        if (known != null) {
            out.writeInt(known);
            return;
        }
        names.put(name, names.size());
        out.writeInt(-2);
        writeString(name);
    }

    public void flush() throws IOException {
        out.flush();
    }
}
