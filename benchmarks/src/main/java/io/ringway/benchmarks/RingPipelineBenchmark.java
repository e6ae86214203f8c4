package io.ringway.benchmarks;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.consent.ConsentCsvImport;
import io.ringway.engine.customer.SubmitResponder;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
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

import java.io.StringReader;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages per second through the whole engine without a network: a real {@link Engine} (Chronicle journal on
 * disk, ring of 65,536 slots, every handler) fed by one producer thread the way the SMPP edge feeds it
 * ({@code tryClaim}, fill, publish), with the outside world played by a {@link LoopbackNetwork} that
 * acknowledges, delivers and acknowledges the receipt of every message at once.
 *
 * <p>One operation is one submission answered by the responder stage, after the journal and the business logic
 * (validation, sender rules, consent for the one in four that is commercial, routing, rating and reservation).
 * In {@link #submitBatch} the producer publishes {@value #BATCH} per invocation and waits for their answers; it
 * also keeps at most {@value #WINDOW} messages unfinished, so the rate it sustains is the rate of whole message
 * lives (four journaled events each), with bounded engine state, not a burst into a ring whose downstream work is
 * still owed. {@link #submissionPath} times the submissions alone and finishes their lives between invocations. Submissions ask for a receipt, so the customer-receipt path (receipt, outbox, acknowledgement) is
 * measured too. {@code -prof gc} gives the bytes every thread of the engine allocates per message.
 *
 * <p>Each iteration starts a fresh engine on an empty journal and deletes it afterwards, which bounds a run's
 * disk use to one iteration of journal. The engine's start (about 9 MB, mostly the ring's pre-allocated events)
 * falls inside the iteration and adds its share to {@code -prof gc}: a few bytes per message at 5-second
 * iterations, less with longer ones.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.EXPORT_MISC, ForkArgs.EXPORT_REF, ForkArgs.EXPORT_UTIL,
        ForkArgs.EXPORT_NIO, ForkArgs.EXPORT_UNSAFE, ForkArgs.OPEN_LANG, ForkArgs.OPEN_REFLECT, ForkArgs.OPEN_IO,
        ForkArgs.OPEN_UTIL, ForkArgs.NO_ANALYTICS, ForkArgs.HEAP, ForkArgs.HEAP_START,
        ForkArgs.G1_REFINE_IN_PAUSES, ForkArgs.PRE_TOUCH})
public class RingPipelineBenchmark {
    static final int BATCH = 1_000;
    /**
     * Submissions per invocation of {@link #submissionPath}: the stages fall idle between invocations (and may
     * sleep up to {@link io.ringway.engine.ring.StageBlockingWaitStrategy}'s longest park), so a batch must be long
     * enough that waking them is a small part of it. At most {@link #WINDOW} (the loopback network's queue).
     */
    static final int PATH_BATCH = 16_384;
    /** Unfinished messages the producer allows, like the sum of its customers' SMPP windows. */
    static final int WINDOW = 32_768;
    private static final int RING_SIZE = 65_536;

    /**
     * Whole message lives: publishes {@value #BATCH} submissions and returns once the responder has answered every
     * one, while the loopback network completes the lives of earlier ones (upstream acknowledgement, delivery
     * report, customer receipt and its acknowledgement) on the same ring.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long submitBatch(Pipeline pipeline) {
        pipeline.idle.reset();
        while (pipeline.published - pipeline.network.finished() > WINDOW - BATCH) {
            pipeline.idle.idle();
        }
        return pipeline.publishAndAwait(BATCH);
    }

    /**
     * The submission path alone, as issue #8 describes the pipeline: publish, journal, business logic (validation,
     * sender rules, consent, routing, rating and reservation), answer and hand to the upstream. The loopback
     * network is paused while a batch is timed; {@link Lives#complete} lets it finish the batch's lives before
     * the next invocation, outside the timed part. {@code -prof gc} still counts every thread's allocation over the
     * iteration, so its bytes per operation are those of whole lives.
     */
    @Benchmark
    @OperationsPerInvocation(PATH_BATCH)
    public long submissionPath(Pipeline pipeline, Lives lives) {
        if (lives.pipeline == null) { // the trial's first invocation: Lives could not pause the network yet
            lives.pipeline = pipeline;
            pipeline.network.pause();
        }
        return pipeline.publishAndAwait(PATH_BATCH);
    }

    /**
     * Finishes, untimed, the lives of the submissions {@link #submissionPath} published. It learns the pipeline
     * from the benchmark method: JMH 1.37 gives a fixture method that takes a state a second instance of it, which
     * here would be a second engine.
     */
    @State(Scope.Thread)
    public static class Lives {
        Pipeline pipeline;

        @Setup(Level.Invocation)
        public void complete() {
            if (pipeline == null) {
                return; // the trial's first invocation: nothing published yet
            }
            pipeline.network.resume();
            pipeline.awaitFinished(TimeUnit.SECONDS.toNanos(30));
            if (pipeline.network.finished() != pipeline.published) {
                throw new IllegalStateException(pipeline.network.finished() + " of " + pipeline.published
                        + " messages finished within 30 s");
            }
            pipeline.network.pause();
        }
    }

    /** A running engine, its loopback network and the producer's traffic; a fresh engine every iteration. */
    @State(Scope.Thread)
    public static class Pipeline {
        /** {@code ring.wait-strategy}: blocking is the default, phased spins briefly before it blocks. */
        @Param({"blocking", "phased"})
        public String waitStrategy;

