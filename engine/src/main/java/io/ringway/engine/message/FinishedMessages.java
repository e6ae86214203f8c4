package io.ringway.engine.message;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.Arrays;

/**
 * Outcomes of recently finished messages, so that a status query can be answered after the business logic has
 * forgotten the message itself. A ring indexed by message id modulo the capacity: the newest {@code capacity}
 * finished ids (ids are issued in sequence) are kept, an older one is overwritten by a newer one with the same
 * slot. Storage is parallel primitive arrays in chunks of {@value #CHUNK} slots, each allocated the first time a
 * message lands in it, so recording an outcome allocates nothing beyond that and a small store costs little.
 *
 * <p>Business-logic thread only. It is filled during journal replay like any other state, so it survives restarts.
 */
public final class FinishedMessages {
    /** "FINM": begins this class's part of a snapshot. */
    static final int MARKER = 0x46494E4D;
    private static final int CHUNK_BITS = 16;
    static final int CHUNK = 1 << CHUNK_BITS;
    private static final MessageState[] STATES = MessageState.values();

    private final int capacity;
    private final Chunk[] chunks;

    public FinishedMessages(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.chunks = new Chunk[(capacity + CHUNK - 1) >>> CHUNK_BITS];
    }

    /** Records the outcome of a message that reached its final state. */
    public void record(Message message, boolean refunded) {
        int slot = (int) (message.id() % capacity);
        Chunk chunk = allocatedChunk(slot);
        int i = slot & (CHUNK - 1);
        chunk.ids[i] = message.id();
        chunk.accounts[i] = message.account();
        chunk.states[i] = (byte) message.state().ordinal();
        chunk.refunded[i] = refunded;
        chunk.segments[i] = message.segments();
        chunk.charges[i] = message.charge();
        chunk.acceptedAt[i] = message.acceptedAt();
        chunk.doneAt[i] = message.doneAt();
        chunk.errorCodes[i] = message.errorCode();
        chunk.references[i] = message.reference();
        chunk.sendAt[i] = message.sendAt();
    }

    private Chunk allocatedChunk(int slot) {
        Chunk chunk = chunks[slot >>> CHUNK_BITS];
        if (chunk == null) {
            chunk = new Chunk(Math.min(CHUNK, capacity - (slot & ~(CHUNK - 1))));
            chunks[slot >>> CHUNK_BITS] = chunk;
        }
        return chunk;
    }

    /** The slot holding message {@code id}'s outcome, or -1 when it is not (or no longer) here. */
    public int find(long id) {
        if (id <= 0) {
            return -1;
        }
        int slot = (int) (id % capacity);
        Chunk chunk = chunks[slot >>> CHUNK_BITS];
        return chunk != null && chunk.ids[slot & (CHUNK - 1)] == id ? slot : -1;
    }

    public String account(int slot) { return chunk(slot).accounts[slot & (CHUNK - 1)]; }
    public MessageState state(int slot) { return STATES[chunk(slot).states[slot & (CHUNK - 1)]]; }
    public boolean refunded(int slot) { return chunk(slot).refunded[slot & (CHUNK - 1)]; }
    public int segments(int slot) { return chunk(slot).segments[slot & (CHUNK - 1)]; }
    public long charge(int slot) { return chunk(slot).charges[slot & (CHUNK - 1)]; }
    public long acceptedAt(int slot) { return chunk(slot).acceptedAt[slot & (CHUNK - 1)]; }
    public long doneAt(int slot) { return chunk(slot).doneAt[slot & (CHUNK - 1)]; }
    public int errorCode(int slot) { return chunk(slot).errorCodes[slot & (CHUNK - 1)]; }
    /** The customer's reference, or {@code null}: the message's own string, kept by reference, not copied. */
    public String reference(int slot) { return chunk(slot).references[slot & (CHUNK - 1)]; }
    /** When the message was to be sent (epoch milliseconds), or 0 when at once. */
    public long sendAt(int slot) { return chunk(slot).sendAt[slot & (CHUNK - 1)]; }

