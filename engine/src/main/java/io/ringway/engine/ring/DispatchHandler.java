package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.Status;
import io.ringway.engine.routing.Upstream;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves decided events out of the engine: accepted messages to their upstream, receipts to their customer.
 * Receipts stay in an outbox per account until the customer acknowledges them (a {@code RECEIPT_ACK} event).
 * When a receiving session of the account binds, the outbox is offered again: receipts no session took, and
 * receipts handed over longer ago than {@code reofferAfterMillis} without an acknowledgement (their session
 * probably died). A receipt a live session is still answering is not sent twice. Dispatcher thread only; it
 * never waits on a connector or a customer.
 */
public final class DispatchHandler implements EventHandler<MessageEvent> {
    private final Map<String, Upstream> upstreams;
    private final CustomerSink customers;
    private final long reofferAfterMillis;
    private final AtomicLong offers;
    private final Map<String, LinkedHashMap<Long, OwedReceipt>> outboxByAccount = new HashMap<>();
    private final Long2ObjectHashMap<String> accountOfReceipt = new Long2ObjectHashMap<>();

    public DispatchHandler(Map<String, Upstream> upstreams, CustomerSink customers, long reofferAfterMillis,
                           AtomicLong offers) {
        this.upstreams = Map.copyOf(upstreams);
        this.customers = customers;
        this.reofferAfterMillis = reofferAfterMillis;
        this.offers = offers;
    }

    /**
     * Hands over what recovery found: messages to send again and receipts still owed. Called once, before the
     * ring starts (thread start orders these writes before the dispatcher thread reads them).
     */
    public void recover(List<Message> awaitingDispatch, List<CustomerReceipt> owedReceipts) {
        for (CustomerReceipt receipt : owedReceipts) {
            remember(receipt);
        }
        // Nobody is bound yet: the receipts go out when their accounts bind.
        for (Message message : awaitingDispatch) {
            upstreamOf(message).submit(message);
        }
    }

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        switch (event.kind) {
            case SUBMIT -> {
                if (event.status == Status.OK && event.message != null) {
                    upstreamOf(event.message).submit(event.message);
                }
            }
            case UPSTREAM_ACK, DLR, TIMER -> {
                for (int i = 0; i < event.receipts.size(); i++) {
                    offer(remember(event.receipts.get(i)), event.timestamp);
                }
            }
            case RECEIPT_ACK -> forget(event.messageId);
            case SESSION_BOUND -> offerAgain(event.account, event.timestamp);
            default -> { }
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

    private OwedReceipt remember(CustomerReceipt receipt) {
        OwedReceipt owed = new OwedReceipt(receipt);
        outboxByAccount.computeIfAbsent(receipt.account(), account -> new LinkedHashMap<>())
                .put(receipt.messageId(), owed);
        accountOfReceipt.put(receipt.messageId(), receipt.account());
        return owed;
    }

    private boolean offer(OwedReceipt owed, long now) {
        offers.lazySet(offers.get() + 1);
        if (!customers.deliver(owed.receipt)) {
            return false;
        }
        owed.handedOverAt = now;
        return true;
    }

    private void forget(long messageId) {
        String account = accountOfReceipt.remove(messageId);
        if (account != null) {
            outboxByAccount.get(account).remove(messageId);
        }
    }

    private void offerAgain(String account, long now) {
        LinkedHashMap<Long, OwedReceipt> outbox = outboxByAccount.get(account);
        if (outbox == null) {
            return;
        }
        for (OwedReceipt owed : outbox.values()) {
            boolean due = owed.handedOverAt == NEVER || now - owed.handedOverAt >= reofferAfterMillis;
            if (due && !offer(owed, now)) {
                return; // no session can take more now; the rest wait for the next bind
            }
        }
    }

    private static final long NEVER = Long.MIN_VALUE;

    /** A receipt in the outbox, and when a session last took it. */
    private static final class OwedReceipt {
        final CustomerReceipt receipt;
        long handedOverAt = NEVER;

        OwedReceipt(CustomerReceipt receipt) {
            this.receipt = receipt;
        }
    }

    /** Receipts delivered or waiting, not yet acknowledged; dispatcher thread, or a stopped ring, only. */
    public int owedReceipts() {
        return accountOfReceipt.size();
    }
}
