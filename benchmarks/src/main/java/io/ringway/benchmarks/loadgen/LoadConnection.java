package io.ringway.benchmarks.loadgen;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection of the load generator with its own window: the pacing and timing both protocols share.
 *
 * <p>Closed loop: whenever an answer frees a slot, the next request goes out, written in a batch and flushed
 * once per read. Open loop: request {@code k} of this connection is <em>due</em> at {@code start + k x interval};
 * a 1 ms tick and every read send what is due while the window has room, and the latency of a request is
 * measured from when it was due, not from when it went out. A server that stalls thus shows its stall in every
 * request that queued behind it, which is the coordinated-omission correction (Tene, "How NOT to measure
 * latency"); the price is up to one tick of the generator's own scheduling in every open-loop figure.
 *
 * <p>Threading: everything here runs on the connection's event loop; the coordinator acts through {@link #call}.
 */
abstract class LoadConnection extends ChannelInboundHandlerAdapter {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    protected final ConnectionStats stats = new ConnectionStats();
    protected ChannelHandlerContext ctx;
    private final int window;
    /** When request {@code key} was due (open loop) or sent (closed loop), at {@code key & mask}. */
    private final long[] dueNanos;
    private final int[] slotKeys;
    private final int mask;
    private final double intervalNanos;
    private int inFlight;
    private boolean sending;
    private long startNanos;
    private long scheduled;
    private long sentTotal;
    private long quota = Long.MAX_VALUE;
    private volatile boolean quotaMet;
    private ScheduledFuture<?> tick;
    /** A subclass wrote something outside {@link #fill} (a response to the server) that the next fill flushes. */
    protected boolean unflushed;

    /** {@code ratePerSecond} 0 is closed loop. */
    LoadConnection(int window, double ratePerSecond) {
        this.window = window;
        int slots = Integer.highestOneBit(Math.max(2, window) * 4 - 1);
        this.dueNanos = new long[slots];
        Arrays.fill(dueNanos, Long.MIN_VALUE);
        this.slotKeys = new int[slots];
        this.mask = slots - 1;
        this.intervalNanos = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
    }

    /** Writes one request (not flushed) and returns the key its answer will carry. */
    protected abstract int writeRequest(ChannelHandlerContext ctx);

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        fill();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sending || inFlight > 0) {
            stats.protocolErrors++;
        }
        stop();
        ctx.fireChannelInactive();
    }

    /** Starts sending at the shared {@code startNanos} (the origin of the open-loop schedule). */
    final void start(long startNanos) {
        this.startNanos = startNanos;
        sending = true;
        if (intervalNanos > 0) {
            tick = ctx.executor().scheduleAtFixedRate(this::fill, 0, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
        fill();
    }

    /**
     * Starts the measured part: figures so far are dropped, and at most {@code messages} more are sent
     * ({@link Long#MAX_VALUE}: no limit).
     */
    final void measure(long messages) {
        stats.reset();
        quota = messages == Long.MAX_VALUE ? Long.MAX_VALUE : sentTotal + messages;
        quotaMet = sentTotal >= quota && inFlight == 0;
    }

    /** Sends nothing more; answers and receipts still count. */
    final void stop() {
        sending = false;
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    final int inFlight() {
        return inFlight;
    }

    /** Every request of the quota has been sent and answered. */
    final boolean quotaMet() {
        return quotaMet;
    }

    /** Runs {@code task} on this connection's event loop and waits for its result. */
    final <T> T call(Callable<T> task) {
        Future<T> result = ctx.executor().submit(task);
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("event loop task failed", e);
        }
    }

    /** Sends what the window, the quota and (open loop) the schedule allow, and flushes once. */
    protected final void fill() {
        if (!sending) {
            flushIfWritten(0);
            return;
        }
        long now = System.nanoTime();
        int written = 0;
        while (inFlight < window && sentTotal < quota) {
            long due = now;
            if (intervalNanos > 0) {
                due = startNanos + (long) (scheduled * intervalNanos);
                if (due - now > 0) {
                    break;
                }
                scheduled++;
            }
            int key = writeRequest(ctx);
            int slot = key & mask;
            dueNanos[slot] = due;
            slotKeys[slot] = key;
            inFlight++;
            sentTotal++;
            stats.sent++;
            written++;
        }
        flushIfWritten(written);
    }

    private void flushIfWritten(int written) {
        if (written > 0 || unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    /**
     * Records the answer to request {@code key} at {@code now}, returning when that request was due or sent, or
     * -1 for an answer to nothing in flight (counted as a protocol error).
     */
    protected final long answered(int key, int status, long now) {
        int slot = key & mask;
        if (slotKeys[slot] != key || dueNanos[slot] == Long.MIN_VALUE) {
            stats.protocolErrors++;
            return -1;
        }
        long due = dueNanos[slot];
        dueNanos[slot] = Long.MIN_VALUE;
        inFlight--;
        stats.answered(status, now - due);
        if (sentTotal >= quota && inFlight == 0) {
            quotaMet = true;
        }
        return due;
    }
}
