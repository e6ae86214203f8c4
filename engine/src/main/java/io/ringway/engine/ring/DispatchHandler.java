package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import io.ringway.engine.consent.ConsentChange;
import io.ringway.engine.consent.ExternalConsentRegistry;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.dlr.ReceiptOutbox;
import io.ringway.engine.message.Message;
import io.ringway.engine.routing.Upstream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves decided events out of the engine: accepted messages to their upstream, receipts to their customer
 * through the {@link ReceiptOutbox}, which keeps each receipt until the customer acknowledges it; questions and
 * consent changes to the external consent registry. Dispatcher thread only; it never waits on a connector or a
 * customer.
 */
public final class DispatchHandler implements EventHandler<MessageEvent> {
    private final Map<String, Upstream> upstreams;
    private final ReceiptOutbox receipts;
    private final ExternalConsentRegistry registry;

    public DispatchHandler(Map<String, Upstream> upstreams, CustomerSink customers, long reofferAfterMillis,
                           AtomicLong offers) {
        this(upstreams, customers, reofferAfterMillis, offers, ExternalConsentRegistry.NONE);
    }

    public DispatchHandler(Map<String, Upstream> upstreams, CustomerSink customers, long reofferAfterMillis,
                           AtomicLong offers, ExternalConsentRegistry registry) {
        this.registry = registry;
        this.upstreams = Map.copyOf(upstreams);
        this.receipts = new ReceiptOutbox(customers, reofferAfterMillis, offers);
    }

    /**
     * Hands over what recovery found: messages to send again and receipts still owed. Called once, before the
     * ring starts (thread start orders these writes before the dispatcher thread reads them).
     */
    public void recover(List<Message> awaitingDispatch, List<CustomerReceipt> owedReceipts) {
        recover(awaitingDispatch, owedReceipts, List.of());
    }

    /** As {@link #recover(List, List)}, and consent changes the external registry has not taken yet. */
    public void recover(List<Message> awaitingDispatch, List<CustomerReceipt> owedReceipts,
                        List<ConsentChange> unpushedChanges) {
        recover(awaitingDispatch, owedReceipts, unpushedChanges, Map.of());
    }

    /** As above, and per upstream the ids whose receipts it still owes (for upstreams that poll for them). */
    public void recover(List<Message> awaitingDispatch, List<CustomerReceipt> owedReceipts,
                        List<ConsentChange> unpushedChanges, Map<String, List<String>> awaitingReceipts) {
        awaitingReceipts.forEach((name, ids) -> {
            Upstream upstream = upstreams.get(name);
            if (upstream != null) {
                upstream.awaitReceipts(ids);
            }
        });
        unpushedChanges.forEach(registry::push);
        receipts.recover(owedReceipts);
        for (Message message : awaitingDispatch) {
            upstreamOf(message).submit(message);
        }
    }

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        switch (event.kind) {
            case SUBMIT -> {
                // Only what the business logic routed while deciding this event: a message it held has no upstream
                // then, and the event that routes it later sends it (reading the message's upstream here instead
                // sent such a message twice when that event came before this stage reached this one).
                if (event.dispatchMessage) {
                    upstreamOf(event.message).submit(event.message);
                } else if (event.lookupBrand != null) {
                    registry.lookup(event.lookupBrand, event.destinationAddress);
                }
                addReceipts(event); // of a scheduled message it replaced
            }
            case CONSENT, MO -> {
                if (event.consentChange != null) {
                    registry.push(event.consentChange);
                }
            }
            case UPSTREAM_STATE -> {
                dispatchAll(event);
                addReceipts(event); // of held messages whose recipients opted out while they waited
            }
            case CONSENT_ANSWER -> {
                dispatchAll(event);
                addReceipts(event); // of scheduled messages the submissions it decided replaced
            }
            case UPSTREAM_ACK -> {
                dispatchAll(event); // a message an upstream gave back, routed to another
                addReceipts(event);
            }
            case DLR, CANCEL -> addReceipts(event);
            case TIMER -> {
                dispatchAll(event);
                addReceipts(event);
                receipts.tick(event.timestamp);
            }
            case RECEIPT_ACK -> receipts.acknowledged(event.messageId, event.timestamp);
            case SESSION_BOUND -> receipts.bound(event.account, event.timestamp);
            case RECEIPT_RETURNED -> receipts.returned(event.messageId, event.handOver, event.timestamp);
            default -> { }
        }
    }

    /**
     * Held messages an upstream's return made routable, scheduled ones whose time came, ones consent released, or
     * one an upstream gave back.
     */
    private void dispatchAll(MessageEvent event) {
        for (int i = 0; i < event.dispatches.size(); i++) {
            Message message = event.dispatches.get(i);
            upstreamOf(message).submit(message);
        }
    }

    private void addReceipts(MessageEvent event) {
        for (int i = 0; i < event.receipts.size(); i++) {
            receipts.add(event.receipts.get(i), event.timestamp);
        }
    }

    private Upstream upstreamOf(Message message) {
        Upstream upstream = upstreams.get(message.upstream());
        if (upstream == null) {
            throw new IllegalStateException("message " + message.id() + " routed to unknown upstream "
                    + message.upstream());
        }
        return upstream;
    }

    /** Receipts delivered or waiting, not yet acknowledged; dispatcher thread, or a stopped ring, only. */
    public int owedReceipts() {
        return receipts.size();
    }
}
