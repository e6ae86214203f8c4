package io.ringway.benchmarks;

import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Message;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;
import io.ringway.engine.routing.Upstream;
import io.ringway.engine.routing.UpstreamEvents;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Everything outside the engine, answering at once, on one thread of its own: as the upstream SMSC it
 * acknowledges every message it is handed and reports it delivered; as the customer it acknowledges every
 * receipt the engine delivers. Each message thus makes the whole trip a real one makes, four journaled ring
 * events ({@code SUBMIT}, {@code UPSTREAM_ACK}, {@code DLR}, {@code RECEIPT_ACK}), and leaves no state behind.
 *
 * <p>The dispatcher thread hands work over through a single-producer queue and never waits on this thread (the
 * ring must keep draining while this thread waits for ring slots): the benchmark's producer keeps at most
 * {@code unfinished} messages in flight, and each of them has at most one item queued here at a time.
 * Upstream message ids come from a pre-built pool, so that nothing here allocates per message and
 * {@code -prof gc} shows the engine's own allocation.
 */
final class LoopbackNetwork implements Upstream, CustomerSink {
    private static final String DELIVERED = "DELIVRD";
    /** Upstreams report delivery seconds after acceptance; here it only shows in the receipts' done date. */
    private static final long DELIVERY_MILLIS = 3_000;

    private final String name;
    private final UpstreamEvents upstreamEvents;
    private final RingIngress ingress;
    private final OneToOneConcurrentArrayQueue<Object> handedOver;
    private final String[] upstreamIds;
    private final AtomicLong finished = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    /** While set, nothing handed over is answered (it waits in the queue): see {@link #pause}. */
    private volatile boolean paused;
    private long acknowledged;

    /**
     * @param unfinished  the most messages the producer keeps unfinished
     * @param upstreamIds the ids to acknowledge messages with, from {@link #upstreamIds}
     */
    LoopbackNetwork(String name, UpstreamEvents upstreamEvents, RingIngress ingress, int unfinished,
                    String[] upstreamIds) {
        if (Integer.bitCount(upstreamIds.length) != 1 || upstreamIds.length < 2 * unfinished) {
            throw new IllegalArgumentException("need a power of two of at least " + 2 * unfinished + " upstream ids");
        }
        this.name = name;
        this.upstreamEvents = upstreamEvents;
        this.ingress = ingress;
        // Each unfinished message has at most one item queued at a time, but a drain frees the slots it took only
        // when it returns, while the receipts of the messages it answered are already arriving: hence twice.
        this.handedOver = new OneToOneConcurrentArrayQueue<>(2 * unfinished);
        this.upstreamIds = upstreamIds;
        this.thread = new Thread(this::run, "loopback-network");
        thread.setDaemon(true);
    }

    /**
     * Distinct upstream message ids for a network that keeps at most {@code unfinished} messages: the pool is
     * cycled, and an id comes round again only after at least twice that many messages, so no id is ever in use
     * twice at once. Built once per trial, outside what {@code -prof gc} measures per iteration.
     */
    static String[] upstreamIds(int unfinished) {
        return SampleTraffic.upstreamMessageIds(Integer.highestOneBit(unfinished) << 2);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    /** Dispatcher thread. */
    @Override
    public void submit(Message message) {
        handOver(message);
    }

    /** Dispatcher thread. */
    @Override
    public boolean deliver(CustomerReceipt receipt) {
        handOver(receipt);
        return true;
    }

    /** Messages whose receipt acknowledgement has been put on the ring: their whole trip is on the ring. */
    long finished() {
        return finished.get();
    }

    /**
     * Stops answering until {@link #resume}: the messages and receipts handed over meanwhile wait, so that only
     * the engine's submission path runs. Call it when every message has finished, so that nothing is half done.
     */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handOver(Object item) {
        if (!handedOver.offer(item)) {
            throw new IllegalStateException("more messages unfinished than the loopback network was sized for: "
                    + handedOver.size() + " waiting, " + finished.get() + " finished, paused " + paused);
        }
    }

    private void run() {
        IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MICROSECONDS.toNanos(100));
        Consumer<Object> answer = this::answer;
        while (running) {
            idle.idle(paused ? 0 : handedOver.drain(answer));
        }
    }

    private void answer(Object item) {
        if (item instanceof Message message) {
            String upstreamId = upstreamIds[(int) (acknowledged++ & (upstreamIds.length - 1))];
            upstreamEvents.submitted(message.id(), name, upstreamId);
            upstreamEvents.receipt(name, upstreamId, DELIVERED, 0, message.acceptedAt() + DELIVERY_MILLIS);
        } else {
            MessageEvent event = ingress.claim(EventKind.RECEIPT_ACK);
            event.messageId = ((CustomerReceipt) item).messageId();
            ingress.publish(event);
            finished.lazySet(finished.get() + 1);
        }
    }
}
