package io.ringway.engine.ring;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.snapshot.SnapshotFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The business logic's snapshots for one engine: the newest is read at start (recovery then replays only the
 * journal after it), one is written after a long recovery and at a clean stop, and one every
 * {@code journal.snapshot-interval} while the engine runs.
 *
 * <p>The running engine's own business logic is never paused for a snapshot. A periodic snapshot is taken from a
 * replica on a thread of its own ({@code ring-snapshots}): a business logic built from the configuration, read from
 * the newest snapshot and brought up to date by replaying the journal after it, exactly as a recovery would, then
 * written. Because the business logic is deterministic and applies nothing but the journal, the replica's state
 * after a journal document is the live state after that document. The price is the replay's CPU (about a third of
 * a microsecond per record here) and, while a snapshot is taken, a second copy of the state in memory.
 *
 * <p>One writer at a time: the periodic task is stopped before the engine writes its closing snapshot.
 */
final class StateSnapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateSnapshots.class);
    /** A recovery that replayed at least this many records writes a snapshot before the ring starts. */
    static final long SNAPSHOT_AFTER_REPLAYED_RECORDS = 1_000_000;

    private final RingwayConfig config;
    private final Journal journal;
    private final SnapshotFiles files;
    private final EngineCounters counters;
    private ScheduledExecutorService periodic;
    /** Set by {@link #close}: a replica's replay under way stops at its next record, and writes nothing. */
    private volatile boolean closed;

    StateSnapshots(RingwayConfig config, Journal journal, EngineCounters counters) {
        this.config = config;
        this.journal = journal;
        this.counters = counters;
        this.files = new SnapshotFiles(Path.of(config.journal().directory()), SnapshotFiles.fingerprint(config));
    }

    /**
     * The newest snapshot that reads back, read into a business logic {@code fresh} supplies (one per attempt),
     * or {@code null}: recovery then starts from the configuration and the journal's first document.
     */
    SnapshotFiles.Restored<BusinessLogicHandler> restore(Supplier<BusinessLogicHandler> fresh) {
        return files.restoreNewest(fresh, BusinessLogicHandler::readSnapshot, journal::holds);
    }

    /**
     * Writes {@code logic}'s state as of journal document {@code journalIndex}; the caller guarantees that no
     * thread changes it meanwhile. A failure is logged, never thrown: without the snapshot the next start replays
     * more of the journal, nothing is lost.
     */
    void write(BusinessLogicHandler logic, long journalIndex) {
        if (journalIndex == Journal.START) {
            return;
        }
        if (!roomFor(logic, journalIndex)) {
            EngineCounters.increment(counters.snapshotFailures);
            return;
        }
        long began = System.nanoTime();
        try {
            long writtenAt = System.currentTimeMillis();
            Path file = files.write(journalIndex, writtenAt, logic.decisions(), logic::writeSnapshot);
            long size = Files.size(file);
            EngineCounters.increment(counters.snapshotsWritten);
            counters.lastSnapshotBytes.lazySet(size);
            counters.lastSnapshotMillis.lazySet(writtenAt);
            LOG.info("snapshot {} written in {} ms ({} octets, {} messages in flight)", file.getFileName(),
                    (System.nanoTime() - began) / 1_000_000, size, logic.inFlight());
        } catch (IOException | RuntimeException e) {
            EngineCounters.increment(counters.snapshotFailures);
            LOG.warn("snapshot after journal document {} could not be written: {}", Long.toHexString(journalIndex),
                    e.toString());
        }
    }

    /**
     * Whether the disk can take another snapshot and still keep the journal's free-space reserve: a snapshot must
     * never be what makes the journal refuse inputs. The new one is taken to be up to twice the largest kept (the
     * state may have grown), or, for a first one, a kilobyte per message in flight (they take about 300 octets).
     */
    private boolean roomFor(BusinessLogicHandler logic, long journalIndex) {
        long reserve = config.journal().minFreeMegabytes() * 1024L * 1024L;
        if (reserve == 0) {
            return true;
        }
        try {
            long largest = 0;
            for (Path file : files.newestFirst()) {
                largest = Math.max(largest, Files.size(file));
            }
            long expected = largest > 0 ? 2 * largest : 1024L * logic.inFlight();
            Path directory = Files.createDirectories(files.directory());
            long usable = Files.getFileStore(directory).getUsableSpace();
            if (usable - expected >= reserve) {
                return true;
            }
            LOG.warn("no snapshot after journal document {}: {} MiB free, the journal keeps {} MiB in reserve",
                    Long.toHexString(journalIndex), usable >> 20, reserve >> 20);
        } catch (IOException e) {
            LOG.warn("no snapshot after journal document {}: {}", Long.toHexString(journalIndex), e.toString());
        }
        return false;
    }

    /**
     * Checks that this configuration decides the journal's past as it was decided: when a snapshot written under
     * another configuration is newer than {@code from} (the document {@code logic} is the state after: the
     * snapshot it was restored from, or {@link Journal#START}), replays the journal into {@code logic} through
     * that snapshot's document and compares what it has decided with what the snapshot recorded (see
     * {@link BusinessLogicHandler#decisions}). Returns what was replayed, or {@code null} when there is nothing to
     * check (the caller replays the rest of the journal as usual).
     *
     * @throws ConfigurationRewritesHistoryException when this configuration decides the past differently
     */
    Journal.Replay replayCheckedAgainstOtherConfigurations(BusinessLogicHandler logic, long from,
                                                           Consumer<MessageEvent> apply) {
        SnapshotFiles.Recorded other = files.newestOfAnotherConfiguration(journal::holds);
        if (other == null || (from != Journal.START && other.journalIndex() <= from)) {
            return null;
        }
        LOG.info("snapshot {} was written under another configuration: replaying the journal through it to check "
                + "that this one decides its past alike", other.file().getFileName());
        Journal.Replay replay = journal.replayThrough(from, other.journalIndex(), new MessageEvent(), apply);
        SnapshotFiles.Decisions now = logic.decisions();
        if (!now.equals(other.decisions())) {
            throw new ConfigurationRewritesHistoryException(other.file().getFileName().toString(),
                    other.decisions(), now);
        }
        return replay;
    }

    /** The journal document of the newest snapshot on disk, or {@link Journal#START}. */
    long newestIndex() {
        return files.newestFirst().stream().findFirst().map(SnapshotFiles::journalIndexOf).orElse(Journal.START);
    }

    /** Starts the periodic snapshots, unless {@code journal.snapshot-interval} is 0. */
    void startPeriodic() {
        Duration interval = config.journal().snapshotInterval();
        if (interval.isZero()) {
            return;
        }
        periodic = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ring-snapshots");
            thread.setDaemon(true);
            return thread;
        });
        periodic.scheduleWithFixedDelay(this::fromReplica, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Brings a replica of the business logic up to the journal's end and writes its state. */
    void fromReplica() {
        try {
            SnapshotFiles.Restored<BusinessLogicHandler> base = restore(this::replica);
            BusinessLogicHandler replica = base == null ? replica() : base.state();
            long from = base == null ? Journal.START : base.journalIndex();
            Journal.Replay replay = journal.replayAfter(from, new MessageEvent(), event -> {
                if (closed) {
                    throw new CancellationException();
                }
                try {
                    replica.apply(event);
                } catch (RuntimeException e) {
                    // A poison record: recovery dead-letters and logs it; the replica skips it the same way.
                }
            });
            if (replay.lastIndex() != from && !closed) {
                write(replica, replay.lastIndex());
            }
        } catch (CancellationException stopping) {
            // The engine is stopping; it writes its own snapshot.
        } catch (RuntimeException e) {
            EngineCounters.increment(counters.snapshotFailures);
            LOG.warn("periodic snapshot failed: {}", e.toString());
        } catch (OutOfMemoryError e) {
            EngineCounters.increment(counters.snapshotFailures);
            // Only the replica was being built, and it is garbage now: the next interval tries again. (An error
            // that escaped would also cancel every later periodic snapshot, silently.)
            LOG.error("periodic snapshot ran out of memory: the heap must hold a second copy of the business "
                    + "logic's state while a snapshot is taken (raise -Xmx, or set journal.snapshot-interval: 0 "
                    + "and rely on the snapshots of clean stops)");
        }
    }

    /** A business logic in the configuration's opening state with an account table of its own. */
    private BusinessLogicHandler replica() {
        Accounts accounts = Accounts.fromConfig(config);
        return BusinessLogicHandler.fromConfig(config, accounts, new EngineCounters(), MovementListener.NONE);
    }

    /** Stops the periodic snapshots, waiting for one under way. */
    @Override
    public void close() {
        closed = true;
        if (periodic == null) {
            return;
        }
        periodic.shutdownNow();
        try {
            if (!periodic.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("a periodic snapshot did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
