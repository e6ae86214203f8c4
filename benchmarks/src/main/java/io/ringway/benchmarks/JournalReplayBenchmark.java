package io.ringway.benchmarks;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.MessageEvent;
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

import java.util.concurrent.TimeUnit;

/**
 * Restart time: how long {@code Engine.start} takes to replay a journal of 1 and 10 million records into a
 * fresh {@link BusinessLogicHandler}, measured once per iteration ({@code SingleShotTime}) because that is what
 * a restart is, a single pass, with the journal in the page cache (a restart on the same host). The journal
 * holds the same whole message lifecycles as {@link JournalBenchmark}'s; 10 million records take about 1 GB
 * under {@code java.io.tmpdir}, written once per trial and deleted after it.
 * {@link JournalBenchmark#replayIntoBusinessLogic} gives the same path as a rate for 1 million records.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.EXPORT_MISC, ForkArgs.EXPORT_REF, ForkArgs.EXPORT_UTIL,
        ForkArgs.EXPORT_NIO, ForkArgs.EXPORT_UNSAFE, ForkArgs.OPEN_LANG, ForkArgs.OPEN_REFLECT, ForkArgs.OPEN_IO,
        ForkArgs.OPEN_UTIL, ForkArgs.NO_ANALYTICS, ForkArgs.HEAP, ForkArgs.HEAP_START})
@State(Scope.Benchmark)
public class JournalReplayBenchmark {
    /** Journal records; a multiple of 4,000 (blocks of a thousand four-record lifecycles). */
    @Param({"1000000", "10000000"})
    public int records;

    Journal journal;
    private Accounts accounts;
    private RingwayConfig config;
    private ScratchDirectory directory;

    @Setup(Level.Trial)
    public void writeJournal() {
        directory = ScratchDirectory.create("ringway-journal-restart");
        journal = new Journal(directory.path());
        config = SampleTraffic.engineConfig(directory.path().toString(), 1024, "blocking");
        accounts = Accounts.fromConfig(config);
        JournalBenchmark.writeLifecycles(journal, records);
    }

    @Benchmark
    public BusinessLogicHandler replayIntoBusinessLogic() {
        BusinessLogicHandler logic = BusinessLogicHandler.fromConfig(config, accounts, new EngineCounters(),
                MovementListener.NONE);
        journal.replay(new MessageEvent(), logic::apply);
        return logic;
    }

    @TearDown(Level.Trial)
    public void deleteJournal() {
        journal.close();
        directory.close();
    }
}
