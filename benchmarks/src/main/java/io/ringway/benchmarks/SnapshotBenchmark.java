package io.ringway.benchmarks;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.snapshot.SnapshotFiles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Restart from a snapshot against restart by replay, one pass each ({@code SingleShotTime}): a journal of
 * {@code finished} finished messages (a million: 4 M records, the finished-outcome store full) followed by
 * {@code inFlight} messages submitted and acknowledged whose receipts have not come (2 records each).
 * {@code restoreSnapshot} reads the snapshot written after the last of them into a fresh business logic, as
 * {@code Engine.start} does;
 * {@code replayJournal} replays the whole journal instead, as a start without a snapshot does;
 * {@code writeSnapshot} is the cost of taking one (on the replica thread, or at a clean stop). The snapshot's
 * size is printed at set-up. Journal and snapshots live under {@code java.io.tmpdir}, deleted after the trial.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.EXPORT_MISC, ForkArgs.EXPORT_REF, ForkArgs.EXPORT_UTIL,
        ForkArgs.EXPORT_NIO, ForkArgs.EXPORT_UNSAFE, ForkArgs.OPEN_LANG, ForkArgs.OPEN_REFLECT, ForkArgs.OPEN_IO,
        ForkArgs.OPEN_UTIL, ForkArgs.NO_ANALYTICS, "-Xmx4g", "-Xms4g"})
@State(Scope.Benchmark)
public class SnapshotBenchmark {
    /** Finished messages before the ones in flight: enough to fill the default finished-outcome store. */
    @Param({"1000000"})
    public int finished;

    /** Messages in flight when the snapshot is taken. */
    @Param({"100000", "1000000"})
    public int inFlight;

    private ScratchDirectory directory;
    private RingwayConfig config;
    Journal journal;
    private SnapshotFiles snapshots;
    private SnapshotFiles scratch;
    private BusinessLogicHandler live;
    private long lastIndex;

    @Setup(Level.Trial)
    public void writeJournalAndSnapshot() throws IOException {
        directory = ScratchDirectory.create("ringway-snapshot");
        journal = new Journal(directory.path());
        config = SampleTraffic.engineConfig(directory.path().toString(), 1024, "blocking");
        JournalBenchmark.writeLifecycles(journal, finished * 4);
        JournalBenchmark.writeInFlight(journal, finished, inFlight);
        lastIndex = journal.lastIndex();
        live = replayJournal();
        snapshots = new SnapshotFiles(directory.path(), SnapshotFiles.fingerprint(config));
        Path file = snapshots.write(lastIndex, System.currentTimeMillis(), live.decisions(), live::writeSnapshot);
        scratch = new SnapshotFiles(directory.path().resolve("scratch"), SnapshotFiles.fingerprint(config));
        System.err.printf("%nsnapshot of %,d messages in flight: %,d octets%n", live.inFlight(), Files.size(file));
    }

    @Benchmark
    public BusinessLogicHandler restoreSnapshot() {
        SnapshotFiles.Restored<BusinessLogicHandler> restored =
                snapshots.restoreNewest(this::fresh, BusinessLogicHandler::readSnapshot, journal::holds);
        if (restored == null || restored.state().inFlight() != inFlight) {
            throw new IllegalStateException("the snapshot did not read back");
        }
        return restored.state();
    }

    @Benchmark
    public BusinessLogicHandler replayJournal() {
        BusinessLogicHandler logic = fresh();
        journal.replay(new MessageEvent(), logic::apply);
        return logic;
    }

    @Benchmark
    public Path writeSnapshot() {
        try {
            return scratch.write(lastIndex, System.currentTimeMillis(), live.decisions(), live::writeSnapshot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BusinessLogicHandler fresh() {
        Accounts accounts = Accounts.fromConfig(config);
        return BusinessLogicHandler.fromConfig(config, accounts, new EngineCounters(), MovementListener.NONE);
    }

    @TearDown(Level.Trial)
    public void deleteJournal() {
        journal.close();
        directory.close();
    }
}
