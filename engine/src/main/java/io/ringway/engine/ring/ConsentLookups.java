package io.ringway.engine.ring;

import io.ringway.engine.consent.RegistryAnswers;
import io.ringway.engine.journal.EventCodec;
import io.ringway.engine.journal.RecordWriter;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import net.openhft.chronicle.bytes.Bytes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Commercial submissions of integrator-mode brands parked while the external registry is asked about their
 * recipient: one question per recipient and brand however many submissions wait for it. Each parked submission
 * is a detached copy of its ring event (the slot itself is reused as soon as the handlers pass it). Business-logic
 * thread only; parked by journaled SUBMITs and released by journaled answers or ticks, so replay parks alike.
 */
final class ConsentLookups {
    private static final int MARKER = 0x4C4F4F4B; // "LOOK"

    private final Map<RegistryAnswers.Key, Lookup> lookups = new LinkedHashMap<>();
    private int parked;

    /**
     * Parks {@code submission}; returns true when it is the first to wait for this recipient and brand, i.e.
     * when the registry has to be asked.
     */
    boolean park(String brand, MessageEvent submission, long now) {
        RegistryAnswers.Key key = new RegistryAnswers.Key(brand, submission.destinationAddress);
        Lookup lookup = lookups.get(key);
        boolean first = lookup == null;
        if (first) {
            lookup = new Lookup(key, now);
            lookups.put(key, lookup);
        }
        lookup.waiting.add(submission);
        parked++;
        return first;
    }

    /** The submissions waiting for this answer, removed; empty when none wait (a late or repeated answer). */
    List<MessageEvent> answered(String brand, String msisdn) {
        Lookup lookup = lookups.remove(new RegistryAnswers.Key(brand, msisdn));
        if (lookup == null) {
            return List.of();
        }
        parked -= lookup.waiting.size();
        return lookup.waiting;
    }

    /** Hands every submission whose question was asked at or before {@code askedBy} to {@code expired}. */
    void expire(long askedBy, Consumer<MessageEvent> expired) {
        Iterator<Lookup> oldestFirst = lookups.values().iterator();
        while (oldestFirst.hasNext()) {
            Lookup lookup = oldestFirst.next();
            if (lookup.askedAt > askedBy) {
                break;
            }
            oldestFirst.remove();
            parked -= lookup.waiting.size();
            lookup.waiting.forEach(expired);
        }
    }

    /** The questions still open, for asking again after a restart. */
    List<RegistryAnswers.Key> open() {
        List<RegistryAnswers.Key> open = new ArrayList<>(lookups.size());
        lookups.values().forEach(lookup -> open.add(lookup.key));
        return open;
    }

    /** Submissions parked. */
    int parked() {
        return parked;
    }

    /**
     * Writes every open question oldest first (the order expiry walks), each with its submissions in the order
     * they were parked (the order an answer decides them in, so the order their message ids are issued in). A
     * submission is written as its journal record, so that it reads back as a replay of that record gives it.
     * The parked count is not written: it is the sum of the submissions.
     */
    void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        out.writeCount(lookups.size());
        RecordWriter record = new RecordWriter();
        for (Lookup lookup : lookups.values()) {
            out.writeString(lookup.key.brand());
            out.writeString(lookup.key.msisdn());
            out.writeLong(lookup.askedAt);
            out.writeCount(lookup.waiting.size());
            for (int i = 0; i < lookup.waiting.size(); i++) {
                MessageEvent submission = lookup.waiting.get(i);
                EventCodec.write(submission, record);
                out.writeBytes(Arrays.copyOf(record.array(), record.size()));
            }
        }
    }

    /** Replaces every question and parked submission with what {@link #writeSnapshot} wrote, in the same order. */
    void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(MARKER, "consent lookups");
        lookups.clear();
        parked = 0;
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            String brand = in.readString();
            String msisdn = in.readString();
            Lookup lookup = new Lookup(new RegistryAnswers.Key(brand, msisdn), in.readLong());
            int waiting = in.readCount();
            if (waiting == 0 || lookups.put(lookup.key, lookup) != null) {
                throw new SnapshotFormatException("consent lookups: " + lookup.key + " twice or with no submission");
            }
            for (int j = 0; j < waiting; j++) {
                lookup.waiting.add(readSubmission(in));
            }
            parked += waiting;
        }
    }

    /**
     * A parked submission exactly as a replay of its journal record gives it: its inputs, and no responder (the
     * customer's session ended with the process that took it), correlation, ring sequence or journaled flag,
     * which nothing reads once a submission is parked. So a snapshot written by the running engine and one
     * written by a replica that replayed the same journal are the same octets.
     */
    private static MessageEvent readSubmission(SnapshotInput in) throws IOException {
        byte[] record = in.readBytes();
        MessageEvent submission = new MessageEvent();
        if (record == null || !decoded(record, submission) || submission.kind != EventKind.SUBMIT) {
            throw new SnapshotFormatException("consent lookups: a parked submission is not a whole SUBMIT record");
        }
        return submission;
    }

    private static boolean decoded(byte[] record, MessageEvent into) throws SnapshotFormatException {
        Bytes<byte[]> bytes = Bytes.wrapForRead(record);
        try {
            return EventCodec.read(bytes, into) && bytes.readRemaining() == 0;
        } catch (RuntimeException e) {
            // A record cut short (Chronicle's underflow) or naming a channel that does not exist: damage.
            SnapshotFormatException damaged = new SnapshotFormatException("consent lookups: a parked submission's "
                    + "record does not read back");
            damaged.initCause(e);
            throw damaged;
        }
    }

    private static final class Lookup {
        final RegistryAnswers.Key key;
        final long askedAt;
        final List<MessageEvent> waiting = new ArrayList<>(1);

        Lookup(RegistryAnswers.Key key, long askedAt) {
            this.key = key;
            this.askedAt = askedAt;
        }
    }
}
