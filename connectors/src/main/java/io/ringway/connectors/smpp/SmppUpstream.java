package io.ringway.connectors.smpp;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.ringway.config.UpstreamConfig;
import io.ringway.engine.message.Message;
import io.ringway.engine.routing.Upstream;
import io.ringway.engine.routing.UpstreamEvents;
import org.agrona.collections.LongHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upstream SMSC reached through a named pool of SMPP client binds: transceivers, or transmitter and receiver
 * pairs. Messages wait in one unbounded queue that any bind with room in its window drains, so a slow or lost
 * bind never holds messages the others could send. Busy answers (ESME_RTHROTTLED, ESME_RMSGQFUL, ESME_RSYSERR,
 * ESME_RX_T_APPN) pause the bind and retry the same message, for {@code failover-after} at most; a lost connection
 * puts its unanswered messages back at the front of the queue; any other error status is reported as a failure.
 * Receipts and mobile-originated messages from any bind, as deliver_sm or data_sm, are reported, and answered
 * once the engine has journaled them. A long message is queued as one submission per part (concatenation UDH, see
 * {@link SubmitSmTranslator}), each answered and reported on its own. Every change of the number of bound sending
 * sessions is reported to the engine ({@link UpstreamEvents#availability}), which routes around an upstream that
 * has none.
 *
 * <p>Give-back: once the pool has had no bound sending session for {@code failover-after} without a break, it
 * gives every queued message back to routing ({@link UpstreamEvents#returned}, once per message, whatever its
 * parts), and returns at once any message submitted while that lasts; the next bind ends it. It rests on this
 * invariant: every unfinished submission of the pool is (a) in the queue, (b) held by a bound sending session
 * (in its window, its retry queue, or between taking it from the queue and writing it), (c) on its way into the
 * queue or to a session, counted in {@link #arriving} from before it leaves the dispatcher or a session until it
 * has arrived, or (d) finished ({@link Submission#finish}). A session counts as bound from its bind until it has
 * put back all it held (it puts them back before it leaves); a session still binding holds nothing, and takes its
 * first submission only once it is counted. The count changes only under {@link #availabilityLock}, which the
 * give-back holds. So a give-back that finds no bound sending session and nothing arriving has every unfinished
 * part of every message in the queue, and no session can take one before it is done: each message it takes out
 * is whole, and is returned once. A submission that was arriving when it looked is followed by another give-back,
 * asked for by the last arrival (the arrival is counted before {@link #failedOver} is read, and
 * {@link #failedOver} is written before the arrivals are read, so one of the two sees the other). Once closing,
 * the pool gives nothing back: recovery dispatches what is queued again after a restart.
 *
 * <p>Threading: {@link #submit} is called by the engine's dispatcher thread and never blocks. Each bind lives on
 * one event loop of the shared group (an NIO group); the give-back runs on one of them too. Its lock is taken
 * only by binds, unbinds and close (rare), which wait at most while a give-back empties the queue. Everything the
 * engine hears goes through one reporter thread, because {@link UpstreamEvents} may block and an event loop must
 * not.
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
    /** Bound sending sessions; changed only under {@link #availabilityLock}. */
    private final AtomicInteger boundTransmitters = new AtomicInteger();
    /** Orders binds, unbinds, the give-back and close; see the class comment. */
    private final Object availabilityLock = new Object();
    /** Submissions on their way into the queue or to a session; see the class comment. */
    private final AtomicInteger arriving = new AtomicInteger();
    private final AtomicBoolean giveBackRequested = new AtomicBoolean();
    private final Runnable giveBackTask = this::giveBackIfDown;
    /** Where the give-back runs. */
    private final EventLoop giveBackLoop;
    private final long failoverAfterNanos;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicInteger nextWake = new AtomicInteger();
    /** Concatenation references, 8-bit, one per long message (3GPP TS 23.040 §9.2.3.24.1). */
    private final AtomicInteger nextReference = new AtomicInteger();
    private volatile boolean started;
    private volatile boolean closed;
    /** Down for failover-after: messages go back to routing. Only true while no sending session is bound. */
    private volatile boolean failedOver;
    // Under availabilityLock.
    private long downSinceNanos;
    private ScheduledFuture<?> giveBackTimer;

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
        this.giveBackLoop = group.next();
        this.failoverAfterNanos = config.failoverAfter().toNanos();
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
        synchronized (availabilityLock) {
            reporter.availability(0); // until a bind is up, routing must not count on this upstream
            wentDown(); // recovered messages dispatched here must not wait for ever on an SMSC that never comes
        }
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
     * a restart) are not sent again. While the pool is failed over (see the class comment) the message goes back
     * to routing at once instead: the engine routed it before it heard that the pool is down.
     */
    @Override
    public void submit(Message message) {
        int parts = message.segments();
        arriving.incrementAndGet();
        if (failedOver) {
            if (hasUnsentPart(message, parts)) {
                reporter.returned(message.id());
            }
            arrived();
            return;
        }
        int reference = parts == 1 ? 0 : nextReference.getAndIncrement() & 0xFF;
        int added = 0;
        for (int part = 0; part < parts; part++) {
            if (message.partUpstreamId(part) == null) {
                queue.offerLast(new Submission(message, part, parts, reference));
                added++;
            }
        }
        queued.addAndGet(added);
        arrived();
        wakeOneWithRoom(null);
    }

    private static boolean hasUnsentPart(Message message, int parts) {
        for (int part = 0; part < parts; part++) {
            if (message.partUpstreamId(part) == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Unbinds every session and stops reconnecting, waiting at most {@link #CLOSE_WAIT} for the unbinds and as
     * long again for queued reports (not at all when called on one of the pool's event loops). Messages still
     * queued are neither sent nor reported; the engine's recovery dispatches them again.
     */
    @Override
    public void close() {
        synchronized (availabilityLock) {
            if (closed) {
                return;
            }
            closed = true; // from here on nothing is given back
            failedOver = false;
            cancelGiveBack();
        }
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

    /** Down for failover-after: what is queued goes back to routing, what is submitted goes straight back. */
    boolean failedOver() {
        return failedOver;
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

    /**
     * Puts submissions back at the front of the queue, keeping their order, and wakes a bind other than
     * {@code from} (which gives them up) to send them.
     */
    void requeueFirst(List<Submission> submissions, UpstreamSession from) {
        for (int i = submissions.size() - 1; i >= 0; i--) {
            queue.offerFirst(submissions.get(i));
        }
        queued.addAndGet(submissions.size());
        wakeOneWithRoom(from);
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
     * Counts a bound session and, for a sending one, reports the new count to the engine; the first ends a
     * give-back. Locked so that the reports of binds on different event loops reach the reporter in the order of
     * their counts, and so that no give-back is under way while the session takes its first submission (rare:
     * binds).
     */
    void sessionBound(UpstreamSession session) {
        boundSessions.incrementAndGet();
        if (session.transmits()) {
            synchronized (availabilityLock) {
                int bound = boundTransmitters.incrementAndGet();
                reporter.availability(bound);
                if (bound == 1) {
                    cancelGiveBack();
                    if (failedOver) {
                        failedOver = false;
                        LOG.info("upstream {}: bound again; taking messages", config.name());
                    }
                }
            }
        }
    }

    /** A session unbound; a sending one has put back every submission it held (see the class comment). */
    void sessionUnbound(UpstreamSession session) {
        boundSessions.decrementAndGet();
        if (session.transmits()) {
            synchronized (availabilityLock) {
                int bound = boundTransmitters.decrementAndGet();
                reporter.availability(bound);
                if (bound == 0 && !closed) {
                    wentDown();
                }
            }
        }
    }

    /** A submission is leaving the dispatcher or a session for the queue or another session. */
    void arriving() {
        arriving.incrementAndGet();
    }

    /** It has arrived; the last arrival while failed over asks for the give-back that may have waited for it. */
    void arrived() {
        if (arriving.decrementAndGet() == 0 && failedOver) {
            requestGiveBack();
        }
    }

    // ---- Give-back; see the class comment.

    /** Under availabilityLock: no sending session is bound from now; give back after failover-after. */
    private void wentDown() {
        downSinceNanos = System.nanoTime();
        try {
            giveBackTimer = giveBackLoop.schedule(giveBackTask, failoverAfterNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("upstream {}: event loops shut down; nothing will be given back", config.name());
        }
    }

    /** Under availabilityLock. */
    private void cancelGiveBack() {
        if (giveBackTimer != null) {
            giveBackTimer.cancel(false);
            giveBackTimer = null;
        }
    }

    private void requestGiveBack() {
        if (giveBackRequested.compareAndSet(false, true)) {
            try {
                giveBackLoop.execute(giveBackTask);
            } catch (RejectedExecutionException e) {
                giveBackRequested.set(false);
                LOG.debug("upstream {}: event loops shut down; nothing will be given back", config.name());
            }
        }
    }

    /** On {@link #giveBackLoop}: after failover-after down, or asked for by an arrival while failed over. */
    private void giveBackIfDown() {
        giveBackRequested.set(false);
        synchronized (availabilityLock) {
            if (closed || boundTransmitters.get() > 0) {
                return;
            }
            if (!failedOver) {
                if (System.nanoTime() - downSinceNanos < failoverAfterNanos) {
                    return; // the timer of an earlier outage, cancelled as it ran
                }
                failedOver = true;
                LOG.warn("upstream {}: no bound sending session for {} ms; giving its messages back to routing",
                        config.name(), config.failoverAfter().toMillis());
            }
            if (arriving.get() == 0) {
                returnQueued();
            }
        }
    }

    /**
     * Under availabilityLock, with no sending session bound and nothing arriving: takes every submission out of
     * the queue and returns each message once. A part finished already (a late acknowledgement) is skipped; if
     * another part of its message is returned, the engine treats that as a failure of the message.
     */
    private void returnQueued() {
        LongHashSet returnedMessages = null;
        Submission submission;
        while ((submission = queue.pollFirst()) != null) {
            queued.decrementAndGet();
            if (!submission.finish()) {
                continue;
            }
            if (returnedMessages == null) {
                returnedMessages = new LongHashSet();
            }
            if (returnedMessages.add(submission.message.id())) {
                reporter.returned(submission.message.id());
            }
        }
        if (returnedMessages != null) {
            LOG.warn("upstream {}: {} messages given back to routing", config.name(), returnedMessages.size());
        }
    }

    void retried(int count) {
        retries.addAndGet(count);
    }
}
