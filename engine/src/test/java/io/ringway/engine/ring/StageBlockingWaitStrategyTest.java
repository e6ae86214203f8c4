package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liveness of the default wait strategy: a handler asleep on the monitor is woken by every kind of publish that
 * follows, a later stage follows an earlier one, and halting wakes them all. Producers signal only when a handler
 * sleeps, so a lost wake-up would show here as a stage that never sees a published event.
 */
class StageBlockingWaitStrategyTest {

    static final class Slot {
        long value;
    }

    @Test
    void shouldWakeSleepingStagesForEveryPublishFromManyProducersAndStopOnHalt() throws Exception {
        List<Thread> stages = new CopyOnWriteArrayList<>();
        ThreadFactory recording = runnable -> {
            Thread thread = DaemonThreadFactory.INSTANCE.newThread(runnable);
            stages.add(thread);
            return thread;
        };
        Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 1024, recording,
                ProducerType.MULTI, new StageBlockingWaitStrategy());
        AtomicLong firstSum = new AtomicLong();
        AtomicLong secondSum = new AtomicLong();
        int producers = 3;
        int perProducer = 20_000;
        CountDownLatch done = new CountDownLatch(producers * perProducer);
        EventHandler<Slot> first = (slot, sequence, endOfBatch) -> firstSum.addAndGet(slot.value);
        EventHandler<Slot> second = (slot, sequence, endOfBatch) -> {
            secondSum.addAndGet(slot.value);
            done.countDown();
        };
        disruptor.handleEventsWith(first).then(second);
        disruptor.start();

        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads[p] = new Thread(() -> {
                for (int i = 1; i <= perProducer; i++) {
                    long value = i;
                    disruptor.getRingBuffer().publishEvent((slot, sequence) -> slot.value = value);
                    if (i % (1_000 + producer * 7) == 0) {
                        sleepQuietly(); // let the stages fall asleep, so that the next publish must wake them
                    }
                }
            });
            threads[p].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).as("every event reached the last stage").isTrue();
        long expected = producers * (long) perProducer * (perProducer + 1) / 2;
        assertThat(firstSum.get()).isEqualTo(expected);
        assertThat(secondSum.get()).isEqualTo(expected);

        Thread.sleep(20); // both stages asleep again
        disruptor.halt();
        for (Thread stage : stages) {
            stage.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(stage.isAlive()).as("a sleeping stage is woken by the halt and ends").isFalse();
        }
        assertThat(stages).hasSize(2);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
