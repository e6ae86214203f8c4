package io.ringway.benchmarks;

import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.ring.MessageEvent;

/**
 * How much heap the business logic's state takes: a journal of {@code finished} finished messages and
 * {@code inFlight} messages in flight (as {@link SnapshotBenchmark} writes it) is replayed into a fresh business
 * logic, and the heap in use after full collections is compared with before. This is what a periodic snapshot's
 * replica needs on top of the running engine (README "Recovery"). A measurement, not a test.
 *
 * <pre>java &lt;Chronicle flags&gt; -Xmx6g -cp benchmarks/target/benchmarks.jar io.ringway.benchmarks.StateFootprint
 *     1000000 1000000</pre>
 */
public final class StateFootprint {
    private StateFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        int finished = Integer.parseInt(args[0]);
        int inFlight = Integer.parseInt(args[1]);
        try (ScratchDirectory directory = ScratchDirectory.create("ringway-footprint");
             Journal journal = new Journal(directory.path())) {
            RingwayConfig config = SampleTraffic.engineConfig(directory.path().toString(), 1024, "blocking");
            JournalBenchmark.writeLifecycles(journal, finished * 4);
            JournalBenchmark.writeInFlight(journal, finished, inFlight);
            BusinessLogicHandler opening = logic(config); // the fixed cost of an empty one, not counted below
            long before = heapInUse();
            BusinessLogicHandler logic = logic(config);
            journal.replay(new MessageEvent(), logic::apply);
            long state = heapInUse() - before;
            System.out.printf("%,d finished and %,d in flight: %,d bytes of heap%s%n", finished, logic.inFlight(),
                    state, inFlight == 0 ? "" : String.format(" (%,d per message in flight if the finished ones "
                            + "took nothing)", state / inFlight));
            System.out.println("opening state holds " + opening.inFlight() + " messages");
        }
    }

    private static BusinessLogicHandler logic(RingwayConfig config) {
        return BusinessLogicHandler.fromConfig(config, Accounts.fromConfig(config), new EngineCounters(),
                MovementListener.NONE);
    }

    private static long heapInUse() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
