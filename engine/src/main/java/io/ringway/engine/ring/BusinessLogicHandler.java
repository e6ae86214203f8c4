package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.AccountAdministration;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.SendingPolicy;
import io.ringway.engine.consent.Brand;
import io.ringway.engine.consent.BrandDirectory;
import io.ringway.engine.consent.Consent;
import io.ringway.engine.consent.ConsentRegistry;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.consent.OptOutKeywords;
import io.ringway.engine.consent.RecipientType;
import io.ringway.config.BrandConfig;
import io.ringway.engine.billing.Ledger;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.billing.Wallet;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.dlr.UpstreamIdIndex;
import io.ringway.engine.message.Addresses;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.ReceiptDeadlines;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.Status;
import io.ringway.engine.message.TextEncoding;
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
 * <p>A submission is validated (addresses, body, the account's senders), checked for consent when it is
 * commercial, routed, then rated and reserved: the reservation is the only state change, and comes last, so a
 * refused submission changes nothing and costs nothing; its refusal and reason go on the account's statement.
 *
 * <p>It is deterministic: its only clock is the event's ingress time stamp, and message ids are issued in
 * sequence. Replaying the journal through {@link #apply} therefore rebuilds exactly the state that was live.
 */
public final class BusinessLogicHandler implements EventHandler<MessageEvent> {
    /** SMPP 3.4 §5.2.21 caps short_message at 254 octets; longer bodies come in message_payload (64 KiB). */
    private static final int MAX_PAYLOAD = 65_535;

    private final Routes routes;
    private final int maxQueuedPerUpstream;
    private final EngineCounters counters;
    private final Ledger ledger;
    private final AccountAdministration administration;
    private final Map<String, SendingPolicy> policies;
    private final BrandDirectory brands;
    private final ConsentRegistry consents = new ConsentRegistry();
    private final OptOutKeywords optOutKeywords;

    private final Long2ObjectHashMap<Message> messages = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<CustomerReceipt> owedReceipts = new Long2ObjectHashMap<>();
    private final UpstreamIdIndex upstreamIds = new UpstreamIdIndex();
    private final ReceiptDeadlines deadlines = new ReceiptDeadlines();
    /** Accepted messages not yet acknowledged by their upstream, per upstream: bounds the connectors' queues. */
    private final Map<String, MutableInteger> queuedPerUpstream = new HashMap<>();
    private final Consumer<Message> overdue = this::overdue;
    private MessageEvent tick;
    private long lastMessageId;

    public BusinessLogicHandler(Accounts accounts, Routes routes, int maxQueuedPerUpstream, EngineCounters counters,
                                Ledger ledger, Map<String, SendingPolicy> policies, BrandDirectory brands,
                                OptOutKeywords optOutKeywords) {
        this.policies = Map.copyOf(policies);
        this.brands = brands;
        this.optOutKeywords = optOutKeywords;
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
        Map<String, SendingPolicy> policies = new HashMap<>();
        config.accounts().forEach(account -> policies.put(account.systemId(), SendingPolicy.from(account)));
        return new BusinessLogicHandler(accounts,
                new Routes(config.upstreams().stream().map(upstream -> upstream.name()).toList()),
                config.ring().maxQueuedPerUpstream(), counters, Ledger.fromConfig(config, movements), policies,
                BrandDirectory.fromConfig(config), new OptOutKeywords(config.consent().optOutKeywords()));
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
            case CONSENT -> event.status = recordConsent(event);
            case MO -> inbound(event);
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
        MessageType type = null;
        if (status == Status.OK) {
            SendingPolicy policy = policies.getOrDefault(event.account, SendingPolicy.OPEN);
            MessageType asked = MessageType.fromText(event.serviceType);
            type = asked == null ? policy.defaultType() : asked;
            if (!policy.allows(event.sourceAddress)) {
                status = Status.SENDER_NOT_ALLOWED;
            } else if (type == MessageType.COMMERCIAL) {
                status = consentFor(event);
            }
        }
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
            if (wallet != null) {
                ledger.rejected(wallet, status.code(), event.timestamp);
            }
            return;
        }
        Message message = new Message(++lastMessageId, event.account, event.channel, type,
                event.sourceAddress, event.sourceTon, event.sourceNpi,
                event.destinationAddress, event.destinationTon, event.destinationNpi,
                event.esmClass, event.dataCoding, event.registeredDelivery, event.payload,
                event.timestamp, upstream);
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

    /**
     * A commercial message needs the recipient's standing OPT_IN for the brand it is sent for. Brands whose consent
     * lives in an external registry (integrator mode) fail closed until that registry answers through the ring.
     */
    private Status consentFor(MessageEvent event) {
        Brand brand = brands.forSender(event.account, event.sourceAddress);
        if (brand == null) {
            return Status.NO_CONSENT;
        }
        if (brand.mode() == BrandConfig.Mode.INTEGRATOR) {
            return Status.CONSENT_REGISTRY_UNAVAILABLE;
        }
        Consent consent = consents.find(brand.name(), event.destinationAddress);
        if (consent == null) {
            EngineCounters.increment(counters.consentRefusals);
            return Status.NO_CONSENT;
        }
        if (consent.status() != ConsentStatus.OPT_IN) {
            EngineCounters.increment(counters.consentRefusals);
            return Status.OPTED_OUT;
        }
        return Status.OK;
    }

    /** A consent record from the API, an import or a registry; only the brand's account (or the operator) may set it. */
    private Status recordConsent(MessageEvent event) {
        Brand brand = brands.named(event.target);
        if (brand == null) {
            return Status.INVALID_CONSENT;
        }
        if (event.account != null && !event.account.equals(brand.account())) {
            return Status.FORBIDDEN;
        }
        if (!Addresses.isE164(event.destinationAddress) || event.consentStatus == null || event.consentSource == null
                || event.recipientType == null || event.consentDate > event.timestamp) {
            return Status.INVALID_CONSENT;
        }
        consents.record(brand.name(), event.destinationAddress,
                new Consent(event.consentStatus, event.consentDate, event.consentSource, event.recipientType));
        return Status.OK;
    }

    /** An inbound message: an opt-out keyword sent to a brand's number withdraws the sender's consent at once. */
    private void inbound(MessageEvent event) {
        EngineCounters.increment(counters.inbound);
        Brand brand = brands.forNumber(event.destinationAddress);
        if (brand == null || event.payload == null || !Addresses.isE164(event.sourceAddress)) {
            return;
        }
        String text = TextEncoding.decode(event.payload, 0, event.payload.length, event.dataCoding);
        if (optOutKeywords.matches(text)) {
            consents.record(brand.name(), event.sourceAddress,
                    new Consent(ConsentStatus.OPT_OUT, event.timestamp, ConsentSource.SMS, RecipientType.INDIVIDUAL));
            EngineCounters.increment(counters.optOutReplies);
        }
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

    public ConsentRegistry consents() {
        return consents;
    }

    /** Messages dispatched and waiting for their receipt. */
    public int awaitingReceipt() {
        return deadlines.size();
    }
}
