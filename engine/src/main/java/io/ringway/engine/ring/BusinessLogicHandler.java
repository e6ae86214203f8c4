package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.AccountAdministration;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.billing.Ledger;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.billing.Wallet;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.dlr.UpstreamIdIndex;
import io.ringway.engine.message.FinishedMessages;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.ReceiptDeadlines;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.Status;
import io.ringway.engine.routing.Routes;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.MutableInteger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The single-threaded business logic: applies each journaled input to the engine state and writes its decision
 * into the event. It owns every piece of mutable domain state (in-flight messages, balances and reservations,
 * the upstream-id index, receipt deadlines, owed receipts, message ids) and is the only thread that touches it,
 * so nothing here locks.
 *
 * <p>A submission is validated, routed, then rated and reserved: the reservation is the only state change, and
 * comes last, so a refused submission changes nothing and costs nothing.
 *
 * <p>It is deterministic: its only clock is the event's ingress time stamp, and message ids are issued in
 * sequence. Replaying the journal through {@link #apply} therefore rebuilds exactly the state that was live.
 */
public final class BusinessLogicHandler implements EventHandler<MessageEvent> {
    /** SMPP 3.4 §5.2.21 caps short_message at 254 octets; longer bodies come in message_payload (64 KiB). */
    private static final int MAX_PAYLOAD = 65_535;
    /** Finished-message outcomes kept for status queries when the caller does not say. */
    public static final int DEFAULT_FINISHED_MESSAGES = 1_000_000;

    private final Routes routes;
    private final int maxQueuedPerUpstream;
    private final EngineCounters counters;
    private final Ledger ledger;
    private final AccountAdministration administration;
    private final FinishedMessages finished;

    private final Long2ObjectHashMap<Message> messages = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<CustomerReceipt> owedReceipts = new Long2ObjectHashMap<>();
    private final UpstreamIdIndex upstreamIds = new UpstreamIdIndex();
    private final ReceiptDeadlines deadlines = new ReceiptDeadlines();
    /** Accepted messages not yet acknowledged by their upstream, per upstream: bounds the connectors' queues. */
    private final Map<String, MutableInteger> queuedPerUpstream = new HashMap<>();
    private final Consumer<Message> overdue = this::overdue;
    private MessageEvent tick;
    private long lastMessageId;

    /** Remembers the outcomes of the last {@value #DEFAULT_FINISHED_MESSAGES} finished messages. */
    public BusinessLogicHandler(Accounts accounts, Routes routes, int maxQueuedPerUpstream, EngineCounters counters,
                                Ledger ledger) {
        this(accounts, routes, maxQueuedPerUpstream, counters, ledger, DEFAULT_FINISHED_MESSAGES);
    }

    public BusinessLogicHandler(Accounts accounts, Routes routes, int maxQueuedPerUpstream, EngineCounters counters,
                                Ledger ledger, int finishedMessages) {
        this.finished = new FinishedMessages(finishedMessages);
        this.routes = routes;
        this.maxQueuedPerUpstream = maxQueuedPerUpstream;
        this.counters = counters;
        this.ledger = ledger;
        this.administration = new AccountAdministration(accounts, ledger);
        for (String upstream : routes.upstreams()) {
            queuedPerUpstream.put(upstream, new MutableInteger());
        }
    }

    /** The business logic of {@code config}'s opening state (for the engine, replays and statements). */
    public static BusinessLogicHandler fromConfig(RingwayConfig config, Accounts accounts, EngineCounters counters,
                                                  MovementListener movements) {
        return new BusinessLogicHandler(accounts,
                new Routes(config.upstreams().stream().map(upstream -> upstream.name()).toList()),
                config.ring().maxQueuedPerUpstream(), counters, Ledger.fromConfig(config, movements),
                config.ring().finishedMessages());
    }

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        if (!event.journaled) {
            // State must only ever reflect what is on disk: an input the journal refused is not applied.
            if (event.kind == EventKind.SUBMIT || event.kind == EventKind.ADMIN) {
                event.status = Status.JOURNAL_UNAVAILABLE;
                EngineCounters.increment(counters.rejected);
            }
            return;
        }
        apply(event);
    }

    /** Applies one input. Called by the ring's business-logic thread, or by recovery before the ring starts. */
    public void apply(MessageEvent event) {
        switch (event.kind) {
            case SUBMIT -> submit(event);
            case UPSTREAM_ACK -> upstreamAck(event);
            case DLR -> receipt(event);
            case RECEIPT_ACK -> receiptAcknowledged(event);
            case TIMER -> expireOverdue(event);
            case QUERY -> query(event);
            case ADMIN -> event.status = administration.apply(new AccountAdministration.Command(
                    event.adminOperation, event.account, event.target, event.amount, event.coefficient,
                    event.priceList, event.text, event.timestamp));
            default -> { }
        }
    }

    private void submit(MessageEvent event) {
        EngineCounters.increment(counters.submissions);
        Wallet wallet = ledger.wallet(event.account);
        Status status = wallet == null ? Status.UNKNOWN_ACCOUNT : validate(event);
        String upstream = null;
        if (status == Status.OK) {
            upstream = routes.upstreamFor(event.destinationAddress);
            if (upstream == null) {
                status = Status.NO_ROUTE;
            } else if (queuedPerUpstream.get(upstream).get() >= maxQueuedPerUpstream) {
                status = Status.QUEUE_FULL;
            }
        }
        int segments = 1;
        if (status == Status.OK) {
            segments = Segments.count(event.payload, event.dataCoding, event.esmClass);
            int reservation = ledger.reserve(wallet, lastMessageId + 1, event.destinationAddress, segments,
                    event.timestamp);
            if (reservation == Ledger.INSUFFICIENT_BALANCE) {
                status = Status.INSUFFICIENT_BALANCE;
            } else if (reservation == Ledger.NO_TARIFF) {
                status = Status.NO_TARIFF;
            }
        }
        event.status = status;
        if (status != Status.OK) {
            EngineCounters.increment(counters.rejected);
            return;
        }
        MessageType type = MessageType.fromText(event.serviceType);
        Message message = new Message(++lastMessageId, event.account, event.channel,
                type == null ? MessageType.TRANSACTIONAL : type,
                event.sourceAddress, event.sourceTon, event.sourceNpi,
                event.destinationAddress, event.destinationTon, event.destinationNpi,
                event.esmClass, event.dataCoding, event.registeredDelivery, event.payload,
                event.timestamp, upstream, event.callbackUrl);
        message.rated(segments, ledger.charge(message.id()));
        messages.put(message.id(), message);
        queuedPerUpstream.get(upstream).increment();
        event.message = message;
        EngineCounters.increment(counters.accepted);
    }

    private static Status validate(MessageEvent event) {
        if (!Addresses.isE164(event.destinationAddress)) {
            return Status.INVALID_DESTINATION;
        }
        if (!Addresses.isSender(event.sourceAddress)) {
            return Status.INVALID_SOURCE;
        }
        if (event.payload == null || event.payload.length == 0 || event.payload.length > MAX_PAYLOAD) {
            return Status.INVALID_MESSAGE_LENGTH;
        }
        return Status.OK;
    }

    private void upstreamAck(MessageEvent event) {
        Message message = messages.get(event.messageId);
        if (message == null || message.state() != MessageState.ACCEPTED) {
            return; // a second answer for a message sent twice (re-dispatch after a restart): the first one counts
        }
        queuedPerUpstream.get(message.upstream()).decrement();
        if (event.commandStatus == 0) {
            message.dispatched(event.upstreamMessageId);
            upstreamIds.put(message.upstream(), event.upstreamMessageId, message);
            deadlines.track(message, event.timestamp, ledger.wallet(message.account()).dlrTimeoutMillis());
            EngineCounters.increment(counters.upstreamAcks);
        } else {
            EngineCounters.increment(counters.upstreamFailures);
            finish(event, message, MessageState.REJECTED, event.commandStatus, event.timestamp);
        }
    }

    private void receipt(MessageEvent event) {
        MessageState finalState = MessageState.fromReceiptStat(event.receiptStat);
        if (finalState == null) {
            return; // intermediate states (ENROUTE, ACCEPTD) change nothing
        }
        Message message = upstreamIds.remove(event.upstream, event.upstreamMessageId);
        if (message == null) {
            EngineCounters.increment(counters.receiptsUnmatched);
            return;
        }
        EngineCounters.increment(counters.receipts);
        deadlines.forget(message);
        finish(event, message, finalState, event.errorCode, event.doneAt > 0 ? event.doneAt : event.timestamp);
    }

    /** A receipt that never came: the message is closed as UNKNOWN (refunded unless the account says otherwise). */
    private void expireOverdue(MessageEvent event) {
        tick = event;
        deadlines.expire(event.timestamp, overdue);
        tick = null;
    }

    private void overdue(Message message) {
        upstreamIds.remove(message.upstream(), message.upstreamMessageId());
        EngineCounters.increment(counters.receiptTimeouts);
        finish(tick, message, MessageState.UNKNOWN, 0, tick.timestamp);
    }

    private void finish(MessageEvent event, Message message, MessageState finalState, int errorCode, long doneAt) {
        message.finish(finalState, errorCode, doneAt);
        ledger.close(message.id(), finalState, event.timestamp);
        Wallet wallet = ledger.wallet(message.account());
        finished.record(message, message.charge() != 0 && finalState.isFailure() && wallet.refunds(finalState));
        if (message.wantsReceipt(finalState)) {
            CustomerReceipt receipt = new CustomerReceipt(message, finalState, errorCode, doneAt);
            owedReceipts.put(message.id(), receipt);
            event.receipts.add(receipt);
        } else {
            messages.remove(message.id());
        }
    }

    private void receiptAcknowledged(MessageEvent event) {
        if (owedReceipts.remove(event.messageId) != null) {
            messages.remove(event.messageId);
            EngineCounters.increment(counters.receiptsAcknowledged);
        }
    }

    /**
     * Answers a QUERY: the account's balance ({@code messageId} 0), or the outcome of one of its messages. A message
     * of another account is answered as not found, so that ids of other accounts cannot be probed.
     */
    private void query(MessageEvent event) {
        QueryAnswer answer = event.answer;
        Wallet wallet = ledger.wallet(event.account);
        event.status = Status.OK;
        if (wallet == null) {
            event.status = Status.UNKNOWN_ACCOUNT;
            return;
        }
        if (event.messageId == 0) {
            answer.found = true;
            answer.balance = wallet.balance();
            answer.creditLimit = wallet.creditLimit();
            return;
        }
        Message message = messages.get(event.messageId);
        if (message != null) {
            if (message.account().equals(event.account)) {
                MessageState state = message.state();
                answer.found = true;
                answer.state = state;
                answer.segments = message.segments();
                answer.charge = message.charge();
                answer.refunded = message.charge() != 0 && state.isFailure() && wallet.refunds(state);
                answer.acceptedAt = message.acceptedAt();
                answer.doneAt = message.doneAt();
                answer.errorCode = message.errorCode();
            }
            return;
        }
        int slot = finished.find(event.messageId);
        if (slot >= 0) {
            if (finished.account(slot).equals(event.account)) {
                answer.found = true;
                answer.state = finished.state(slot);
                answer.segments = finished.segments(slot);
                answer.charge = finished.charge(slot);
                answer.refunded = finished.refunded(slot);
                answer.acceptedAt = finished.acceptedAt(slot);
                answer.doneAt = finished.doneAt(slot);
                answer.errorCode = finished.errorCode(slot);
            }
            return;
        }
        // Issued, not in flight, not in the store: finished so long ago that a newer outcome took its slot.
        answer.forgotten = event.messageId > 0 && event.messageId <= lastMessageId;
    }

    // ---- Views for recovery, queries and tests: call only before the ring starts or after it stopped. ----

    /** Messages accepted but never acknowledged upstream, oldest first: they are dispatched again on start. */
    public List<Message> awaitingDispatch() {
        List<Message> result = new ArrayList<>();
        messages.values().forEach(message -> {
            if (message.state() == MessageState.ACCEPTED) {
                result.add(message);
            }
        });
        result.sort(Comparator.comparingLong(Message::id));
        return result;
    }

    /** Receipts owed to customers and not yet acknowledged, oldest first. */
    public List<CustomerReceipt> owedReceipts() {
        List<CustomerReceipt> result = new ArrayList<>(owedReceipts.values());
        result.sort(Comparator.comparingLong(CustomerReceipt::messageId));
        return result;
    }

    public long lastMessageId() {
        return lastMessageId;
    }

    /** Messages not yet finished with (in flight upstream, or with a receipt still owed). */
    public int inFlight() {
        return messages.size();
    }

    /** Looks a message up by id. */
    public Message message(long id) {
        return messages.get(id);
    }

    public Ledger ledger() {
        return ledger;
    }

    /** Messages dispatched and waiting for their receipt. */
    public int awaitingReceipt() {
        return deadlines.size();
    }
}
