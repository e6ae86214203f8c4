package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BaseBindResp;
import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.pdu.BindReceiver;
import com.cloudhopper.smpp.pdu.BindTransceiver;
import com.cloudhopper.smpp.pdu.BindTransmitter;
import com.cloudhopper.smpp.pdu.DataSm;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.EnquireLinkResp;
import com.cloudhopper.smpp.pdu.GenericNack;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.Unbind;
import com.cloudhopper.smpp.pdu.UnbindResp;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.ringway.config.UpstreamConfig;
import io.ringway.connectors.smpp.wire.ErrorResponses;
import io.ringway.connectors.smpp.wire.MalformedPdu;
import io.ringway.connectors.smpp.wire.SmppFrameDecoder;
import io.ringway.connectors.smpp.wire.SmppPduCodec;
import io.ringway.engine.routing.UpstreamEvents;
import org.agrona.collections.Int2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SMPP client session of an upstream pool (SMPP 3.4 §2.2): it connects, binds, keeps an idle link checked
 * with enquire_link (§4.11), sends submit_sm from the pool's queue while its window has room, reads receipts, and
 * reconnects with jittered exponential backoff whenever the connection is refused or lost.
 *
 * <p>Threading: everything runs on the one event loop the session was given, so its state needs no locks, and
 * nothing here ever waits on that loop (timers are scheduled on it instead). Only {@link #wake()},
 * {@link #close()}, {@link #isBound()}, {@link #hasRoom()} and {@link #inFlight()} are called from other threads.
 * The same instance serves each successive connection, one at a time, hence {@code @Sharable}.
 */
@ChannelHandler.Sharable
final class UpstreamSession extends ChannelInboundHandlerAdapter {
    /** What the session binds as (SMPP 3.4 §4.1). */
    enum Role { TRANSCEIVER, TRANSMITTER, RECEIVER }

    private enum State { IDLE, CONNECTING, BINDING, BOUND, UNBINDING, CLOSED }

    /** Room for a deliver_sm with a full 64 KiB message_payload TLV (SMPP 3.4 §5.3.2.32). */
    static final int MAX_COMMAND_LENGTH = 70_000;
    /** First pause after a busy refusal (see {@link #busy}); doubles while the SMSC keeps refusing. */
    static final Duration THROTTLE_BACKOFF_MIN = Duration.ofMillis(100);
    static final Duration THROTTLE_BACKOFF_MAX = Duration.ofSeconds(2);
    /** Longest wait for unbind_resp when the pool closes. */
    static final Duration UNBIND_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSession.class);
    private static final int ESME_RSYSERR = SmppConstants.STATUS_SYSERR;

    private final SmppUpstream pool;
    private final UpstreamConfig config;
    private final Role role;
    private final String label;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final ReconnectBackoff backoff;
    private final TpsLimiter limiter;
    private final long responseTimeoutNanos;
    private final long failoverAfterNanos;
    private final long enquireLinkIntervalNanos;
    private final long tickNanos;
    private final AtomicBoolean drainRequested = new AtomicBoolean();
    private final Runnable drainTask = this::onDrainRequested;
    private final Runnable connectTask = this::connect;
    private final Runnable resumeTask = this::resume;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** What this session tells the engine, held while a burst of PDUs is read (event loop only). */
    private final UpstreamReporter.Batch reports;

    private volatile boolean bound;
    private volatile int inFlightCount;

    // Event loop only.
    private final Int2ObjectHashMap<Submission> inFlight = new Int2ObjectHashMap<>();
    /**
     * Earlier attempts by sequence number: those that timed out (and were retried), and the window put back in
     * the pool queue when the SMSC unbound. Kept while the connection lasts and the submission is not finished:
     * the SMSC may still answer them, and the first OK of any attempt counts.
     */
    private final Int2ObjectHashMap<Submission> earlierAttempts = new Int2ObjectHashMap<>();
    /** Submissions this session sends before taking more from the pool queue: its own retries and hand-overs. */
    private final ArrayDeque<Submission> retries = new ArrayDeque<>();
    private State state = State.IDLE;
    private boolean closing;
    private Channel channel;
    private int nextSequence = 1;
    private int bindSequence;
    private long bindSentNanos;
    private int enquireLinkSequence;
    private long enquireLinkSentNanos;
    /** When the last read burst ended (one clock read per burst, not per PDU). */
    private long lastReadNanos;
    private boolean readInBurst;
    private long throttleBackoffNanos;
    private long pauseStartedNanos;
    private long pausedUntilNanos;
    private boolean resumeArmed;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> reconnect;

    UpstreamSession(SmppUpstream pool, UpstreamConfig config, Role role, int index, EventLoop loop, TpsLimiter limiter) {
        this.pool = pool;
        this.config = config;
        this.role = role;
        this.label = config.name() + "#" + index + " (" + role.name().toLowerCase(Locale.ROOT) + ")";
        this.loop = loop;
        this.limiter = limiter;
        this.reports = pool.reporter().batch();
        this.backoff = new ReconnectBackoff(config.reconnectMin(), config.reconnectMax());
        this.responseTimeoutNanos = config.responseTimeout().toNanos();
        this.failoverAfterNanos = config.failoverAfter().toNanos();
        this.enquireLinkIntervalNanos = config.enquireLinkInterval().toNanos();
        long shortestDeadline = Math.min(responseTimeoutNanos, enquireLinkIntervalNanos);
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), shortestDeadline / 4));
        UpstreamSession handler = this;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.responseTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                                new SmppFrameDecoder(MAX_COMMAND_LENGTH),
                                new SmppPduCodec(),
                                handler);
                    }
                });
    }

    // ---- Called from any thread.

    void start() {
        loop.execute(connectTask);
    }

    /** Asks the event loop to send what the pool has queued; coalesced, so cheap to call per message. */
    void wake() {
        if (drainRequested.compareAndSet(false, true)) {
            try {
                loop.execute(drainTask);
            } catch (RejectedExecutionException e) {
                LOG.debug("upstream {}: event loop shut down; nothing more will be sent", label);
            }
        }
    }

    /** Unbinds (waiting at most {@link #UNBIND_WAIT} for the answer), closes and stops reconnecting. */
    CompletableFuture<Void> close() {
        try {
            loop.execute(this::beginClose);
        } catch (RejectedExecutionException e) {
            closed.complete(null);
        }
        return closed;
    }

    boolean isBound() {
        return bound;
    }

    boolean transmits() {
        return role != Role.RECEIVER;
    }

    boolean hasRoom() {
        return inFlightCount < config.window();
    }

    int inFlight() {
        return inFlightCount;
    }

    boolean inEventLoop() {
        return loop.inEventLoop();
    }

    /**
     * Takes over a submission another bind gave up on; sent first, or back to the pool if this one is down. On
     * its way between the event loops it counts as arriving, so that no give-back misses it.
     */
    void handOver(Submission submission) {
        pool.arriving();
        try {
            loop.execute(() -> {
                if (state == State.BOUND) {
                    retries.addLast(submission);
                    drain();
                } else {
                    pool.requeueFirst(List.of(submission), this);
                }
                pool.arrived();
            });
        } catch (RejectedExecutionException e) {
            pool.requeueFirst(List.of(submission), this);
            pool.arrived();
        }
    }

    // ---- Connection life cycle, event loop only.

    private void connect() {
        reconnect = null;
        if (closing) {
            return;
        }
        state = State.CONNECTING;
        ChannelFuture connected = bootstrap.connect(config.host(), config.port());
        channel = connected.channel();
        connected.addListener((ChannelFutureListener) this::onConnected);
    }

    private void onConnected(ChannelFuture connected) {
        if (connected.channel() != channel) {
            return;
        }
        if (!connected.isSuccess()) {
            channel = null;
            if (closing) {
                finishClose();
                return;
            }
            LOG.warn("upstream {}: cannot connect to {}:{}: {}", label, config.host(), config.port(),
                    connected.cause().getMessage());
            scheduleReconnect();
            return;
        }
        if (closing) {
            channel.close();
            return;
        }
        state = State.BINDING;
        long now = System.nanoTime();
        lastReadNanos = now;
        bindSentNanos = now;
        BaseBind<?> bind = newBind();
        bindSequence = nextSequence();
        bind.setSequenceNumber(bindSequence);
        channel.writeAndFlush(bind);
        tick = loop.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    private BaseBind<?> newBind() {
        BaseBind<?> bind = switch (role) {
            case TRANSCEIVER -> new BindTransceiver();
            case TRANSMITTER -> new BindTransmitter();
            case RECEIVER -> new BindReceiver();
        };
        bind.setSystemId(config.systemId());
        bind.setPassword(config.password());
        bind.setSystemType(config.systemType());
        bind.setInterfaceVersion(SmppConstants.VERSION_3_4);
        return bind;
    }

    private void onBindResponse(PduResponse response) {
        if (state != State.BINDING || response.getSequenceNumber() != bindSequence) {
            return;
        }
        if (response.getCommandStatus() != SmppConstants.STATUS_OK) {
            LOG.warn("upstream {}: bind refused with status 0x{}", label, Integer.toHexString(response.getCommandStatus()));
            channel.close();
            return;
        }
        state = State.BOUND;
        bound = true;
        backoff.reset();
        reports.readComplete(); // the engine hears of the bind after what was read before it
        pool.sessionBound(this);
        LOG.info("upstream {}: bound to {}:{}", label, config.host(), config.port());
        drain();
    }

    private void beginClose() {
        closing = true;
        if (reconnect != null) {
            reconnect.cancel(false);
            reconnect = null;
        }
        switch (state) {
            case IDLE -> finishClose();
            case CONNECTING, BINDING -> channel.close();
            case BOUND -> {
                leaveBound();
                state = State.UNBINDING;
                Unbind unbind = new Unbind();
                unbind.setSequenceNumber(nextSequence());
                channel.writeAndFlush(unbind);
                Channel unbinding = channel;
                long wait = Math.min(responseTimeoutNanos, UNBIND_WAIT.toNanos());
                loop.schedule(() -> {
                    unbinding.close();
                }, wait, TimeUnit.NANOSECONDS);
            }
            default -> { }
        }
    }

    private void finishClose() {
        state = State.CLOSED;
        closed.complete(null);
    }

    private void scheduleReconnect() {
        state = State.IDLE;
        reconnect = loop.schedule(connectTask, backoff.nextDelayNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reports.readComplete();
        if (ctx.channel() != channel) {
            return;
        }
        channel = null;
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        returnUnanswered(); // before it stops counting as bound: see SmppUpstream
        earlierAttempts.clear(); // nothing more is read on this connection
        boolean wasBound = leaveBound();
        if (closing) {
            finishClose();
            return;
        }
        if (wasBound) {
            LOG.warn("upstream {}: connection lost; reconnecting", label);
        }
        scheduleReconnect();
    }

    /**
     * Puts every submission this session still holds back at the front of the pool queue, oldest first. The
     * sequence numbers of those in the window join {@link #earlierAttempts}: an answer that still comes on this
     * connection counts.
     */
    private void returnUnanswered() {
        if (inFlight.isEmpty() && retries.isEmpty()) {
            return;
        }
        List<Submission> unanswered = new ArrayList<>(inFlight.size() + retries.size());
        Int2ObjectHashMap<Submission>.EntryIterator attempts = inFlight.entrySet().iterator();
        while (attempts.hasNext()) {
            attempts.next();
            Submission submission = attempts.getValue();
            if (!submission.isFinished()) {
                earlierAttempts.put(attempts.getIntKey(), submission);
                unanswered.add(submission);
            }
        }
        unanswered.sort(Comparator.comparingLong((Submission submission) -> submission.sentNanos));
        for (Submission submission : retries) {
            if (!submission.isFinished()) {
                unanswered.add(submission);
            }
        }
        inFlight.clear();
        retries.clear();
        inFlightCount = 0;
        pool.retried(unanswered.size());
        pool.requeueFirst(unanswered, this);
    }

    private boolean leaveBound() {
        enquireLinkSequence = 0;
        throttleBackoffNanos = 0;
        pausedUntilNanos = 0;
        if (!bound) {
            return false;
        }
        bound = false;
        reports.readComplete(); // the engine hears of the loss after what was read before it
        pool.sessionUnbound(this);
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("upstream {}: connection failed; closing it", label, cause);
        ctx.close();
    }

    // ---- Inbound PDUs, event loop only.

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel() != channel) {
            ReferenceCountUtil.release(msg);
            return;
        }
        readInBurst = true;
        reports.reading();
        if (msg instanceof Pdu pdu) {
            onPdu(pdu);
        } else if (msg instanceof MalformedPdu malformed) {
            Pdu answer = ErrorResponses.answer(malformed);
            if (answer != null) {
                channel.writeAndFlush(answer);
            } else {
                // An unreadable response: its request is answered by the response timeout.
                LOG.debug("upstream {}: unreadable response {}", label, malformed);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readInBurst) {
            readInBurst = false;
            lastReadNanos = System.nanoTime();
        }
        reports.readComplete();
        if (ctx.channel() == channel) {
            drain();
        }
    }

    private void onPdu(Pdu pdu) {
        if (pdu instanceof SubmitSmResp response) {
            onSubmitResponse(response);
        } else if (pdu instanceof DeliverSm deliver) {
            onDelivery(deliver);
        } else if (pdu instanceof DataSm data) {
            onDelivery(data);
        } else if (pdu instanceof EnquireLink enquireLink) {
            channel.writeAndFlush(enquireLink.createResponse());
        } else if (pdu instanceof EnquireLinkResp response) {
            if (response.getSequenceNumber() == enquireLinkSequence) {
                enquireLinkSequence = 0;
            }
        } else if (pdu instanceof GenericNack nack) {
            onGenericNack(nack);
        } else if (pdu instanceof BaseBindResp response) {
            onBindResponse(response);
        } else if (pdu instanceof Unbind unbind) {
            // SMPP 3.4 §4.2: the SMSC ends the session; answer, close, and come back after the backoff.
            LOG.info("upstream {}: unbound by the SMSC", label);
            returnUnanswered(); // to the other binds now, and before it stops counting as bound: see SmppUpstream
            leaveBound();
            state = State.UNBINDING;
            channel.writeAndFlush(unbind.createResponse()).addListener(ChannelFutureListener.CLOSE);
        } else if (pdu instanceof UnbindResp) {
            channel.close();
        } else if (pdu instanceof PduRequest<?> request) {
            PduResponse response = request.createResponse();
            if (response != null) {
                response.setCommandStatus(SmppConstants.STATUS_INVCMDID);
                channel.writeAndFlush(response);
            }
        }
    }

    private void onSubmitResponse(SubmitSmResp response) {
        int sequence = response.getSequenceNumber();
        Submission submission = inFlight.remove(sequence);
        int status = smscStatus(response.getCommandStatus());
        if (submission != null) {
            onAnswer(submission, status, response.getMessageId());
        } else if ((submission = earlierAttempts.remove(sequence)) != null) {
            onLateAnswer(submission, status, response.getMessageId());
        }
    }

    /** An SMSC's status as reported: 0xFFFFFFFF, which would read as the engine's RETURNED, is ESME_RSYSERR. */
    private static int smscStatus(int commandStatus) {
        return commandStatus == UpstreamEvents.RETURNED ? ESME_RSYSERR : commandStatus;
    }

    /** The answer to a submission's current attempt. */
    private void onAnswer(Submission submission, int status, String upstreamMessageId) {
        if (submission.isFinished()) {
            LOG.debug("upstream {}: answer 0x{} to message {} part {} ignored: an earlier attempt was answered",
                    label, Integer.toHexString(status), submission.message.id(), submission.part);
            return;
        }
        if (status == SmppConstants.STATUS_OK) {
            throttleBackoffNanos = 0;
            acknowledge(submission, upstreamMessageId);
        } else if (busy(status)) {
            retryWhileBusy(submission, status, System.nanoTime());
        } else {
            fail(submission, status);
        }
    }

    /**
     * Sends a busy-refused submission again after a pause, unless the SMSC has refused it so for longer than
     * failover-after since its first such refusal: then it fails with this status, so that a message never waits
     * on a busy SMSC without bound (the engine rejects and refunds it).
     */
    private void retryWhileBusy(Submission submission, int status, long now) {
        pause(submission);
        if (!submission.refusedBusy) {
            submission.refusedBusy = true;
            submission.busySinceNanos = now;
        } else if (now - submission.busySinceNanos > failoverAfterNanos) {
            LOG.warn("upstream {}: message {} part {} refused as busy (0x{}) for over {} ms; failed",
                    label, submission.message.id(), submission.part, Integer.toHexString(status),
                    config.failoverAfter().toMillis());
            fail(submission, status);
            return;
        }
        pool.retried(1);
        retries.addLast(submission);
    }

    /**
     * The answer to an earlier attempt (see {@link #earlierAttempts}), the submission having been sent again or
     * queued to be. An OK counts if no other attempt's did: the SMSC has the message (perhaps twice, if the retry
     * went out too; that cannot be undone). A refusal does not fail the submission while the retry may still be
     * answered; the retry decides (see {@link #expireUnanswered}).
     */
    private void onLateAnswer(Submission submission, int status, String upstreamMessageId) {
        if (submission.isFinished()) {
            LOG.debug("upstream {}: late answer 0x{} to message {} part {} ignored: already answered",
                    label, Integer.toHexString(status), submission.message.id(), submission.part);
        } else if (status == SmppConstants.STATUS_OK) {
            acknowledge(submission, upstreamMessageId);
        } else {
            if (!busy(status)) {
                submission.lateRefusal = status;
            }
            LOG.debug("upstream {}: late refusal 0x{} of message {} part {} left to its retry",
                    label, Integer.toHexString(status), submission.message.id(), submission.part);
        }
    }

    private void acknowledge(Submission submission, String upstreamMessageId) {
        if (submission.finish()) {
            reports.submitted(submission.message.id(), submission.part, upstreamMessageId);
        } else {
            LOG.debug("upstream {}: second acknowledgement of message {} part {} ({}) ignored",
                    label, submission.message.id(), submission.part, upstreamMessageId);
        }
    }

    /** Reports {@code submission} refused with {@code status}, unless another attempt's answer finished it. */
    private void fail(Submission submission, int status) {
        if (submission.finish()) {
            reports.submitFailed(submission.message.id(), submission.part, status);
        }
    }

    /**
     * A refusal that says "not now" rather than "never": throttled, message queue full, system error, and the
     * error SMPP 3.4 §5.1.3 calls temporary (ESME_RX_T_APPN). The submission is tried again after a pause.
     */
    private static boolean busy(int status) {
        return status == SmppConstants.STATUS_THROTTLED || status == SmppConstants.STATUS_MSGQFUL
                || status == SmppConstants.STATUS_SYSERR || status == SmppConstants.STATUS_X_T_APPN;
    }

    /**
     * Backs off after the SMSC asked us to slow down. Only a refusal of a submission sent after the current pause
     * began lengthens it: the rest of a window refused together counts once.
     */
    private void pause(Submission refused) {
        if (throttleBackoffNanos != 0 && refused.sentNanos - pauseStartedNanos < 0) {
            return;
        }
        long now = System.nanoTime();
        throttleBackoffNanos = throttleBackoffNanos == 0
                ? THROTTLE_BACKOFF_MIN.toNanos()
                : Math.min(THROTTLE_BACKOFF_MAX.toNanos(), throttleBackoffNanos * 2);
        pauseStartedNanos = now;
        pausedUntilNanos = now + throttleBackoffNanos;
    }

    /** generic_nack (SMPP 3.4 §4.3): the SMSC could not read our PDU. A submission gets one more try. */
    private void onGenericNack(GenericNack nack) {
        int sequence = nack.getSequenceNumber();
        if (state == State.BINDING && sequence == bindSequence) {
            onBindResponse(nack);
            return;
        }
        if (sequence == enquireLinkSequence) {
            enquireLinkSequence = 0;
            return;
        }
        Submission submission = inFlight.remove(sequence);
        if (submission == null) {
            if (earlierAttempts.remove(sequence) != null) {
                LOG.debug("upstream {}: generic_nack of a timed-out attempt left to its retry", label);
            }
            return;
        }
        if (submission.isFinished()) {
            return; // an earlier attempt was answered
        }
        if (!submission.nacked) {
            submission.nacked = true;
            pool.retried(1);
            retries.addLast(submission);
        } else {
            int status = smscStatus(nack.getCommandStatus());
            fail(submission, status != 0 ? status : ESME_RSYSERR);
        }
    }

    /**
     * A deliver_sm, or a data_sm (SMPP 3.4 §4.7: some SMSCs send receipts and mobile-originated messages that
     * way), read alike: a receipt or a mobile-originated message is reported to the engine and answered (with
     * deliver_sm_resp or data_sm_resp) only once the engine has journaled it, so the SMSC keeps it until then.
     */
    private void onDelivery(BaseSm<?> deliver) {
        PduResponse response = deliver.createResponse();
        UpstreamReceipt receipt = UpstreamReceipt.from(deliver, System.currentTimeMillis());
        if (receipt == null) {
            reports.inbound(deliver, channel, response);
        } else if (receipt.upstreamMessageId() == null) {
            LOG.warn("upstream {}: receipt names no message, acknowledged and dropped: {}", label, deliver);
            channel.writeAndFlush(response);
        } else {
            reports.receipt(receipt, channel, response);
        }
    }

    // ---- Sending, event loop only.

    private void onDrainRequested() {
        drainRequested.set(false);
        drain();
    }

    private void resume() {
        resumeArmed = false;
        drain();
    }

    /**
     * Sends queued submissions while the window has room (SMPP 3.4 §2.8), the SMSC has not asked for a pause and
     * the pool's tps allows. After publishing its window fill, it looks at the queue once more, so a producer
     * that saw the window full and did not wake this session cannot strand a message.
     */
    private void drain() {
        if (state != State.BOUND || role == Role.RECEIVER) {
            return;
        }
        long now = System.nanoTime();
        if (pausedUntilNanos - now > 0) {
            armResume(pausedUntilNanos - now);
            return;
        }
        int window = config.window();
        boolean wrote = false;
        boolean limited = false;
        do {
            while (inFlight.size() < window) {
                Submission submission = retries.pollFirst();
                if (submission == null && (submission = pool.poll()) == null) {
                    break;
                }
                if (submission.isFinished()) {
                    continue; // a retry whose earlier attempt was answered meanwhile: not sent again
                }
                long wait = limiter == null ? 0 : limiter.tryAcquire(now);
                if (wait > 0) {
                    retries.addFirst(submission);
                    armResume(wait);
                    limited = true;
                    break;
                }
                wrote |= send(submission, now);
            }
            inFlightCount = inFlight.size();
        } while (!limited && inFlightCount < window && pool.hasQueued());
        if (wrote) {
            channel.flush();
        }
        if (inFlightCount >= window && pool.hasQueued()) {
            pool.wakeOneWithRoom(this);
        }
    }

    private boolean send(Submission submission, long now) {
        SubmitSm submit;
        try {
            submit = submission.pdu();
        } catch (IllegalArgumentException e) {
            fail(submission, SmppConstants.STATUS_INVMSGLEN);
            return false;
        }
        int sequence = nextSequence();
        submit.setSequenceNumber(sequence);
        submission.sentNanos = now;
        inFlight.put(sequence, submission);
        channel.write(submit, channel.voidPromise());
        return true;
    }

    private void armResume(long delayNanos) {
        if (!resumeArmed) {
            resumeArmed = true;
            loop.schedule(resumeTask, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private int nextSequence() {
        int sequence = nextSequence;
        nextSequence = sequence == Integer.MAX_VALUE ? 1 : sequence + 1;
        return sequence;
    }

    // ---- Timers, event loop only.

    /** Bind and unbind deadlines, submit_sm response timeouts, and the idle-link enquire_link. */
    private void tick() {
        long now = System.nanoTime();
        if (state == State.BINDING) {
            if (now - bindSentNanos > responseTimeoutNanos) {
                LOG.warn("upstream {}: no bind response within {} ms; reconnecting", label, config.responseTimeout().toMillis());
                channel.close();
            }
            return;
        }
        if (state != State.BOUND) {
            return;
        }
        expireUnanswered(now);
        forgetFinishedAttempts();
        if (enquireLinkSequence != 0) {
            if (now - enquireLinkSentNanos > responseTimeoutNanos) {
                LOG.warn("upstream {}: enquire_link unanswered within {} ms; reconnecting", label, config.responseTimeout().toMillis());
                channel.close();
                return;
            }
        } else if (now - lastReadNanos >= enquireLinkIntervalNanos) {
            EnquireLink enquireLink = new EnquireLink();
            enquireLinkSequence = nextSequence();
            enquireLinkSentNanos = now;
            enquireLink.setSequenceNumber(enquireLinkSequence);
            channel.writeAndFlush(enquireLink);
        }
        drain();
    }

    /**
     * A submission unanswered within the response timeout is tried once more, on another bind when one is up,
     * and the timed-out attempt's sequence number is kept: its answer still counts if it comes (an SMSC that
     * answers late then gets the message twice). Unanswered twice, it is reported failed, with the refusal the
     * first attempt got meanwhile or else ESME_RSYSERR, rather than sent on indefinitely.
     */
    private void expireUnanswered(long now) {
        if (inFlight.isEmpty()) {
            return;
        }
        Int2ObjectHashMap<Submission>.EntryIterator attempts = inFlight.entrySet().iterator();
        while (attempts.hasNext()) {
            attempts.next();
            Submission submission = attempts.getValue();
            if (now - submission.sentNanos <= responseTimeoutNanos) {
                continue;
            }
            int sequence = attempts.getIntKey();
            attempts.remove();
            if (submission.isFinished()) {
                continue; // an earlier attempt was answered
            }
            if (submission.timedOut) {
                int lateRefusal = submission.lateRefusal;
                fail(submission, lateRefusal != 0 ? lateRefusal : ESME_RSYSERR);
            } else {
                submission.timedOut = true;
                earlierAttempts.put(sequence, submission);
                pool.retried(1);
                UpstreamSession other = pool.anotherBoundTransmitter(this);
                if (other == null) {
                    retries.addLast(submission);
                } else {
                    other.handOver(submission);
                }
            }
        }
        inFlightCount = inFlight.size();
    }

    /** Drops the timed-out attempts of submissions that are finished (on any bind): no answer matters any more. */
    private void forgetFinishedAttempts() {
        if (earlierAttempts.isEmpty()) {
            return;
        }
        Int2ObjectHashMap<Submission>.ValueIterator attempts = earlierAttempts.values().iterator();
        while (attempts.hasNext()) {
            if (attempts.next().isFinished()) {
                attempts.remove();
            }
        }
    }
}
