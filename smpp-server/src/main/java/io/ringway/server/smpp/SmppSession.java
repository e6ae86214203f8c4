package io.ringway.server.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BaseBindResp;
import com.cloudhopper.smpp.pdu.CancelSm;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.QuerySm;
import com.cloudhopper.smpp.pdu.QuerySmResp;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.Unbind;
import com.cloudhopper.smpp.tlv.Tlv;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import io.ringway.config.SmppServerConfig;
import io.ringway.connectors.smpp.wire.MalformedPdu;
import io.ringway.connectors.smpp.wire.QueuedWrites;
import io.ringway.engine.account.SubmitRate;
import io.ringway.engine.customer.QueryResponder;
import io.ringway.engine.customer.SubmitResponder;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.QueryAnswer;
import io.ringway.engine.ring.RingIngress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One customer connection from accept to close: the SMPP 3.4 session (§2.2 states; bind §4.1, unbind §4.2,
 * submit_sm §4.4, deliver_sm §4.6, enquire_link §4.11), sitting after {@code SmppFrameDecoder} and
 * {@code SmppPduCodec} in the pipeline. Submissions go onto the ring through {@link SubmitSmTranslator} and are
 * answered when the engine has decided them; receipts come from the engine through {@link BoundSessions} and go
 * out as deliver_sm within the session's receipt window.
 *
 * <p>Threading: Netty calls the handler methods on the channel's event loop, which alone touches the plain
 * fields. Two engine threads call in: the responder thread ({@link SubmitResponder}: submit_sm_resp) and the
 * dispatcher thread ({@link #tryDeliver}: deliver_sm). They read only the volatile state and the atomic counters,
 * and queue their PDUs for the event loop, which writes them in call order, a batch per task.
 */
final class SmppSession extends ChannelDuplexHandler implements SubmitResponder {
    private static final Logger LOG = LoggerFactory.getLogger(SmppSession.class);
    private static final int MAX_SEQUENCE = 0x7FFFFFFF;

    /** Where the session is; SMPP 3.4 §2.2 with the two transitions this server waits in made explicit. */
    enum State {
        /** Connected, not bound: only bind and enquire_link are served. */
        OPEN,
        /** A bind is being checked off the event loop. */
        BINDING,
        BOUND,
        /** Unbind sent or received: no new submissions or receipts, in-flight work drains, then close. */
        UNBINDING,
        CLOSED
    }

    private final SmppServerConfig config;
    private final BindAuthenticator authenticator;
    private final BoundSessions sessions;
    private final SubmitSmTranslator submissions;
    private final RingIngress ingress;
    private final int requestWindow;
    private final long responseTimeoutNanos;
    private final ReceiptWindow receipts;
    private final SmppRefusals refusals;
    /**
     * submit_sm and query_sm on the ring and not yet answered: incremented on the event loop, decremented by the
     * responder.
     */
    private final AtomicInteger requestsOnRing = new AtomicInteger();
    private final AtomicInteger lastSequence = new AtomicInteger();
    private final Runnable drainCheck = this::drainCheck;
    /** submit_sm_resp and deliver_sm from the engine's threads, waiting for the event loop. */
    private volatile QueuedWrites queuedWrites;

    private volatile State state = State.OPEN;
    private volatile Channel channel;
    /**
     * Whether the bound ESME speaks SMPP 3.4 or later and so may be sent optional parameters (the receipts'
     * receipted_message_id and message_state); written before {@link #state} turns BOUND.
     */
    private volatile boolean optionalParameters;

    // Event loop only.
    private ChannelHandlerContext ctx;
    /** The event loop's clock (a mock one in tests), for receipt send times and their expiry. */
    private Ticker ticker;
    private InetAddress remote;
    private SessionRingEvents ringEvents;
    private String systemId;
    /** The account's shared submission rate ({@code max-tps}), or {@code null} when it has none. */
    private SubmitRate submitRate;
    private boolean transmits;
    private boolean registered;
    private Runnable afterDrain;
    private boolean awaitingUnbindResp;
    private ScheduledFuture<?> bindTimer;
    private ScheduledFuture<?> receiptExpiry;
    private ScheduledFuture<?> drainDeadline;
    private ScheduledFuture<?> unbindDeadline;
    /**
     * When the last whole PDU arrived ({@link #ticker} time); partial frames do not count. Read once per read
     * burst ({@link #pduInBurst}), not per PDU: a clock read per PDU was a measurable share of the event loop.
     */
    private long lastPduNanos;
    private boolean pduInBurst;
    /** The session's last PDU (an unbind_resp, a final generic_nack) is written: nothing read later is answered. */
    private boolean answeredLast;
    private ScheduledFuture<?> inactivityTimer;

    SmppSession(SmppServerConfig config, BindAuthenticator authenticator, BoundSessions sessions,
                SubmitSmTranslator submissions, RingIngress ingress, SmppRefusals refusals) {
        this.config = config;
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.submissions = submissions;
        this.ingress = ingress;
        this.requestWindow = config.requestWindow();
        this.responseTimeoutNanos = config.responseTimeout().toNanos();
        this.receipts = new ReceiptWindow(config.receiptWindow());
        this.refusals = refusals;
    }

    // ---- Life cycle (event loop). ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.queuedWrites = new QueuedWrites(ctx.channel());
        this.ticker = ctx.executor().ticker();
        this.ringEvents = new SessionRingEvents(ingress, ctx.executor(), receipts);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        remote = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        bindTimer = ctx.executor().schedule(this::bindTimedOut, config.bindTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        State was = state;
        state = State.CLOSED;
        cancel(bindTimer);
        cancel(receiptExpiry);
        cancel(drainDeadline);
        cancel(unbindDeadline);
        cancel(inactivityTimer);
        afterDrain = null;
        forgetBinding();
        receipts.close(ringEvents::receiptReturned);
        ringEvents.sessionClosed();
        if (was == State.BOUND || was == State.UNBINDING) {
            LOG.info("session of '{}' from {} closed", systemId, remote.getHostAddress());
        }
        ctx.fireChannelInactive();
    }

    /** I/O failures close the connection; anything else is logged and the session carries on. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String from = remote == null ? String.valueOf(ctx.channel().remoteAddress()) : remote.getHostAddress();
        if (cause instanceof IOException) {
            LOG.debug("connection from {} failed: {}", from, cause.toString());
            ctx.close();
        } else {
            LOG.error("unexpected failure on the session from {}", from, cause);
        }
    }

    /**
     * A client that does not read its answers is not read either: while its answers back up past the write
     * buffer's high-water mark, the connection stops reading, so its further requests wait in its own socket
     * instead of making answers that pile up in this heap (a client sending enquire_link without reading, bound
     * or not, filled a 512 MB heap in seconds). Reading resumes below the low-water mark.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable() && !answeredLast);
        ctx.fireChannelWritabilityChanged();
    }

    // ---- Inbound (event loop). ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answeredLast) {
            ReferenceCountUtil.release(msg); // e.g. a request behind an unbind in the same read: SMPP 3.4 §4.2
            return;
        }
        if (msg instanceof Pdu pdu) {
            pduInBurst = true;
            onPdu(pdu);
        } else if (msg instanceof MalformedPdu malformed) {
            pduInBurst = true;
            onMalformed(malformed);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pduInBurst) {
            pduInBurst = false;
            lastPduNanos = ticker.nanoTime();
        }
        ctx.fireChannelReadComplete();
    }

    private void onPdu(Pdu pdu) {
        switch (pdu.getCommandId()) {
            case SmppConstants.CMD_ID_SUBMIT_SM -> onSubmit((SubmitSm) pdu);
            case SmppConstants.CMD_ID_QUERY_SM -> onQuery((QuerySm) pdu);
            case SmppConstants.CMD_ID_CANCEL_SM -> onCancel((CancelSm) pdu);
            case SmppConstants.CMD_ID_DELIVER_SM_RESP ->
                    onReceiptAnswer(pdu.getSequenceNumber(), pdu.getCommandStatus() == SmppConstants.STATUS_OK);
            case SmppConstants.CMD_ID_GENERIC_NACK -> onReceiptAnswer(pdu.getSequenceNumber(), false);
            case SmppConstants.CMD_ID_ENQUIRE_LINK -> send(response(pdu, SmppConstants.STATUS_OK));
            case SmppConstants.CMD_ID_BIND_RECEIVER, SmppConstants.CMD_ID_BIND_TRANSMITTER,
                 SmppConstants.CMD_ID_BIND_TRANSCEIVER -> onBind((BaseBind<?>) pdu);
            case SmppConstants.CMD_ID_UNBIND -> onUnbind(pdu);
            case SmppConstants.CMD_ID_UNBIND_RESP -> onUnbindResp();
            case SmppConstants.CMD_ID_ALERT_NOTIFICATION -> unanswerable(pdu.getCommandId());
            default -> onOther(pdu);
        }
    }

    /**
     * A request the codec could not decode gets its own response type (or generic_nack for an unknown command)
     * with the codec's status; the session stays up because framing is intact. A broken response is dropped: there
     * is nothing to answer, and a receipt it may have answered is freed by the response timeout.
     */
    private void onMalformed(MalformedPdu malformed) {
        if (!malformed.isRequest()) {
            return;
        }
        if (malformed.commandId() == SmppConstants.CMD_ID_OUTBIND) {
            unanswerable(malformed.commandId());
            return;
        }
        LOG.debug("malformed PDU from {}: {}", remote.getHostAddress(), malformed.reason());
        send(ResponsePdus.responseTo(malformed.commandId(), malformed.sequenceNumber(), malformed.commandStatus()));
    }

    /**
     * outbind and alert_notification are an SMSC's requests to an ESME, and SMPP 3.4 (§4.1.7, §4.12) defines no
     * response to either: one from a client is dropped.
     */
    private void unanswerable(int commandId) {
        LOG.debug("{} from {} ignored: an SMSC's request, without a response", commandId == SmppConstants.CMD_ID_OUTBIND
                ? "outbind" : "alert_notification", remote.getHostAddress());
    }

    /** Requests this server does not serve; responses to requests it never sent (enquire_link_resp) are dropped. */
    private void onOther(Pdu pdu) {
        if (pdu.isRequest()) {
            send(response(pdu, state == State.BOUND
                    ? SmppConstants.STATUS_INVCMDID : SmppConstants.STATUS_INVBNDSTS));
        }
    }

    // ---- Bind (SMPP 3.4 §4.1). ----

    private void onBind(BaseBind<?> bind) {
        if (state != State.OPEN) {
            send(response(bind, SmppConstants.STATUS_ALYBND));
            return;
        }
        state = State.BINDING;
        boolean overTls = ctx.pipeline().get(SslHandler.class) != null;
        authenticator.authenticate(bind.getSystemId(), bind.getPassword(), remote, overTls)
                .whenCompleteAsync((decision, failure) -> bindDecided(bind, decision, failure), ctx.executor());
    }

    private void bindDecided(BaseBind<?> bind, BindAuthenticator.Decision decision, Throwable failure) {
        if (state != State.BINDING) {
            return; // closed while the check ran (bind timeout, peer gone)
        }
        String asSystemId = bind.getSystemId();
        int status = SmppConstants.STATUS_BINDFAIL;
        if (failure != null) {
            LOG.error("bind check for '{}' from {} failed", asSystemId, remote.getHostAddress(), failure);
        } else {
            status = decision.status();
        }
        boolean receives = bind.getCommandId() != SmppConstants.CMD_ID_BIND_TRANSMITTER;
        if (status == SmppConstants.STATUS_OK && !sessions.tryBind(this, decision.account(), receives)) {
            LOG.warn("bind as '{}' from {} refused: the account already holds its {} sessions (max-binds)",
                    asSystemId, remote.getHostAddress(), decision.account().maxBinds());
            status = SmppConstants.STATUS_BINDFAIL;
        }
        BaseBindResp response = (BaseBindResp) response(bind, status);
        response.setSystemId(config.systemId());
        if (status != SmppConstants.STATUS_OK) {
            LOG.info("bind as '{}' from {} refused with status 0x{}", asSystemId, remote.getHostAddress(),
                    Integer.toHexString(status));
            state = State.OPEN;
            send(response);
            return;
        }
        registered = true;
        systemId = asSystemId;
        submitRate = decision.submitRate();
        transmits = bind.getCommandId() != SmppConstants.CMD_ID_BIND_RECEIVER;
        cancel(bindTimer);
        startInactivityTimer();
        // SMPP 3.4 §2.8 and §5.3.2.25: optional parameters only for an ESME of version 3.4 (0x34) or later.
        optionalParameters = (bind.getInterfaceVersion() & 0xFF) >= SmppConstants.VERSION_3_4;
        if (optionalParameters) {
            response.addOptionalParameter(new Tlv(SmppConstants.TAG_SC_INTERFACE_VERSION,
                    new byte[] {SmppConstants.VERSION_3_4}));
        }
        send(response);
        state = State.BOUND; // only now may the dispatcher write receipts: the bind_resp is ahead of them
        LOG.info("'{}' bound as {} from {}", systemId, bind.getName(), remote.getHostAddress());
        if (receives) {
            // An unanswered receipt's slot is freed one to one and a half response timeouts after it went out.
            long sweep = responseTimeoutNanos / 2;
            receiptExpiry = ctx.executor().scheduleAtFixedRate(this::expireReceipts, sweep, sweep,
                    TimeUnit.NANOSECONDS);
            ringEvents.sessionBound(systemId);
        }
    }

    private void bindTimedOut() {
        if (state == State.OPEN || state == State.BINDING) {
            LOG.info("closing connection from {}: not bound within {}", remote.getHostAddress(),
                    config.bindTimeout());
            ctx.close();
        }
    }

    // ---- Inactivity (whole PDUs only). ----

    /**
     * Closes the session once no whole PDU has arrived for the inactivity timeout. Only a decoded frame counts:
     * a client trickling one byte at a time keeps a read-idle timer alive forever, this one does not. The timer
     * re-arms itself for the time that is left, so a busy session costs one timer task per timeout, not per PDU.
     */
    private void startInactivityTimer() {
        lastPduNanos = ticker.nanoTime();
        inactivityTimer = ctx.executor().schedule(this::checkInactivity, config.inactivityTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void checkInactivity() {
        long left = config.inactivityTimeout().toNanos() - (ticker.nanoTime() - lastPduNanos);
        if (left > 0) {
            inactivityTimer = ctx.executor().schedule(this::checkInactivity, left, TimeUnit.NANOSECONDS);
            return;
        }
        LOG.info("closing session of '{}' from {}: no whole PDU for {}", systemId, remote.getHostAddress(),
                config.inactivityTimeout());
        ctx.close();
    }

    private void forgetBinding() {
        if (registered) {
            registered = false;
            sessions.unbind(this, systemId);
        }
    }

    // ---- Submissions (SMPP 3.4 §4.4). ----

    private void onSubmit(SubmitSm submit) {
        if (state != State.BOUND || !transmits) {
            send(response(submit, SmppConstants.STATUS_INVBNDSTS));
            return;
        }
        if (requestsOnRing.get() >= requestWindow
                || submitRate != null && !submitRate.tryAcquire(System.nanoTime())) {
            send(response(submit, SmppConstants.STATUS_THROTTLED));
            return;
        }
        requestsOnRing.incrementAndGet();
        int status;
        try {
            status = submissions.publish(submit, systemId, this);
        } catch (RuntimeException e) {
            LOG.error("submit_sm from '{}' could not be put on the ring", systemId, e);
            status = SmppConstants.STATUS_SYSERR;
        }
        if (status != SubmitSmTranslator.PUBLISHED) {
            requestsOnRing.decrementAndGet();
            send(response(submit, status));
        }
    }

    /** Responder thread. */
    @Override
    public void accepted(int correlation, long messageId) {
        SubmitSmResp response = new SubmitSmResp();
        response.setSequenceNumber(correlation);
        response.setMessageId(MessageIds.format(messageId));
        answerSubmission(response);
    }

    /** Responder thread. */
    @Override
    public void rejected(int correlation, Status status) {
        SubmitSmResp response = new SubmitSmResp();
        response.setSequenceNumber(correlation);
        response.setCommandStatus(status.smppStatus());
        response.setMessageId("");
        answerSubmission(response);
    }

    /**
     * Responder thread. The write is queued to the event loop before the drain check, so an unbind_resp waiting
     * for this answer always follows it on the wire.
     */
    private void answerSubmission(SubmitSmResp response) {
        answerRequest(response);
    }

    /** Responder thread: answers a request counted in {@link #requestsOnRing}. */
    private void answerRequest(PduResponse response) {
        Channel ch = channel;
        if (ch.isActive()) {
            writeFromEngine(ch, response);
        }
        if (requestsOnRing.decrementAndGet() == 0 && state == State.UNBINDING) {
            try {
                ch.eventLoop().execute(drainCheck);
            } catch (RejectedExecutionException shutDown) {
                // The event loop is gone and the channel with it: nothing is left to drain.
            }
        }
    }

    // ---- Queries (SMPP 3.4 §4.8). ----

    /**
     * query_sm: the state of a message this account submitted, asked of the business logic through the ring as a
     * QUERY event (not journaled), like {@code GET /api/v1/messages/{id}}. It counts against the session's request
     * window and is answered before an unbind completes, as a submission is. The id is the one submit_sm_resp
     * gave; {@code source_addr} is not compared, because id and account already name one message. A message of
     * another account is answered like one that does not exist, so that accounts cannot probe each other's ids.
     */
    private void onQuery(QuerySm query) {
        if (state != State.BOUND || !transmits) {
            send(response(query, SmppConstants.STATUS_INVBNDSTS));
            return;
        }
        long messageId = MessageIds.parse(query.getMessageId());
        if (messageId <= 0) {
            // An id in our form that is never issued is answered like any id unknown to this account.
            send(queryAnswer(query, MessageIds.isWellFormed(query.getMessageId()) ? SmppConstants.STATUS_QUERYFAIL
                    : SmppConstants.STATUS_INVMSGID));
            return;
        }
        askEngine(EventKind.QUERY, messageId, status -> queryAnswer(query, status),
                (correlation, answered) -> answerQuery(query, answered.answer));
    }

    /**
     * Puts a request about one of this account's messages on the ring as a {@code kind} event, counted in the
     * session's request window like a submission; {@code refusal} makes the answer when the window or the ring
     * is full (ESME_RTHROTTLED), {@code responder} the answer once the business logic has decided.
     */
    private void askEngine(EventKind kind, long messageId, IntFunction<PduResponse> refusal,
                           QueryResponder responder) {
        if (requestsOnRing.get() >= requestWindow) {
            send(refusal.apply(SmppConstants.STATUS_THROTTLED));
            return;
        }
        MessageEvent event = ingress.tryClaim(kind);
        if (event == null) {
            send(refusal.apply(SmppConstants.STATUS_THROTTLED));
            return;
        }
        requestsOnRing.incrementAndGet();
        try {
            event.account = systemId;
            event.messageId = messageId;
            event.queryResponder = responder;
        } finally {
            ingress.publish(event);
        }
    }

    /** Responder thread: the business logic's answer as a query_sm_resp. */
    private void answerQuery(QuerySm query, QueryAnswer answer) {
        QuerySmResp response;
        if (!answer.found) {
            response = queryAnswer(query, SmppConstants.STATUS_QUERYFAIL);
        } else {
            response = queryAnswer(query, SmppConstants.STATUS_OK);
            MessageState messageState = answer.state;
            // A message not yet final is ENROUTE (§5.2.28); ACCEPTED there means read by customer service.
            response.setMessageState((byte) (messageState.isFinal() ? messageState.smppMessageState() : 1));
            response.setFinalDate(messageState.isFinal() && answer.doneAt > 0 ? absoluteTime(answer.doneAt) : "");
            response.setErrorCode((byte) Math.min(Math.max(answer.errorCode, 0), 255));
        }
        answerRequest(response);
    }

    /**
     * cancel_sm (SMPP 3.4 §4.9): cancels a message of this account that still waits for its schedule_delivery_time;
     * it ends DELETED and its charge is refunded (a receipt goes out if it asked for one). Only cancellation by
     * message_id is served: without one (cancel everything from a source to a destination) it is
     * ESME_RCANCELFAIL, as is an id of a message already sent, finished, of another account or unknown;
     * {@code source_addr} and {@code destination_addr} are not compared. Journaled like a submission.
     */
    private void onCancel(CancelSm cancel) {
        if (state != State.BOUND || !transmits) {
            send(response(cancel, SmppConstants.STATUS_INVBNDSTS));
            return;
        }
        String idText = cancel.getMessageId();
        long messageId = idText == null || idText.isEmpty() ? 0 : MessageIds.parse(idText);
        if (messageId <= 0) {
            send(response(cancel, idText == null || idText.isEmpty() || MessageIds.isWellFormed(idText)
                    ? SmppConstants.STATUS_CANCELFAIL : SmppConstants.STATUS_INVMSGID));
            return;
        }
        askEngine(EventKind.CANCEL, messageId, status -> response(cancel, status),
                (correlation, decided) -> answerRequest(response(cancel,
                        decided.status == Status.OK ? SmppConstants.STATUS_OK : decided.status.smppStatus())));
    }

    /** A query_sm_resp echoing the query's message_id, with no final date, state or error yet. */
    private static QuerySmResp queryAnswer(QuerySm query, int status) {
        QuerySmResp response = query.createResponse();
        response.setCommandStatus(status);
        response.setMessageId(query.getMessageId());
        response.setFinalDate("");
        return response;
    }

    /** {@code epochMillis} as an SMPP absolute time in UTC (§7.1.1): YYMMDDhhmmsstnnp, "+" with offset 00. */
    static String absoluteTime(long epochMillis) {
        ZonedDateTime time = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        return String.format("%02d%02d%02d%02d%02d%02d%d00+", time.getYear() % 100, time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond(),
                time.getNano() / 100_000_000);
    }

    // ---- Receipts (SMPP 3.4 §4.6). ----

    /**
     * Dispatcher thread: writes {@code receipt} as a deliver_sm if this session is bound, its socket is not backed
     * up (Netty's write-buffer high-water mark: a client that stops reading stops getting receipts) and its
     * receipt window has room. False leaves the receipt with the engine.
     */
    boolean tryDeliver(CustomerReceipt receipt) {
        Channel ch = channel;
        if (state != State.BOUND || !ch.isWritable() || !receipts.tryReserve()) {
            return false;
        }
        DeliverSm deliver;
        try {
            deliver = ReceiptDeliverSm.of(receipt, optionalParameters);
        } catch (RuntimeException e) {
            receipts.release();
            throw e;
        }
        deliver.setSequenceNumber(nextSequence());
        writeFromEngine(ch, deliver);
        return true;
    }

    /**
     * Responder and dispatcher threads: queues {@code pdu} for the event loop, which writes everything queued in
     * one task and flushes once ({@link QueuedWrites}), through the whole pipeline (so that write() below records
     * each receipt). On the event loop itself it is written at once.
     */
    private void writeFromEngine(Channel ch, Pdu pdu) {
        if (ch.eventLoop().inEventLoop()) {
            ch.writeAndFlush(pdu, ch.voidPromise());
            return;
        }
        queuedWrites.write(pdu);
    }

    /** Records each receipt as it goes out, on the event loop; one that lost a race with unbind is not sent. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof DeliverSm deliver && deliver.getReferenceObject() instanceof ReceiptDeliverSm.Offered receipt) {
            if (state != State.BOUND) {
                receipts.release();
                // the engine offers it to another session
                ringEvents.receiptReturned(receipt.messageId(), receipt.handOver());
                return;
            }
            receipts.sent(deliver.getSequenceNumber(), receipt.messageId(), receipt.handOver(), ticker.nanoTime());
        } else if (msg instanceof Pdu pdu) {
            countRefusal(pdu); // the engine's answers come through here
        }
        ctx.write(msg, promise);
    }

    /** A refused submission, whoever refused it, counts under its answer's status. */
    private void countRefusal(Pdu pdu) {
        int status = pdu.getCommandStatus();
        if (status != SmppConstants.STATUS_OK && (pdu.getCommandId() == SmppConstants.CMD_ID_SUBMIT_SM_RESP
                || pdu.getCommandId() == SmppConstants.CMD_ID_DATA_SM_RESP
                || pdu.getCommandId() == SmppConstants.CMD_ID_SUBMIT_MULTI_RESP)) {
            refusals.refused(status);
        }
    }

    private void onReceiptAnswer(int sequence, boolean accepted) {
        long messageId = receipts.answered(sequence);
        if (messageId == ReceiptWindow.NONE) {
            return; // not a receipt of ours, or answered after its response timeout freed it
        }
        if (accepted) {
            ringEvents.receiptAccepted(messageId);
        } else {
            receipts.release();
        }
    }

    private void expireReceipts() {
        int expired = receipts.expire(ticker.nanoTime() - responseTimeoutNanos);
        if (expired > 0) {
            LOG.debug("'{}' from {} left {} receipts unanswered for {}", systemId, remote.getHostAddress(), expired,
                    config.responseTimeout());
        }
    }

    // ---- Unbind (SMPP 3.4 §4.2), from either side. ----

    private void onUnbind(Pdu unbind) {
        PduResponse response = response(unbind, SmppConstants.STATUS_OK);
        switch (state) {
            case BOUND -> {
                leaveBound();
                drainThen(() -> sendAndClose(response));
            }
            case UNBINDING -> {
                // Both sides unbind at once: answer theirs once our own submissions are answered.
                if (afterDrain != null) {
                    afterDrain = () -> sendAndClose(response);
                } else {
                    sendAndClose(response);
                }
            }
            default -> send(response(unbind, SmppConstants.STATUS_INVBNDSTS));
        }
    }

    private void onUnbindResp() {
        if (awaitingUnbindResp) {
            ctx.close();
        }
    }

    /**
     * Any thread: unbinds politely (submissions in flight are answered first, then unbind, then close on the
     * unbind_resp or after the response timeout); a connection that never bound is just closed.
     */
    void unbindAndClose() {
        channel.eventLoop().execute(this::beginUnbind);
    }

    private void beginUnbind() {
        switch (state) {
            case OPEN, BINDING -> ctx.close();
            case BOUND -> {
                leaveBound();
                drainThen(this::sendUnbind);
            }
            default -> { }
        }
    }

    private void sendUnbind() {
        Unbind unbind = new Unbind();
        unbind.setSequenceNumber(nextSequence());
        awaitingUnbindResp = true;
        unbindDeadline = ctx.executor().schedule(this::unbindTimedOut, responseTimeoutNanos, TimeUnit.NANOSECONDS);
        send(unbind);
    }

    private void unbindTimedOut() {
        LOG.info("closing session of '{}' from {}: no unbind_resp within {}", systemId, remote.getHostAddress(),
                config.responseTimeout());
        ctx.close();
    }

    /** Stops submissions and receipts; the slot under max-binds is given back at once. */
    private void leaveBound() {
        state = State.UNBINDING;
        forgetBinding();
    }

    /** Runs {@code action} once every submission in flight has been answered, or after the response timeout. */
    private void drainThen(Runnable action) {
        afterDrain = action;
        drainDeadline = ctx.executor().schedule(this::drainTimedOut, responseTimeoutNanos, TimeUnit.NANOSECONDS);
        drainCheck();
    }

    private void drainCheck() {
        if (afterDrain != null && requestsOnRing.get() == 0) {
            finishDrain();
        }
    }

    private void drainTimedOut() {
        LOG.warn("'{}' from {}: {} submissions still unanswered at unbind after {}", systemId,
                remote.getHostAddress(), requestsOnRing.get(), config.responseTimeout());
        finishDrain();
    }

    private void finishDrain() {
        Runnable action = afterDrain;
        if (action != null) {
            afterDrain = null;
            cancel(drainDeadline);
            action.run();
        }
    }

    // ---- Helpers (event loop). ----

    private static PduResponse response(Pdu request, int status) {
        return ResponsePdus.responseTo(request.getCommandId(), request.getSequenceNumber(), status);
    }

    private void send(Pdu pdu) {
        countRefusal(pdu); // the session's own answers pass this handler's write by
        ctx.writeAndFlush(pdu, ctx.voidPromise());
    }

    /** Writes the session's last PDU and closes; what the client sent after the PDU answered is not answered. */
    private void sendAndClose(Pdu pdu) {
        answeredLast = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(pdu).addListener(ChannelFutureListener.CLOSE);
    }

    /** This session's own sequence numbers for the requests it sends: 1 to 0x7FFFFFFF, then 1 again. */
    private int nextSequence() {
        return lastSequence.updateAndGet(SmppSession::following);
    }

    private static int following(int sequence) {
        return sequence >= MAX_SEQUENCE ? 1 : sequence + 1;
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
