package io.ringway.engine.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.ringway.config.RingConfig;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.journal.DataDirectoryLock;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.journal.JournalHandler;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.consent.BrandDirectory;
import io.ringway.engine.consent.ConsentCsvImport;
import io.ringway.engine.consent.ConsentRegistryEvents;
import io.ringway.engine.consent.ExternalConsentRegistry;
import io.ringway.engine.consent.RegistryAnswers;
import io.ringway.engine.routing.Upstream;
import io.ringway.engine.routing.UpstreamEvents;
import io.ringway.engine.snapshot.SnapshotFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The ring and its handlers, assembled: {@code journal -> business logic -> output (responder, then dispatcher)}.
 *
 * <p>The journal runs before the business logic rather than beside it (as the LMAX design has it) so that a
 * failed journal write can never leave state the journal does not hold: the business logic only applies events
 * the journal has written. The cost is one ring stage of latency; throughput is unchanged.
 *
 * <p>Life cycle: {@link #Engine construct} (ingress usable for wiring, nothing running), {@link #start} (replay
 * the journal, hand recovered work to the dispatcher, start the handler threads), {@link #close} (drain the ring,
 * stop the threads, close the journal).
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** How often receipt deadlines are checked; a DLR timeout fires at most this late. */
    static final long TIMER_INTERVAL_MILLIS = 1_000;

    private final RingwayConfig config;
    private final DataDirectoryLock directoryLock;
    private final Journal journal;
    private final Disruptor<MessageEvent> disruptor;
    private final RingIngress ingress;
    private final EngineCounters counters = new EngineCounters();
    private final Accounts accounts;
    /** Built from the configuration, replaced at start by one read from the newest snapshot if there is one. */
    private BusinessLogicHandler logic;
    private final StateSnapshots snapshots;
    private final JournalHandler journalHandler;
    private final UpstreamEvents upstreamEvents;
    private final ConsentRegistryEvents registryEvents;
    private final BrandDirectory brands;
    /** Sees each journaled submission before the business logic does; tests only, otherwise null. */
    private final Consumer<MessageEvent> submissionInspector;
    private DispatchHandler dispatcher;
    private ScheduledExecutorService timer;
    private volatile boolean running;

    public Engine(RingwayConfig config, Accounts accounts) {
        this(config, accounts, System::currentTimeMillis);
    }

    public Engine(RingwayConfig config, Accounts accounts, LongSupplier clock) {
        this(config, accounts, clock, null);
    }

    /**
     * Fault-injection seam, for tests only: an engine whose business-logic thread hands every journaled
     * submission to {@code submissionInspector} before applying it. An inspector that throws is a handler failing
     * inside the ring, as a broken invariant would: the event is dead-lettered by {@link RingExceptionHandler},
     * the customer is answered ESME_RSYSERR and the processor carries on. Production engines have no inspector
     * and run the business logic directly.
     */
    public static Engine withSubmissionInspector(RingwayConfig config, Accounts accounts,
                                                 Consumer<MessageEvent> submissionInspector) {
        return new Engine(config, accounts, System::currentTimeMillis, submissionInspector);
    }

    private Engine(RingwayConfig config, Accounts accounts, LongSupplier clock,
                   Consumer<MessageEvent> submissionInspector) {
        this.config = config;
        this.directoryLock = DataDirectoryLock.acquire(Path.of(config.journal().directory()));
        try {
            this.journal = new Journal(Path.of(config.journal().directory()),
                    config.journal().minFreeMegabytes() * 1024L * 1024L, config.journal().prefault());
        } catch (RuntimeException e) {
            directoryLock.close();
            throw e;
        }
        RingConfig ring = config.ring();
        this.disruptor = new Disruptor<>(MessageEvent::new, ring.size(), new HandlerThreads(),
                ProducerType.MULTI, waitStrategy(ring.waitStrategy()));
        this.ingress = new RingIngress(disruptor.getRingBuffer(), clock);
        this.accounts = accounts;
        this.logic = freshLogic();
        this.snapshots = new StateSnapshots(config, journal, counters);
        this.submissionInspector = submissionInspector;
        this.brands = BrandDirectory.fromConfig(config);
        this.journalHandler = new JournalHandler(journal, disruptor.getRingBuffer(), config.journal().sync(),
                counters.journalWrites, counters.journalFailures);
        this.upstreamEvents = new RingUpstreamEvents(ingress);
        this.registryEvents = new RingConsentRegistryEvents(ingress);
    }

    /** How customer edges put submissions on the ring. */
    public RingIngress ingress() {
        return ingress;
    }

    /** What connectors report results through. */
    public UpstreamEvents upstreamEvents() {
        return upstreamEvents;
    }

    /** What the external consent registry's connector reports through. */
    public ConsentRegistryEvents consentRegistryEvents() {
        return registryEvents;
    }

    /**
     * The journal, for readers beside the running engine (statements replay it on a thread of their own;
     * Chronicle tailers do not disturb the journal handler's appender). Never append to it.
     */
    public Journal journal() {
        return journal;
    }

    public EngineCounters counters() {
        return counters;
    }

    /**
     * Events published on the ring and not yet written by the journal: how far the journal trails the producers
     * (0 when idle). Read by the metrics sampler; a volatile read of two sequences, no lock.
     */
    public long journalLag() {
        if (!running) {
            return 0;
        }
        return Math.max(0, disruptor.getRingBuffer().getCursor() - disruptor.getSequenceValueFor(journalHandler));
    }

    public boolean journalHealthy() {
        return journalHandler.healthy();
    }

    /**
     * Replays the journal into the business logic, hands messages never acknowledged upstream and receipts still
     * owed to the dispatcher (and each upstream the ids whose receipts it still owes), and starts the ring.
     * Upstreams are started by the caller afterwards.
     */
    public Recovery start(Map<String, Upstream> upstreams, CustomerSink customers) {
        return start(upstreams, customers, ExternalConsentRegistry.NONE);
    }

    /**
     * As {@link #start(Map, CustomerSink)}, with the external consent registry: consent changes it has not taken
     * are pushed again, and questions the previous run left open are answered "unavailable" (journaled), so
     * that submissions parked for them, which were never answered, are refused rather than sent unacknowledged.
     */
    public Recovery start(Map<String, Upstream> upstreams, CustomerSink customers, ExternalConsentRegistry registry) {
        try {
            return recoverAndRun(upstreams, customers, registry);
        } catch (RuntimeException | Error e) {
            abandon();
            throw e;
        }
    }

    /**
     * After a start that failed (a refused recovery, a journal that would not start): stops what of the ring had
     * started and gives the journal and the data directory up, writing nothing, so that another engine may try.
     */
    private void abandon() {
        snapshots.close();
        if (timer != null) {
            timer.shutdownNow();
        }
        disruptor.halt();
        journal.close();
        directoryLock.close();
    }

    private Recovery recoverAndRun(Map<String, Upstream> upstreams, CustomerSink customers,
                                   ExternalConsentRegistry registry) {
        long began = System.nanoTime();
        SnapshotFiles.Restored<BusinessLogicHandler> restored = snapshots.restore(this::freshLogic);
        long replayFrom = Journal.START;
        long checked = 0;
        if (restored != null) {
            logic = restored.state();
            replayFrom = restored.journalIndex();
        }
        Journal.Replay checkedReplay = snapshots.replayCheckedAgainstOtherConfigurations(logic, replayFrom,
                this::replayOne);
        if (checkedReplay != null) {
            replayFrom = checkedReplay.lastIndex();
            checked = checkedReplay.records();
        }
        Journal.Replay replay = journal.replayAfter(replayFrom, new MessageEvent(), this::replayOne);
        Recovery recovery = new Recovery(restored == null ? null : restored.file().getFileName().toString(),
                checked + replay.records(), System.nanoTime() - began, logic.lastMessageId(),
                logic.awaitingDispatch().size(), logic.owedReceipts().size());
        if (recovery.records() >= StateSnapshots.SNAPSHOT_AFTER_REPLAYED_RECORDS) {
            snapshots.write(logic, replay.lastIndex());
        }
        dispatcher = new DispatchHandler(upstreams, customers, config.smpp().responseTimeout().toMillis(),
                counters.receiptOffers, registry);
        dispatcher.recover(logic.awaitingDispatch(), logic.owedReceipts(), logic.unpushedChanges(),
                logic.awaitingReceipts());
        List<RegistryAnswers.Key> openLookups = logic.openLookups();
        disruptor.setDefaultExceptionHandler(new RingExceptionHandler(counters.handlerExceptions));
        EventHandler<MessageEvent> logicStage = submissionInspector == null ? logic
                : inspected(logic, submissionInspector);
        disruptor.handleEventsWith(journalHandler).then(logicStage)
                .then(new OutputHandler(new ResponseHandler(), dispatcher));
        disruptor.start();
        awaitJournal();
        for (RegistryAnswers.Key open : openLookups) {
            registryEvents.unavailable(open.brand(), open.msisdn());
        }
        running = true;
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "ring-timer"));
        timer.scheduleAtFixedRate(this::tick, TIMER_INTERVAL_MILLIS, TIMER_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        snapshots.startPeriodic();
        LOG.info("engine started: {}", recovery);
        return recovery;
    }

    /**
     * Waits for the journal stage to hold its appender; one that cannot (the journal cannot be opened for writing)
     * fails the start at once, and the start gives everything up ({@link #abandon}).
     */
    private void awaitJournal() {
        try {
            if (!journalHandler.awaitStarted(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the journal thread did not start within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the journal started", e);
        }
    }

    /**
     * Applies one journaled record during recovery. A record whose application throws is dead-lettered and
     * skipped, exactly as the ring's exception handler treats it live (partial effects stay as they were), so one
     * poison record can never stop the engine from starting again.
     */
    private BusinessLogicHandler freshLogic() {
        return BusinessLogicHandler.fromConfig(config, accounts, counters, MovementListener.NONE);
    }

    private void replayOne(MessageEvent event) {
        try {
            logic.apply(event);
        } catch (RuntimeException e) {
            counters.handlerExceptions.incrementAndGet();
            LoggerFactory.getLogger("ringway.dead-letters").error("replay failed on journal record {}", event, e);
        }
    }

    /**
     * Puts a TIMER event on the ring. It is journaled like any input, so receipt deadlines expire at the same
     * point of a replay as they did live.
     */
    private void tick() {
        MessageEvent event = ingress.claim(EventKind.TIMER);
        event.releaseRules = MessageEvent.RELEASE_RULES_CURRENT;
        ingress.publish(event);
    }

    /**
     * Waits until every published event has passed every handler, then stops them, writes a snapshot of the
     * business logic (so that the next start replays nothing) and closes the journal. A ring that does not drain
     * is halted and no snapshot is written: its business logic may not have applied everything journaled.
     */
    @Override
    public void close() {
        snapshots.close();
        if (running) {
            running = false;
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                disruptor.shutdown(10, TimeUnit.SECONDS);
                long last = journal.lastIndex();
                if (last != snapshots.newestIndex()) {
                    snapshots.write(logic, last);
                }
            } catch (TimeoutException e) {
                LOG.warn("ring did not drain within 10 s; halting");
                disruptor.halt();
            }
        }
        journal.close();
        directoryLock.close();
    }

    /**
     * Imports a consent file through the ring: each valid row becomes a journaled CONSENT event, applied in order
     * with everything else. {@code account} is the importing account (it may set only its own brands' consent),
     * or {@code null} for the operator. Blocks while the ring is full: call it off any I/O event loop.
     */
    public ConsentCsvImport.Result importConsents(Reader csv, String account, LongConsumer progress) {
        return new ConsentImporter(ingress, brands).importCsv(csv, account, progress);
    }

    /** The business logic, for recovery checks and tests; read it only while the ring is stopped. */
    public BusinessLogicHandler businessLogic() {
        return logic;
    }

    public RingwayConfig config() {
        return config;
    }

    /** {@code logic} behind {@code inspector}, which sees each journaled submission first (see the test seam). */
    private static EventHandler<MessageEvent> inspected(BusinessLogicHandler logic,
                                                        Consumer<MessageEvent> inspector) {
        return (event, sequence, endOfBatch) -> {
            if (event.kind == EventKind.SUBMIT && event.journaled) {
                inspector.accept(event);
            }
            logic.onEvent(event, sequence, endOfBatch);
        };
    }

    private static WaitStrategy waitStrategy(RingConfig.WaitStrategy strategy) {
        return switch (strategy) {
            case BLOCKING -> new StageBlockingWaitStrategy();
            case PHASED -> PhasedBackoffWaitStrategy.withLock(20, 200, TimeUnit.MICROSECONDS);
            case SLEEPING -> new SleepingWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
        };
    }

    /**
     * What start-up found: the snapshot it started from ({@code null}: none, the whole journal was replayed), the
     * journal records replayed after it, and what was left to do.
     */
    public record Recovery(String snapshot, long records, long replayNanos, long lastMessageId, int redispatched,
                           int owedReceipts) {
        @Override
        public String toString() {
            return (snapshot == null ? "no snapshot, " : "from " + snapshot + ", ") + records
                    + " journal records replayed in " + replayNanos / 1_000_000 + " ms, last message id "
                    + lastMessageId + ", " + redispatched + " messages to dispatch again, " + owedReceipts
                    + " receipts owed";
        }
    }

    /** Names ring threads after their stage, so that thread dumps and profiles read. */
    private static final class HandlerThreads implements ThreadFactory {
        private static final String[] NAMES = {"ring-journal", "ring-logic", "ring-output"};
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            int index = next.getAndIncrement();
            String name = index < NAMES.length ? NAMES[index] : "ring-handler-" + index;
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(false);
            return thread;
        }
    }
}