    private Chunk chunk(int slot) {
        return chunks[slot >>> CHUNK_BITS];
    }

    /**
     * Writes the occupied slots in slot order. A message's slot is its id modulo the capacity, which the same
     * configuration gives again, so the slots themselves are not written and later outcomes overwrite exactly
     * the entries they would have overwritten. Which chunks are allocated is not state: an unallocated chunk
     * answers like empty slots.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        out.writeInt(capacity);
        int occupied = 0;
        for (Chunk chunk : chunks) {
            if (chunk != null) {
                for (long id : chunk.ids) {
                    if (id != 0) {
                        occupied++;
                    }
                }
            }
        }
        out.writeCount(occupied);
        for (Chunk chunk : chunks) {
            if (chunk == null) {
                continue;
            }
            for (int i = 0; i < chunk.ids.length; i++) {
                if (chunk.ids[i] != 0) {
                    out.writeLong(chunk.ids[i]);
                    out.writeName(chunk.accounts[i]);
                    out.writeEnum(STATES[chunk.states[i]]);
                    out.writeBoolean(chunk.refunded[i]);
                    out.writeInt(chunk.segments[i]);
                    out.writeLong(chunk.charges[i]);
                    out.writeLong(chunk.acceptedAt[i]);
                    out.writeLong(chunk.doneAt[i]);
                    out.writeInt(chunk.errorCodes[i]);
                    out.writeString(chunk.references[i]);
                    out.writeLong(chunk.sendAt[i]);
                }
            }
        }
    }

    /** Replaces every outcome held with those {@link #writeSnapshot} wrote; the capacity must be the same. */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(MARKER, "finished messages");
        int writtenCapacity = in.readInt();
        if (writtenCapacity != capacity) {
            throw new SnapshotFormatException("finished messages were kept in " + writtenCapacity
                    + " slots, not " + capacity);
        }
        Arrays.fill(chunks, null);
        int count = in.readCount();
        int previousSlot = -1;
        for (int n = 0; n < count; n++) {
            long id = in.readLong();
            int slot = id > 0 ? (int) (id % capacity) : -1;
            if (slot <= previousSlot) {
                throw new SnapshotFormatException("finished message " + id + " out of slot order");
            }
            previousSlot = slot;
            Chunk chunk = allocatedChunk(slot);
            int i = slot & (CHUNK - 1);
            chunk.ids[i] = id;
            chunk.accounts[i] = in.readName();
            MessageState state = in.readEnum(MessageState.class);
            if (state == null) {
                throw new SnapshotFormatException("finished message " + id + " has no state");
            }
            chunk.states[i] = (byte) state.ordinal();
            chunk.refunded[i] = in.readBoolean();
            chunk.segments[i] = in.readInt();
            chunk.charges[i] = in.readLong();
            chunk.acceptedAt[i] = in.readLong();
            chunk.doneAt[i] = in.readLong();
            chunk.errorCodes[i] = in.readInt();
            chunk.references[i] = in.readString();
            chunk.sendAt[i] = in.format() >= SnapshotInput.FORMAT_SMPP_FIELDS ? in.readLong() : 0;
        }
    }

    /** One block of slots, as parallel arrays. */
    private static final class Chunk {
        final long[] ids;
        final String[] accounts;
        final byte[] states;
        final boolean[] refunded;
        final int[] segments;
        final long[] charges;
        final long[] acceptedAt;
        final long[] doneAt;
        final int[] errorCodes;
        final String[] references;
        final long[] sendAt;

        Chunk(int size) {
            ids = new long[size];
            accounts = new String[size];
            states = new byte[size];
            refunded = new boolean[size];
            segments = new int[size];
            charges = new long[size];
            acceptedAt = new long[size];
            doneAt = new long[size];
            errorCodes = new int[size];
            references = new String[size];
            sendAt = new long[size];
        }
    }
}
