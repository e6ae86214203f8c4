package io.ringway.benchmarks;

import io.ringway.engine.account.Accounts;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.Channel;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The journal, the first stage every input passes and the whole of recovery.
 *
 * <ul>
 *   <li>{@code appendSubmit}, {@code appendDlr}: records per second one thread appends (what the ring's journal
 *       stage can sustain, {@code journal.sync: false}), for the two records every message writes most: its
 *       submission (half one-time passwords, half 160-character texts) and its upstream delivery receipt, each
 *       committed on its own (a journal batch of one, what the ring writes when traffic is light). With
 *       {@code prefault} false and true: without and with the journal's prefaulting thread.</li>
 *   <li>{@code appendSubmitBatch}, {@code appendDlrBatch}: the same records, {@value #BATCH} to a journal batch
 *       (one Chronicle document), as the ring's journal stage writes a Disruptor batch under load.</li>
 *   <li>{@code replay}: records per second {@link Journal#replay} reads and decodes from a journal of
 *       {@value #RECORDS} records still in the page cache (a restart on the same host).</li>
 *   <li>{@code replayIntoBusinessLogic}: the same journal applied to a fresh {@link BusinessLogicHandler}, as
 *       {@code Engine.start} does on recovery: the figure that bounds restart time.</li>
 * </ul>
 *
 * The replayed journal holds whole message lifecycles in blocks of a thousand messages: submissions
 * (receipt requested), upstream acknowledgements, delivery receipts, customer receipt acknowledgements, written
 * {@value #BATCH} records to a journal batch as a loaded ring writes them (journals of older versions hold one
 * record a document; the figures in benchmarks/README.md say which). The
 * append benchmarks open a fresh journal every iteration and delete it afterwards, which bounds the disk a
 * run uses to one iteration's records (about half a gigabyte per second of iteration on a fast machine).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.EXPORT_MISC, ForkArgs.EXPORT_REF, ForkArgs.EXPORT_UTIL,
        ForkArgs.EXPORT_NIO, ForkArgs.EXPORT_UNSAFE, ForkArgs.OPEN_LANG, ForkArgs.OPEN_REFLECT, ForkArgs.OPEN_IO,
        ForkArgs.OPEN_UTIL, ForkArgs.NO_ANALYTICS, ForkArgs.HEAP, ForkArgs.HEAP_START})
public class JournalBenchmark {
    /**
     * Records in the replayed journal. A constant rather than a {@code @Param} so that it can be the
     * {@code @OperationsPerInvocation}: scores are then records per second and {@code -prof gc} bytes per record.
     */
    static final int RECORDS = 1_000_000;
    private static final int RECORDS_PER_MESSAGE = 4;
    /** Records per journal batch in the batch benchmarks: a modest Disruptor batch under load. */
    static final int BATCH = 64;
    private static final int MESSAGES_PER_BLOCK = 1_000;
    private static final long EPOCH_MILLIS = 1_776_000_000_000L;

    @Benchmark
    public void appendSubmit(Appending state) {
        state.appender.append(state.submits[state.next++ & SampleTraffic.MASK]);
    }

    @Benchmark
    public void appendDlr(Appending state) {
        state.appender.append(state.receipts[state.next++ & SampleTraffic.MASK]);
    }

    /** {@value #BATCH} SUBMIT records to a journal batch, as the ring's journal stage writes a Disruptor batch. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int appendSubmitBatch(Appending state) {
        return state.appendBatch(state.submits);
    }

    /** {@value #BATCH} DLR records to a journal batch. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int appendDlrBatch(Appending state) {
        return state.appendBatch(state.receipts);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long replay(Written state) {
        RecordCounter counter = new RecordCounter();
        state.journal.replay(new MessageEvent(), counter);
        return counter.records;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public BusinessLogicHandler replayIntoBusinessLogic(Written state) {
        BusinessLogicHandler logic = BusinessLogicHandler.fromConfig(state.config, state.accounts,
                new EngineCounters(), MovementListener.NONE);
        state.journal.replay(new MessageEvent(), logic::apply);
        return logic;
    }

    /** A fresh journal per iteration, and the records the benchmarks append, built once. */
    @State(Scope.Thread)
    public static class Appending {
        /**
         * {@code journal.prefault}: whether a thread of its own brings the file's next pages in ahead of the
         * appender, as for the ring's journal stage (the node's default), or the appender clears every new page
         * itself on its first write.
         */
        @Param({"false", "true"})
        public boolean prefault;
        MessageEvent[] submits;
        MessageEvent[] receipts;
        Journal journal;
        Journal.JournalAppender appender;
        int next;
        private ScratchDirectory root;
        private ScratchDirectory iterationDirectory;
        private int iteration;

        @Setup(Level.Trial)
        public void buildRecords() {
            root = ScratchDirectory.create("ringway-journal-append");
            String[] destinations = SampleTraffic.destinations(SampleTraffic.SIZE, 11);
            String[] otps = SampleTraffic.otpTexts(SampleTraffic.SIZE, 12);
            String[] texts = SampleTraffic.fullTexts(SampleTraffic.SIZE, 13);
            String[] upstreamIds = SampleTraffic.upstreamMessageIds(SampleTraffic.SIZE);
            submits = new MessageEvent[SampleTraffic.SIZE];
            receipts = new MessageEvent[SampleTraffic.SIZE];
            for (int i = 0; i < SampleTraffic.SIZE; i++) {
                submits[i] = submit(EPOCH_MILLIS + i, destinations[i], (i & 1) == 0 ? otps[i] : texts[i]);
                String stat = i % 20 == 0 ? "UNDELIV" : "DELIVRD"; // the simulator's default 95:5 outcome mix
                receipts[i] = receipt(EPOCH_MILLIS + 4_000 + i, upstreamIds[i], stat);
            }
        }

        @Setup(Level.Iteration)
        public void openJournal() {
            iterationDirectory = root.child("iteration-" + iteration++);
            journal = new Journal(iterationDirectory.path(), 0, prefault);
            appender = journal.ringAppender();
        }

        @TearDown(Level.Iteration)
        public void deleteJournal() {
            appender.close();
            journal.close();
            iterationDirectory.close();
        }

        @TearDown(Level.Trial)
        public void deleteDirectory() {
            root.close();
        }

        /** Writes the next {@value #BATCH} of {@code records} into one journal batch and commits it. */
        int appendBatch(MessageEvent[] records) {
            for (int i = 0; i < BATCH; i++) {
                appender.write(records[next++ & SampleTraffic.MASK]);
            }
            return appender.commit();
        }
    }

    /** A journal of {@value #RECORDS} records, written once per trial and replayed by every invocation. */
    @State(Scope.Benchmark)
    public static class Written {
        Journal journal;
        Accounts accounts;
        RingwayConfig config;
        private ScratchDirectory directory;

        @Setup(Level.Trial)
        public void writeJournal() {
            directory = ScratchDirectory.create("ringway-journal-replay");
            journal = new Journal(directory.path());
            config = SampleTraffic.engineConfig(directory.path().toString(), 1024, "blocking");
            accounts = Accounts.fromConfig(config);
            writeLifecycles(journal, RECORDS);
        }

        @TearDown(Level.Trial)
        public void deleteJournal() {
            journal.close();
            directory.close();
        }
    }

    /**
     * Appends {@code records} records (a multiple of 4,000) of whole message lifecycles in blocks of a thousand
     * messages: submissions (receipt requested), upstream acknowledgements, delivery receipts, customer receipt
     * acknowledgements. Message ids are issued from 1 in submission order, as on the live ring.
     */
    static void writeLifecycles(Journal journal, int records) {
        String[] destinations = SampleTraffic.destinations(SampleTraffic.SIZE, 21);
        String[] texts = SampleTraffic.otpTexts(SampleTraffic.SIZE, 22);
        int messages = records / RECORDS_PER_MESSAGE;
        try (Journal.JournalAppender appender = journal.appender()) {
            for (int first = 0; first < messages; first += MESSAGES_PER_BLOCK) {
                writeBlock(appender, first, destinations, texts);
            }
        }
    }

    /**
     * Appends {@code count} messages submitted and acknowledged upstream, whose receipts have not come: messages
     * in flight, after {@code finished} messages written by {@link #writeLifecycles} (whose ids they continue).
     */
    static void writeInFlight(Journal journal, int finished, int count) {
        String[] destinations = SampleTraffic.destinations(SampleTraffic.SIZE, 23);
        String[] texts = SampleTraffic.otpTexts(SampleTraffic.SIZE, 24);
        try (Journal.JournalAppender appender = journal.appender()) {
            for (int m = finished; m < finished + count; m++) {
                int k = m & SampleTraffic.MASK;
                add(appender, submit(EPOCH_MILLIS + m, destinations[k], texts[k]));
                add(appender, upstreamAck(EPOCH_MILLIS + m + 50, m + 1L, upstreamMessageId(m)));
            }
        }
    }

    private static void writeBlock(Journal.JournalAppender appender, int first, String[] destinations,
                                   String[] texts) {
        for (int m = first; m < first + MESSAGES_PER_BLOCK; m++) {
            int k = m & SampleTraffic.MASK;
            add(appender, submit(EPOCH_MILLIS + m, destinations[k], texts[k]));
        }
        for (int m = first; m < first + MESSAGES_PER_BLOCK; m++) {
            add(appender, upstreamAck(EPOCH_MILLIS + m + 50, m + 1L, upstreamMessageId(m)));
        }
        for (int m = first; m < first + MESSAGES_PER_BLOCK; m++) {
            add(appender, receipt(EPOCH_MILLIS + m + 4_000, upstreamMessageId(m), "DELIVRD"));
        }
        for (int m = first; m < first + MESSAGES_PER_BLOCK; m++) {
            MessageEvent ack = new MessageEvent();
            ack.kind = EventKind.RECEIPT_ACK;
            ack.timestamp = EPOCH_MILLIS + m + 4_100;
            ack.messageId = m + 1L;
            add(appender, ack);
        }
        appender.commit();
    }

    /** Adds a record as the ring's journal stage does under load: {@value #BATCH} records to a journal batch. */
    private static void add(Journal.JournalAppender appender, MessageEvent event) {
        appender.write(event);
        if (appender.uncommittedRecords() == BATCH) {
            appender.commit();
        }
    }

    /** Message {@code m}'s upstream id, as {@link SampleTraffic#upstreamMessageIds} numbers them. */
    private static String upstreamMessageId(int m) {
        return String.format("%010x", 0x3B9A_CA00L + m * 7_919L);
    }

    /** Counts the records of one replay. */
    static final class RecordCounter implements Consumer<MessageEvent> {
        long records;

        @Override
        public void accept(MessageEvent event) {
            records++;
        }
    }

    static MessageEvent submit(long timestamp, String destination, String text) {
        MessageEvent event = new MessageEvent();
        event.kind = EventKind.SUBMIT;
        event.timestamp = timestamp;
        event.account = SampleTraffic.ACCOUNT;
        event.channel = Channel.SMPP;
        event.sourceAddress = SampleTraffic.SENDER;
        event.sourceTon = 5;
        event.destinationAddress = destination;
        event.destinationTon = 1;
        event.destinationNpi = 1;
        event.registeredDelivery = 1;
        event.payload = SampleTraffic.octets(text);
        return event;
    }

    private static MessageEvent upstreamAck(long timestamp, long messageId, String upstreamMessageId) {
        MessageEvent event = new MessageEvent();
        event.kind = EventKind.UPSTREAM_ACK;
        event.timestamp = timestamp;
        event.messageId = messageId;
        event.upstream = SampleTraffic.UPSTREAM;
        event.upstreamMessageId = upstreamMessageId;
        return event;
    }

    private static MessageEvent receipt(long timestamp, String upstreamMessageId, String stat) {
        MessageEvent event = new MessageEvent();
        event.kind = EventKind.DLR;
        event.timestamp = timestamp;
        event.upstream = SampleTraffic.UPSTREAM;
        event.upstreamMessageId = upstreamMessageId;
        event.receiptStat = stat;
        event.errorCode = "DELIVRD".equals(stat) ? 0 : 1;
        event.doneAt = timestamp - 500;
        return event;
    }

}
