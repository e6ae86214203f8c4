package io.ringway.connectors.smpp;

import io.netty.channel.EventLoopGroup;
import io.ringway.config.UpstreamConfig;
import io.ringway.engine.message.Message;
import io.ringway.engine.routing.Upstream;
import io.ringway.engine.routing.UpstreamEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upstream SMSC reached through a named pool of SMPP client binds: transceivers, or transmitter and receiver
 * pairs. Messages wait in one unbounded queue that any bind with room in its window drains, so a slow or lost
 * bind never holds messages the others could send. Busy answers (ESME_RTHROTTLED, ESME_RMSGQFUL, ESME_RSYSERR,
 * ESME_RX_T_APPN) pause the bind and retry the same message, for {@code failover-after} at most; a lost connection
 * puts its unanswered messages back at the front of the queue; any other error status is reported as a failure. Receipts from any bind are reported, then acknowledged.
 * A long message is queued as one submission per part (concatenation UDH, see {@link SubmitSmTranslator}), each
 * answered and reported on its own. Every change of the number of bound sending sessions is reported to the
 * engine ({@link UpstreamEvents#availability}), which routes around an upstream that has none.
 *
 * <p>Threading: {@link #submit} is called by the engine's dispatcher thread and never blocks. Each bind lives on
 * one event loop of the shared group (an NIO group). Everything the engine hears goes through one reporter
 * thread, because {@link UpstreamEvents} may block and an event loop must not.
 */
public final class SmppUpstream implements Upstream {
    /** How long {@link #close()} waits for the binds to unbind and for queued reports to reach the engine. */
    public static final Duration CLOSE_WAIT = UpstreamSession.UNBIND_WAIT.plusSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SmppUpstream.class);

    private final UpstreamConfig config;
    private final UpstreamReporter reporter;
    private final UpstreamSession[] sessions;
    private final UpstreamSession[] transmitters;
    private final ConcurrentLinkedDeque<Submission> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger boundSessions = new AtomicInteger();
    private final AtomicInteger boundTransmitters = new AtomicInteger();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicInteger nextWake = new AtomicInteger();
    /** Concatenation references, 8-bit, one per long message (3GPP TS 23.040 §9.2.3.24.1). */
    private final AtomicInteger nextReference = new AtomicInteger();
    private volatile boolean started;
    private volatile boolean closed;

    public SmppUpstream(UpstreamConfig config, UpstreamEvents events, EventLoopGroup group) {
        this.config = config;
        this.reporter = new UpstreamReporter(config.name(), events, config.countryCode());
        TpsLimiter limiter = config.tps() > 0 ? new TpsLimiter(config.tps(), System.nanoTime()) : null;
        List<UpstreamSession> all = new ArrayList<>();
        List<UpstreamSession> sending = new ArrayList<>();
        for (int i = 0; i < config.binds(); i++) {
            if (config.bindType() == UpstreamConfig.BindType.TRANSCEIVER) {
                all.add(new UpstreamSession(this, config, UpstreamSession.Role.TRANSCEIVER, all.size() + 1, group.next(), limiter));
                sending.add(all.get(all.size() - 1));
            } else {
                all.add(new UpstreamSession(this, config, UpstreamSession.Role.TRANSMITTER, all.size() + 1, group.next(), limiter));
                sending.add(all.get(all.size() - 1));
                all.add(new UpstreamSession(this, config, UpstreamSession.Role.RECEIVER, all.size() + 1, group.next(), limiter));
            }
        }
        this.sessions = all.toArray(new UpstreamSession[0]);
        this.transmitters = sending.toArray(new UpstreamSession[0]);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void start() {
        if (started || closed) {
            return;
        }
        started = true;
        reporter.availability(0); // until a bind is up, routing must not count on this upstream
        for (UpstreamSession session : sessions) {
            session.start();
        }
    }

    @Override
    public boolean isAvailable() {
        return boundTransmitters.get() > 0 && !closed;
    }

    /**
     * Queues the message, one submission per part, and wakes a bind with room; never blocks, never drops (after
     * close it stays queued). Parts the upstream acknowledged already (a message recovered from the journal after
     * a restart) are not sent again.
     */
    @Override
    public void submit(Message message) {
        int parts = message.segments();
        int reference = parts == 1 ? 0 : nextReference.getAndIncrement() & 0xFF;
        int added = 0;
        for (int part = 0; part < parts; part++) {
            if (message.partUpstreamId(part) == null) {
                queue.offerLast(new Submission(message, part, parts, reference));
                added++;
            }
        }
        queued.addAndGet(added);
        wakeOneWithRoom(null);
    }

    /**
     * Unbinds every session and stops reconnecting, waiting at most {@link #CLOSE_WAIT} for the unbinds and as
     * long again for queued reports (not at all when called on one of the pool's event loops). Messages still
     * queued are neither sent nor reported; the engine's recovery dispatches them again.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean onEventLoop = false;
        CompletableFuture<?>[] unbinds = new CompletableFuture<?>[sessions.length];
        for (int i = 0; i < sessions.length; i++) {
            unbinds[i] = sessions[i].close();
            onEventLoop |= sessions[i].inEventLoop();
        }
        if (!onEventLoop) {
            try {
                CompletableFuture.allOf(unbinds).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warn("upstream {}: not every session closed within {} ms", config.name(), CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reporter.close(onEventLoop ? Duration.ZERO : CLOSE_WAIT);
        LOG.info("upstream {}: closed with {} messages queued", config.name(), queued.get());
    }

    /** Messages waiting for a bind with room. */
    public int queued() {
        return Math.max(0, queued.get());
    }

    /** submit_sm sent and not yet answered, across the pool. */
    public int inFlight() {
        int total = 0;
        for (UpstreamSession session : transmitters) {
            total += session.inFlight();
        }
        return total;
    }

    /** Sessions bound now, receivers included. */
    public int boundSessions() {
        return boundSessions.get();
    }

    /** Submissions sent again: after throttling, generic_nack, a response timeout or a lost connection. */
    public long retries() {
        return retries.get();
    }

    // ---- For the sessions.

    UpstreamReporter reporter() {
        return reporter;
    }

    Submission poll() {
        Submission submission = queue.pollFirst();
        if (submission != null) {
            queued.decrementAndGet();
        }
        return submission;
    }

    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Puts submissions back at the front of the queue, keeping their order, and wakes a bind to send them. */
    void requeueFirst(List<Submission> submissions) {
        for (int i = submissions.size() - 1; i >= 0; i--) {
            queue.offerFirst(submissions.get(i));
        }
        queued.addAndGet(submissions.size());
        wakeOneWithRoom(null);
    }

    /** Wakes the next bound sending session with room in its window, other than {@code except}. */
    void wakeOneWithRoom(UpstreamSession except) {
        int count = transmitters.length;
        int start = nextWake.getAndIncrement();
        for (int i = 0; i < count; i++) {
            UpstreamSession session = transmitters[Math.floorMod(start + i, count)];
            if (session != except && session.isBound() && session.hasRoom()) {
                session.wake();
                return;
            }
        }
    }

    /** A bound sending session other than {@code from}, or {@code null}. */
    UpstreamSession anotherBoundTransmitter(UpstreamSession from) {
        int count = transmitters.length;
        int start = nextWake.getAndIncrement();
        for (int i = 0; i < count; i++) {
            UpstreamSession session = transmitters[Math.floorMod(start + i, count)];
            if (session != from && session.isBound()) {
                return session;
            }
        }
        return null;
    }

    /**
     * Counts a bound session and, for a sending one, reports the new count to the engine. Locked so that the
     * reports of binds on different event loops reach the reporter in the order of their counts (rare: binds).
     */
    void sessionBound(UpstreamSession session) {
        boundSessions.incrementAndGet();
        if (session.transmits()) {
            synchronized (boundTransmitters) {
                reporter.availability(boundTransmitters.incrementAndGet());
            }
        }
    }

    void sessionUnbound(UpstreamSession session) {
        boundSessions.decrementAndGet();
        if (session.transmits()) {
            synchronized (boundTransmitters) {
                reporter.availability(boundTransmitters.decrementAndGet());
            }
        }
    }

    void retried(int count) {
        retries.addAndGet(count);
    }
}
