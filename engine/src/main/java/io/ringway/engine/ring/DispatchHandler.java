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

/**
 * Moves decided events out of the engine: accepted messages to their upstream, receipts to their customer.
 * Receipts stay in an outbox per account until the customer acknowledges them (a {@code RECEIPT_ACK} event), and
 * are offered again whenever a receiving session of the account binds. Dispatcher thread only; it never waits
 * on a connector or a customer.
 */
public final class DispatchHandler implements EventHandler<MessageEvent> {
    private final Map<String, Upstream> upstreams;
    private final CustomerSink customers;
    private final Map<String, LinkedHashMap<Long, CustomerReceipt>> outboxByAccount = new HashMap<>();
    private final Long2ObjectHashMap<String> accountOfReceipt = new Long2ObjectHashMap<>();

    public DispatchHandler(Map<String, Upstream> upstreams, CustomerSink customers) {
        this.upstreams = Map.copyOf(upstreams);
        this.customers = customers;
    }

    /**
     * Hands over what recovery found: messages to send again and receipts still owed. Called once, before the
     * ring starts (thread start orders these writes before the dispatcher thread reads them).
     */
    public void recover(List<Message> awaitingDispatch, List<CustomerReceipt> owedReceipts) {
        for (CustomerReceipt receipt : owedReceipts) {
            remember(receipt);
        }
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
            case UPSTREAM_ACK, DLR -> {
                if (event.receipt != null) {
                    remember(event.receipt);
                    customers.deliver(event.receipt);
                }
            }
            case RECEIPT_ACK -> forget(event.messageId);
            case SESSION_BOUND -> offerAgain(event.account);
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

    private void remember(CustomerReceipt receipt) {
        outboxByAccount.computeIfAbsent(receipt.account(), account -> new LinkedHashMap<>())
                .put(receipt.messageId(), receipt);
        accountOfReceipt.put(receipt.messageId(), receipt.account());
    }

    private void forget(long messageId) {
        String account = accountOfReceipt.remove(messageId);
        if (account != null) {
            outboxByAccount.get(account).remove(messageId);
        }
    }

    private void offerAgain(String account) {
        LinkedHashMap<Long, CustomerReceipt> outbox = outboxByAccount.get(account);
        if (outbox == null) {
            return;
        }
        for (CustomerReceipt receipt : outbox.values()) {
            if (!customers.deliver(receipt)) {
                return;
            }
        }
    }

    /** Receipts delivered or waiting, not yet acknowledged; dispatcher thread, or a stopped ring, only. */
    public int owedReceipts() {
        return accountOfReceipt.size();
    }
}
