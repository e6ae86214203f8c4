package io.ringway.connectors.simulator;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseBind;
import com.cloudhopper.smpp.pdu.BaseBindResp;
import com.cloudhopper.smpp.pdu.BindReceiver;
import com.cloudhopper.smpp.pdu.BindTransmitter;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.DeliverSmResp;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.GenericNack;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.PduRequest;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.Unbind;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.ringway.connectors.smpp.wire.ErrorResponses;
import io.ringway.connectors.smpp.wire.MalformedPdu;
import org.agrona.collections.Int2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to the simulator, playing the SMSC side of an SMPP 3.4 session (§2.2): open until a bind
 * with the configured system_id and password, then bound as transmitter, receiver or transceiver; every request
 * is answered, delivery receipts go out on sessions that can receive. Simulator event loop only (the simulator
 * runs a single event loop, so sessions, the outbox and the outcome generator need no locks).
 */
final class SimulatorSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorSession.class);
    private static final long SWEEP_PERIOD_MILLIS = 1_000;

    private final SmscSimulator simulator;
    private final ReceiptOutbox outbox;
    private final Int2ObjectHashMap<PendingReceipt> outstanding = new Int2ObjectHashMap<>();
    private ChannelHandlerContext ctx;
    private boolean bound;
    private boolean canTransmit;
    private boolean canReceive;
    private int submitsOnConnection;
    /** dropAfter reached: take nothing new, close once answered responses and receipts have settled. */
    private boolean dropping;
    private boolean closeRequested;
    private int pendingResponses;
    private int nextSequence = 1;
    private ScheduledFuture<?> sweep;

    SimulatorSession(SmscSimulator simulator, ReceiptOutbox outbox) {
        this.simulator = simulator;
        this.outbox = outbox;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Pdu pdu) {
            onPdu(pdu);
        } else if (msg instanceof MalformedPdu malformed) {
            Pdu answer = ErrorResponses.answer(malformed);
            if (answer != null) {
                ctx.writeAndFlush(answer);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        if (bound) {
            simulator.sessionUnbound();
        }
        List<PendingReceipt> lost = new ArrayList<>(outstanding.values());
        outstanding.clear();
        lost.sort(Comparator.comparingLong((PendingReceipt receipt) -> receipt.sentNanos).reversed());
        for (PendingReceipt receipt : lost) {
            outbox.requeue(receipt);
        }
        if (canReceive) {
            outbox.receiverClosed(this);
        } else {
            outbox.dispatch();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("simulator connection {} failed; closing", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private void onPdu(Pdu pdu) {
        if (pdu instanceof PduResponse response) {
            if (response instanceof DeliverSmResp || response instanceof GenericNack) {
                onReceiptAnswer(response.getSequenceNumber(), response.getCommandStatus());
            }
            return;
        }
        if (pdu instanceof BaseBind<?> bind) {
            onBind(bind);
        } else if (pdu instanceof EnquireLink enquireLink) {
            // Answered in every state: SMPP 3.4 lets either side check the link at any time (§4.11).
            ctx.writeAndFlush(enquireLink.createResponse());
        } else if (!bound) {
            answer((PduRequest<?>) pdu, SmppConstants.STATUS_INVBNDSTS);
        } else if (pdu instanceof SubmitSm submit) {
            onSubmit(submit);
        } else if (pdu instanceof Unbind unbind) {
            ctx.writeAndFlush(unbind.createResponse()).addListener(ChannelFutureListener.CLOSE);
        } else {
            answer((PduRequest<?>) pdu, SmppConstants.STATUS_INVCMDID);
        }
    }

    private void answer(PduRequest<?> request, int status) {
        PduResponse response = request.createResponse();
        if (response != null) {
            response.setCommandStatus(status);
            ctx.writeAndFlush(response);
        }
    }

    private void onBind(BaseBind<?> bind) {
        BaseBindResp response = (BaseBindResp) bind.createResponse();
        response.setSystemId(SmscSimulator.SYSTEM_ID);
        if (bound) {
            response.setCommandStatus(SmppConstants.STATUS_ALYBND);
            ctx.writeAndFlush(response);
            return;
        }
        int status = simulator.authenticate(bind.getSystemId(), bind.getPassword());
        if (status != SmppConstants.STATUS_OK) {
            response.setCommandStatus(status);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        bound = true;
        canTransmit = !(bind instanceof BindReceiver);
        canReceive = !(bind instanceof BindTransmitter);
        simulator.sessionBound();
        ctx.writeAndFlush(response);
        if (canReceive) {
            sweep = ctx.executor().scheduleAtFixedRate(this::expireUnansweredReceipts,
                    SWEEP_PERIOD_MILLIS, SWEEP_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            outbox.receiverBound(this);
        }
    }

    private void onSubmit(SubmitSm submit) {
        simulator.submitReceived();
        if (dropping) {
            return; // the connection is about to drop: as far as the client knows, this one was lost with it
        }
        if (!canTransmit) {
            answer(submit, SmppConstants.STATUS_INVBNDSTS);
            return;
        }
        submitsOnConnection++;
        SubmitSmResp response = submit.createResponse();
        PendingReceipt receipt = null;
        int status = simulator.admit(submit);
        if (status == SmppConstants.STATUS_OK) {
            String messageId = simulator.nextMessageId();
            response.setMessageId(messageId);
            receipt = simulator.receiptFor(submit, messageId, this);
        } else {
            response.setCommandStatus(status);
        }
        int dropAfter = simulator.dropAfter();
        dropping = dropAfter > 0 && submitsOnConnection >= dropAfter;
        long latencyNanos = simulator.responseLatencyNanos();
        if (latencyNanos == 0) {
            respond(response, receipt);
        } else {
            pendingResponses++;
            PendingReceipt owed = receipt;
            ctx.executor().schedule(() -> {
                pendingResponses--;
                if (ctx.channel().isActive()) {
                    respond(response, owed);
                }
            }, latencyNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void respond(SubmitSmResp response, PendingReceipt receipt) {
        ctx.writeAndFlush(response);
        if (receipt != null) {
            outbox.schedule(receipt);
        }
        closeIfSettled();
    }

    /** This session may take one more receipt now. */
    boolean canTakeReceipt() {
        return canReceive && !dropping && outstanding.size() < outbox.window()
                && ctx.channel().isActive();
    }

    /** Sends a mobile-originated message; its deliver_sm_resp needs no bookkeeping. */
    void sendInbound(DeliverSm deliver) {
        int sequence = nextSequence;
        nextSequence = sequence == Integer.MAX_VALUE ? 1 : sequence + 1;
        deliver.setSequenceNumber(sequence);
        ctx.writeAndFlush(deliver);
    }

    void sendReceipt(PendingReceipt receipt) {
        DeliverSm deliver = receipt.toDeliverSm();
        int sequence = nextSequence;
        nextSequence = sequence == Integer.MAX_VALUE ? 1 : sequence + 1;
        deliver.setSequenceNumber(sequence);
        receipt.sentNanos = System.nanoTime();
        outstanding.put(sequence, receipt);
        ctx.writeAndFlush(deliver);
        simulator.receiptSent();
    }

    private void onReceiptAnswer(int sequence, int status) {
        PendingReceipt receipt = outstanding.remove(sequence);
        if (receipt == null) {
            return; // answered after its timeout: it is already on its way again
        }
        if (status == SmppConstants.STATUS_OK) {
            simulator.receiptAcknowledged();
        } else {
            outbox.retry(receipt);
        }
        outbox.dispatch();
        closeIfSettled();
    }

    private void expireUnansweredReceipts() {
        long now = System.nanoTime();
        long timeout = ReceiptOutbox.RESPONSE_TIMEOUT.toNanos();
        Int2ObjectHashMap<PendingReceipt>.ValueIterator receipts = outstanding.values().iterator();
        while (receipts.hasNext()) {
            PendingReceipt receipt = receipts.next();
            if (now - receipt.sentNanos > timeout) {
                receipts.remove();
                outbox.retry(receipt);
            }
        }
        closeIfSettled();
    }

    /**
     * Closes a dropping connection once every answer it owes is written and every receipt on it is answered, so
     * that the drop loses nothing the client was told about (a real SMSC may lose more; Ringway copes either way).
     */
    private void closeIfSettled() {
        if (dropping && !closeRequested && pendingResponses == 0 && outstanding.isEmpty()) {
            closeRequested = true;
            // Half-close first: closing outright while the client's later submits sit unread in our receive
            // buffer makes the kernel send RST, and an RST makes the client's kernel discard the answers it has
            // not read yet. After FIN we keep reading (and ignoring) until the client closes, or for a second.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
                if (ctx.channel() instanceof io.netty.channel.socket.SocketChannel socket) {
                    socket.shutdownOutput();
                    ctx.executor().schedule(() -> ctx.close(), 1, TimeUnit.SECONDS);
                } else {
                    ctx.close();
                }
            });
        }
    }
}