        private String[] destinations;
        private byte[][] payloads;
        private String[] upstreamIds;
        private ScratchDirectory root;
        private ScratchDirectory iterationDirectory;
        private int iteration;
        private Engine engine;
        private RingIngress ingress;
        private LoopbackNetwork network;
        private CountingResponder responder;
        long published;
        /**
         * How the producer waits for answers and room: a few spins and yields, then parking, like the loopback
         * network. Yielding alone kept a core busy doing nothing, and on two cores that core is taken from the
         * engine's stages.
         */
        private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MICROSECONDS.toNanos(100));

        @Setup(Level.Trial)
        public void buildTraffic() {
            destinations = SampleTraffic.destinations(SampleTraffic.SIZE, 31);
            String[] otps = SampleTraffic.otpTexts(SampleTraffic.SIZE, 32);
            String[] texts = SampleTraffic.fullTexts(SampleTraffic.SIZE, 33);
            payloads = new byte[SampleTraffic.SIZE][];
            for (int i = 0; i < SampleTraffic.SIZE; i++) {
                payloads[i] = SampleTraffic.octets((i & 3) == 3 ? texts[i] : otps[i]);
            }
            upstreamIds = LoopbackNetwork.upstreamIds(WINDOW);
            root = ScratchDirectory.create("ringway-pipeline");
        }

        @Setup(Level.Iteration)
        public void startEngine() {
            iterationDirectory = root.child("iteration-" + iteration++);
            RingwayConfig config = SampleTraffic.engineConfig(iterationDirectory.path().toString(), RING_SIZE,
                    waitStrategy);
            Accounts accounts = Accounts.fromConfig(config);
            engine = new Engine(config, accounts);
            ingress = engine.ingress();
            network = new LoopbackNetwork(SampleTraffic.UPSTREAM, engine.upstreamEvents(), ingress, WINDOW,
                    upstreamIds);
            responder = new CountingResponder();
            published = 0;
            engine.start(Map.of(SampleTraffic.UPSTREAM, network), network);
            network.start();
            optIn(destinations);
        }

        /** Lets every published message finish, so that no work is left on the ring, then removes the engine. */
        @TearDown(Level.Iteration)
        public void stopEngine() {
            network.resume();
            awaitFinished(TimeUnit.SECONDS.toNanos(30));
            engine.close();
            network.close();
            iterationDirectory.close();
            if (network.finished() != published) {
                throw new IllegalStateException(network.finished() + " of " + published + " messages finished");
            }
        }

        @TearDown(Level.Trial)
        public void deleteDirectory() {
            root.close();
        }

        /** Publishes {@code count} submissions and returns once the responder has answered every one. */
        long publishAndAwait(int count) {
            for (int i = 0; i < count; i++) {
                MessageEvent event;
                idle.reset();
                while ((event = ingress.tryClaim(EventKind.SUBMIT)) == null) {
                    idle.idle(); // the ring is full: an SMPP session would answer ESME_RTHROTTLED
                }
                int k = (int) (published++ & SampleTraffic.MASK);
                event.account = SampleTraffic.ACCOUNT;
                event.channel = Channel.SMPP;
                event.sourceAddress = SampleTraffic.SENDER;
                event.sourceTon = 5;
                event.destinationAddress = destinations[k];
                event.destinationTon = 1;
                event.destinationNpi = 1;
                event.registeredDelivery = 1;
                event.serviceType = (k & 3) == 1 ? "CMR" : null; // one in four commercial: consent is checked
                event.payload = payloads[k];
                event.responder = responder;
                event.correlation = (int) published;
                ingress.publish(event);
            }
            idle.reset();
            while (responder.answered() < published) {
                idle.idle();
            }
            if (responder.rejected() != 0) {
                throw new IllegalStateException(responder.rejected() + " submissions rejected, the last with "
                        + responder.lastRejection);
            }
            return responder.answered();
        }

        /** Waits until every published message has finished its life, or {@code timeoutNanos} passed. */
        void awaitFinished(long timeoutNanos) {
            long deadline = System.nanoTime() + timeoutNanos;
            idle.reset();
            while (network.finished() < published && System.nanoTime() < deadline) {
                idle.idle();
            }
        }

        /** Every destination opted in to the brand, through the engine like a consent import, before the iteration. */
        private void optIn(String[] numbers) {
            StringBuilder csv = new StringBuilder("msisdn,brand,status,date,source,type\n");
            for (String number : numbers) {
                csv.append(number).append(',').append(SampleTraffic.SENDER).append(",OPT_IN,2026-01-01,WEB,INDIVIDUAL\n");
            }
            ConsentCsvImport.Result result = engine.importConsents(new StringReader(csv.toString()), null, rows -> { });
            if (result.rejected() != 0) {
                throw new IllegalStateException("consent import refused " + result.rejected() + " rows: "
                        + result.rejections());
            }
        }
    }

    /** Counts answers; responder thread only writes. */
    static final class CountingResponder implements SubmitResponder {
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();
        private volatile Status lastRejection;

        @Override
        public void accepted(int correlation, long messageId) {
            accepted.lazySet(accepted.get() + 1);
        }

        @Override
        public void rejected(int correlation, Status status) {
            lastRejection = status;
            rejected.lazySet(rejected.get() + 1);
        }

        long answered() {
            return accepted.get() + rejected.get();
        }

        long rejected() {
            return rejected.get();
        }
    }
}
