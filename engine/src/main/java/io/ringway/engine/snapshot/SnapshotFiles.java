package io.ringway.engine.snapshot;

import io.ringway.config.RingwayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The business logic's snapshots on disk, in {@code <data directory>/snapshots}: each file holds the whole state as
 * of one journal document, so that recovery reads the newest snapshot and replays only the journal after it.
 *
 * <p>A file is {@code snapshot-<journal index, 16 hex digits>.bin}: a header (magic, {@link #FORMAT}, the {@linkplain
 * #fingerprint configuration's fingerprint}, the journal index, when it was written, what the state had {@linkplain
 * Decisions decided}), the body the components write, and a CRC-32C of everything before it. It is written under a
 * temporary name, forced to the device and renamed into place, so a crash leaves either the whole file or none; the
 * newest {@link #KEEP} are kept. A file that fails its checksum, is of another format or configuration, or refers to
 * a journal document the journal does not hold is skipped (and logged) in favour of an older one, and with none left
 * recovery replays the whole journal, as it did before snapshots existed.
 */
public final class SnapshotFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFiles.class);
    private static final int MAGIC = 0x52575350; // "RWSP"
    /**
     * The layout of the body. Change it whenever any component's {@code writeSnapshot} changes: snapshots of a
     * format this version cannot read are skipped (recovery then replays the whole journal once and writes a new
     * one); a reader that still reads the older layout says so with {@link SnapshotInput#format}.
     */
    public static final int FORMAT = 5;
    /**
     * The oldest format this version still reads (format 4 added the messages' SMPP fields at their end, and the
     * finished outcomes' send times; format 5 the messages' segment rules after them).
     */
    static final int OLDEST_READABLE = 3;
    /** Snapshots kept: the newest, and one before it in case the newest cannot be read. */
    static final int KEEP = 2;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".bin";
    private static final int BUFFER = 1 << 16;
    /** Magic, format, fingerprint, journal index, time written, the decisions' last message id and digest. */
    private static final int HEADER = 4 + 4 + 8 + 8 + 8 + 8 + 8;

    private final Path directory;
    private final long fingerprint;

    /** Snapshots of {@code dataDirectory} for the configuration whose {@link #fingerprint} is given. */
    public SnapshotFiles(Path dataDirectory, long fingerprint) {
        this.directory = dataDirectory.resolve("snapshots");
        this.fingerprint = fingerprint;
    }

    public Path directory() {
        return directory;
    }

    /** What a snapshot's body is written by. */
    @FunctionalInterface
    public interface Body {
        void write(SnapshotOutput out) throws IOException;
    }

    /** What reads a snapshot's body into a state in its opening configuration. */
    @FunctionalInterface
    public interface Reader<T> {
        void read(T into, SnapshotInput in) throws IOException;
    }

    /** A state read back from a snapshot, and the journal document it is the state after. */
    public record Restored<T>(T state, long journalIndex, Path file) {
    }

    /**
     * What the business logic had decided by a snapshot's journal document, in a form any configuration can
     * compare: the last message id it issued, and a digest of what it charged and refunded each account and where
     * its messages in flight went. Kept in the header, so that it can be read without the configuration the
     * snapshot was written under.
     */
    public record Decisions(long lastMessageId, long digest) {
    }

    /** A snapshot written under another configuration: its journal document and what had been decided by then. */
    public record Recorded(long journalIndex, Decisions decisions, Path file) {
    }

    /** A snapshot's header, once its checksum and format are checked. */
    private record Header(long fingerprint, long journalIndex, Decisions decisions, int format) {
    }

    /**
     * Writes the state {@code body} writes as the snapshot after journal document {@code journalIndex}, with what
     * that state had decided, then removes all but the newest {@link #KEEP}. Returns the file.
     */
    public Path write(long journalIndex, long writtenAtMillis, Decisions decisions, Body body) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name(journalIndex));
        Path temporary = directory.resolve(name(journalIndex) + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            CheckedOutputStream checked = new CheckedOutputStream(
                    new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), new CRC32C());
            DataOutputStream header = new DataOutputStream(checked);
            header.writeInt(MAGIC);
            header.writeInt(FORMAT);
            header.writeLong(fingerprint);
            header.writeLong(journalIndex);
            header.writeLong(writtenAtMillis);
            header.writeLong(decisions.lastMessageId());
            header.writeLong(decisions.digest());
            SnapshotOutput out = new SnapshotOutput(checked);
            body.write(out);
            out.flush();
            header.writeInt((int) checked.getChecksum().getValue()); // not itself part of the checksum's input
            header.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        prune();
        return file;
    }

    /**
     * The newest snapshot that reads back whole into a state {@code fresh} supplies; {@code null} when there is
     * none. Each candidate is checked (checksum, format, configuration) before {@code reader} sees it, and read into
     * a state of its own, so a snapshot that fails half-way leaves nothing behind but that state.
     *
     * @throws JournalBehindSnapshotException when an intact snapshot, of any configuration, names a journal document
     *                                        the journal does not hold ({@code journalHolds}): the journal lost
     *                                        acknowledged records, and no start may pass over that
     */
    public <T> Restored<T> restoreNewest(Supplier<T> fresh, Reader<T> reader, LongPredicate journalHolds) {
        for (Path file : newestFirst()) {
            try {
                Header header = verify(file);
                long index = header.journalIndex();
                if (!journalHolds.test(index)) {
                    throw new JournalBehindSnapshotException(file, index);
                }
                if (header.fingerprint() != fingerprint) {
                    throw new SnapshotFormatException("written for another configuration");
                }
                T state = fresh.get();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
                    in.skipNBytes(HEADER);
                    reader.read(state, new SnapshotInput(in, header.format()));
                    int left = in.readAllBytes().length;
                    if (left != 4) { // the checksum, and nothing the reader skipped
                        throw new SnapshotFormatException((left - 4) + " octets of the body were not read");
                    }
                }
                return new Restored<>(state, index, file);
            } catch (JournalBehindSnapshotException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                LOG.warn("snapshot {} cannot be used: {}", file, e.toString());
            }
        }
        return null;
    }

    /**
     * The newest intact snapshot written under another configuration whose journal document
     * {@code journalHolds}, or {@code null}: what a start under this configuration can check its own replay of
     * the journal against.
     */
    public Recorded newestOfAnotherConfiguration(LongPredicate journalHolds) {
        for (Path file : newestFirst()) {
            try {
                if (fingerprintOf(file) == fingerprint) {
                    continue; // this configuration's own: not read through (its checksum is the restore's business)
                }
                Header header = verify(file);
                if (journalHolds.test(header.journalIndex())) {
                    return new Recorded(header.journalIndex(), header.decisions(), file);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("snapshot {} cannot be checked: {}", file, e.toString());
            }
        }
        return null;
    }

    /** Snapshot files, newest (highest journal index) first. */
    public List<Path> newestFirst() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(SnapshotFiles::isSnapshot)
                    .sorted(Comparator.comparing((Path path) -> path.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            LOG.warn("snapshots in {} cannot be listed: {}", directory, e.toString());
            return List.of();
        }
    }

    /** The configuration fingerprint in a file's header, read without the rest of the file. */
    private static long fingerprintOf(Path file) throws IOException {
        try (DataInputStream header = new DataInputStream(Files.newInputStream(file))) {
            header.skipNBytes(8); // magic, format
            return header.readLong();
        } catch (EOFException e) {
            throw new SnapshotFormatException("truncated");
        }
    }

    /** Checks the file's checksum, format and name; returns its header. */
    private Header verify(Path file) throws IOException {
        long size = Files.size(file);
        if (size < HEADER + 4) {
            throw new SnapshotFormatException("only " + size + " octets");
        }
        CRC32C crc = new CRC32C();
        try (CheckedInputStream checked = new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), BUFFER), crc)) {
            DataInputStream header = new DataInputStream(checked);
            int magic = header.readInt();
            int format = header.readInt();
            long writtenFor = header.readLong();
            long index = header.readLong();
            header.readLong();
            Decisions decisions = new Decisions(header.readLong(), header.readLong());
            if (magic != MAGIC) {
                throw new SnapshotFormatException("not a snapshot (magic " + Integer.toHexString(magic) + ")");
            }
            if (format < OLDEST_READABLE || format > FORMAT) {
                throw new SnapshotFormatException("format " + format + ", this version reads " + OLDEST_READABLE
                        + " to " + FORMAT);
            }
            if (!name(index).equals(file.getFileName().toString())) {
                throw new SnapshotFormatException("its name does not match its journal index "
                        + Long.toHexString(index));
            }
            checked.skipNBytes(size - HEADER - 4); // the body, through the checksum
            int computed = (int) crc.getValue();
            if (header.readInt() != computed) {
                throw new SnapshotFormatException("checksum mismatch (damaged or half-written)");
            }
            return new Header(writtenFor, index, decisions, format);
        } catch (EOFException e) {
            throw new SnapshotFormatException("truncated");
        }
    }

    private void prune() throws IOException {
        List<Path> files = newestFirst();
        for (Path old : files.subList(Math.min(KEEP, files.size()), files.size())) {
            Files.deleteIfExists(old);
        }
        try (Stream<Path> leftovers = Files.list(directory)) {
            List<Path> temporaries = new ArrayList<>();
            leftovers.filter(path -> path.getFileName().toString().endsWith(SUFFIX + ".tmp"))
                    .forEach(temporaries::add);
            for (Path temporary : temporaries) {
                Files.deleteIfExists(temporary); // a crash while writing; the writer of this one has finished
            }
        }
    }

    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("the snapshot directory cannot be forced on this file system: {}", e.toString());
        }
    }

    /** The journal document a snapshot file (one of {@link #newestFirst}) is the state after, from its name. */
    public static long journalIndexOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseUnsignedLong(name.substring(PREFIX.length(), PREFIX.length() + 16), 16);
    }

    private static boolean isSnapshot(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX)
                && name.length() == PREFIX.length() + 16 + SUFFIX.length();
    }

    private static String name(long journalIndex) {
        return PREFIX + String.format("%016x", journalIndex) + SUFFIX;
    }

    /**
     * A digest of every configuration section the business logic's state is built from (accounts, price lists, user
     * groups, upstreams, routes, routing, consent and the ring's bounds): a snapshot is only read back under the
     * configuration it was written with, because a state built from another configuration and then overlaid with the
     * snapshot would be neither the old nor the new one. After such a change recovery replays the whole journal once,
     * as before snapshots existed, and checks its replay against the old snapshot's {@link Decisions} ({@link
     * #newestOfAnotherConfiguration}). The digest is of {@link #canonical} text, the same in every JVM.
     */
    public static long fingerprint(RingwayConfig config) {
        StringBuilder text = new StringBuilder();
        for (Object section : new Object[]{config.accounts(), config.priceLists(), config.userGroups(),
                config.upstreams(), config.effectiveRoutes(), config.routing(), config.consent(),
                config.ring().maxQueuedPerUpstream(), config.ring().finishedMessages(),
                config.ring().idempotencyWindow(), config.ring().idempotencyKeys()}) {
            canonical(section, text);
            text.append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (digest[i] & 0xFF);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /**
     * Configuration values as text that does not depend on the JVM: records by their components, sets and maps
     * sorted. ({@code toString} would not do: {@code Set.of} and {@code Map.copyOf}, which the configuration
     * records use, iterate in an order salted afresh in every JVM.)
     */
    static void canonical(Object value, StringBuilder out) {
        if (value instanceof Record record) {
            out.append(record.getClass().getSimpleName()).append('(');
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                out.append(component.getName()).append('=');
                try {
                    canonical(component.getAccessor().invoke(record), out);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("configuration record " + record.getClass().getName()
                            + " cannot be read", e);
                }
                out.append(',');
            }
            out.append(')');
        } else if (value instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>(map.size());
            map.forEach((key, entry) -> {
                StringBuilder one = new StringBuilder();
                canonical(key, one);
                one.append('=');
                canonical(entry, one);
                entries.add(one.toString());
            });
            entries.sort(null);
            out.append('{').append(String.join(",", entries)).append('}');
        } else if (value instanceof Set<?> set) {
            List<String> elements = new ArrayList<>(set.size());
            for (Object element : set) {
                StringBuilder one = new StringBuilder();
                canonical(element, one);
                elements.add(one.toString());
            }
            elements.sort(null);
            out.append('{').append(String.join(",", elements)).append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            for (Object element : list) {
                canonical(element, out);
                out.append(',');
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }
}
