package io.ringway.engine.snapshot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link SnapshotOutput} wrote, in the same order. Every length and name is checked, so a snapshot
 * that does not read back (another version, a damaged file that passed its checksum) fails with
 * {@link SnapshotFormatException} and recovery falls back to an older snapshot or to the whole journal; it never
 * yields a half-read state silently.
 */
public final class SnapshotInput {
    /** No string, byte array or collection in a snapshot is longer than this; a longer length means damage. */
    static final int MAX_LENGTH = 1 << 28;

    private final DataInputStream in;
    /** The names read so far, by number (see {@link SnapshotOutput#writeName}). */
    private final List<String> names = new ArrayList<>();

    /**
     * The first format whose messages carry their SMPP fields (protocol_id, priority, replace, sar_*) and whose
     * finished outcomes their send time.
     */
    public static final int FORMAT_SMPP_FIELDS = 4;
    /** The first format whose messages carry the {@link io.ringway.engine.message.Segments} rules they were counted under. */
    public static final int FORMAT_SEGMENT_RULES = 5;

    private final int format;

    /** A snapshot of this version's own format. */
    public SnapshotInput(InputStream in) {
        this(in, SnapshotFiles.FORMAT);
    }

    /** A snapshot of {@code format}, which readers consult where a newer format added something. */
    public SnapshotInput(InputStream in, int format) {
        this.in = new DataInputStream(in);
        this.format = format;
    }

    /** The format of the snapshot being read. */
    public int format() {
        return format;
    }

    public long readLong() throws IOException {
        return in.readLong();
    }

    public int readInt() throws IOException {
        return in.readInt();
    }

    public byte readByte() throws IOException {
        return in.readByte();
    }

    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    public int readCount() throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_LENGTH) {
            throw new SnapshotFormatException("count " + count + " out of range");
        }
        return count;
    }

    public String readString() throws IOException {
        byte[] bytes = readBytes();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    public byte[] readBytes() throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_LENGTH) {
            throw new SnapshotFormatException("length " + length + " out of range");
        }
        byte[] bytes = new byte[length];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new SnapshotFormatException("snapshot ends inside a " + length + "-octet field");
        }
        return bytes;
    }

    /**
     * A string of a list written in strictly ascending order (such as brands sorted by name): it must be there
     * and come after {@code previous} (null for the first), or the snapshot holds a duplicate or is damaged.
     */
    public String readStringAfter(String previous, String what) throws IOException {
        String value = readString();
        if (value == null || previous != null && value.compareTo(previous) <= 0) {
            throw new SnapshotFormatException(what + " " + value + " after " + previous);
        }
        return value;
    }

    /** What {@link SnapshotOutput#writeName} wrote. */
    public String readName() throws IOException {
        int number = in.readInt();
        if (number == -1) {
            return null;
        }
        if (number == -2) {
            String name = readString();
            if (name == null) {
                throw new SnapshotFormatException("a null name in the table of names");
            }
            names.add(name);
            return name;
        }
        if (number < 0 || number >= names.size()) {
            throw new SnapshotFormatException("name number " + number + " of " + names.size());
        }
        return names.get(number);
    }

    /** The constant of {@code type} named here, or {@code null} if null was written. */
    public <E extends Enum<E>> E readEnum(Class<E> type) throws IOException {
        String name = readName();
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException(type.getSimpleName() + " has no constant " + name);
        }
    }

    /** Fails unless the next int is {@code expected}: a marker between sections, to catch a reader out of step. */
    public void expect(int expected, String section) throws IOException {
        int found = in.readInt();
        if (found != expected) {
            throw new SnapshotFormatException("expected the " + section + " section (marker " + expected + "), found "
                    + found);
        }
    }
}
