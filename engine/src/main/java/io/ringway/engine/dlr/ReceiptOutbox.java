package io.ringway.engine.dlr;

import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.message.MessageIdMap;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receipts owed to customers, from the moment the business logic decides them until the customer acknowledges
 * them (a {@code RECEIPT_ACK}). Per account and per way out ({@link CustomerSink#lane}: the SMPP sessions, or a
 * callback URL; one that cannot take more holds up only its own), receipts are either <em>waiting</em> (no
 * session took them yet) or <em>handed over</em> (a session took them and its answer is pending). Waiting receipts go out, oldest first,
 * whenever a session can take more: when one is added, when the customer acknowledges one (a window slot freed),
 * when a session binds, and on every timer tick. A receipt handed over longer than {@code reofferAfterMillis}
 * ago without an acknowledgement is taken back and offered again (its session probably died), so a receipt a
 * live session is still answering is not sent twice; one whose session closed without answering it is offered
 * again at once ({@link #returned}).
 *
 * <p>Both lists are intrusive and doubly linked through the receipts themselves: adding, acknowledging and moving
 * a receipt allocate nothing. A receipt is in the outbox at most once; adding one that is already there changes
 * nothing. Dispatcher thread only.
 */
public final class ReceiptOutbox {
    private final CustomerSink customers;
    private final long reofferAfterMillis;
    private final AtomicLong offers;
    /** Per account, its outbox for each {@linkplain CustomerSink#lane lane}. */
    private final Map<String, AccountOutbox[]> byAccount = new HashMap<>();
    private final MessageIdMap<CustomerReceipt> byMessageId = new MessageIdMap<>(MessageIdMap.SHORT_LIVED);

    /** The lanes {@link CustomerSink#lane} may name. */
    private static final int LANES = 2;

    public ReceiptOutbox(CustomerSink customers, long reofferAfterMillis, AtomicLong offers) {
        this.customers = customers;
        this.reofferAfterMillis = reofferAfterMillis;
        this.offers = offers;
    }

    /** A receipt is owed: it waits behind the account's older ones and goes out as soon as a session can take it. */
    public void add(CustomerReceipt receipt, long now) {
        if (receipt.list != null) {
            return; // already owed
        }
        AccountOutbox[] lanes = byAccount.computeIfAbsent(receipt.account(), account -> new AccountOutbox[LANES]);
        int lane = customers.lane(receipt);
        AccountOutbox outbox = lanes[lane];
        if (outbox == null) {
            outbox = new AccountOutbox();
            lanes[lane] = outbox;
        }
        receipt.outbox = outbox;
        CustomerReceipt replaced = byMessageId.put(receipt.messageId(), receipt);
        if (replaced != null) {
            replaced.list.remove(replaced); // another receipt object for the same message: the newer one counts
        }
        outbox.waiting.addLast(receipt);
        offer(outbox, now);
    }

    /** Adds receipts recovery found still owed; nobody is bound yet, so they wait for their accounts. */
    public void recover(Iterable<CustomerReceipt> receipts) {
        for (CustomerReceipt receipt : receipts) {
            add(receipt, 0);
        }
    }

    /** The customer acknowledged the receipt of {@code messageId}: forget it, and use the freed room. */
    public void acknowledged(long messageId, long now) {
        CustomerReceipt receipt = byMessageId.remove(messageId);
        if (receipt == null) {
            return;
        }
        receipt.list.remove(receipt);
        offer(receipt.outbox, now);
    }

    /**
     * The session that was handed the receipt of {@code messageId} in its offer {@code handOver}
     * ({@link CustomerReceipt#handOver}) closed without answering it: it waits again, in front of the account's
     * others, and goes out as soon as a session can take it. A receipt already acknowledged, or waiting, or taken
     * back after the response timeout and offered to a session again since, is left as it is (sent twice
     * otherwise).
     */
    public void returned(long messageId, int handOver, long now) {
        CustomerReceipt receipt = byMessageId.get(messageId);
        if (receipt == null || receipt.list != receipt.outbox.handedOver || receipt.handOvers != handOver) {
            return;
        }
        receipt.outbox.handedOver.remove(receipt);
        receipt.outbox.waiting.addFirst(receipt);
        offer(receipt.outbox, now);
    }

    /** A session of {@code account} that can receive bound. */
    public void bound(String account, long now) {
        AccountOutbox[] lanes = byAccount.get(account);
        if (lanes != null) {
            for (AccountOutbox outbox : lanes) {
                if (outbox != null) {
                    reclaimOverdue(outbox, now);
                    offer(outbox, now);
                }
            }
        }
    }

    /** The clock ticked: take back overdue hand-overs and offer what waits, for every account. */
    public void tick(long now) {
        for (AccountOutbox[] lanes : byAccount.values()) {
            for (AccountOutbox outbox : lanes) {
                if (outbox != null) {
                    reclaimOverdue(outbox, now);
                    offer(outbox, now);
                }
            }
        }
    }

    /** Receipts owed and not yet acknowledged. */
    public int size() {
        return byMessageId.size();
    }

    private void offer(AccountOutbox outbox, long now) {
        CustomerReceipt receipt;
        while ((receipt = outbox.waiting.head) != null) {
            offers.lazySet(offers.get() + 1);
            receipt.handOvers++;
            if (!customers.deliver(receipt)) {
                return; // no session can take more now; the rest wait for room
            }
            outbox.waiting.remove(receipt);
            receipt.handedOverAt = now;
            outbox.handedOver.addLast(receipt);
        }
    }

    /** Hand-overs are in time order, so the overdue ones are a prefix; they go back to the front, in order. */
    private void reclaimOverdue(AccountOutbox outbox, long now) {
        CustomerReceipt last = null;
        for (CustomerReceipt receipt = outbox.handedOver.head;
             receipt != null && now - receipt.handedOverAt >= reofferAfterMillis; receipt = receipt.next) {
            last = receipt;
        }
        while (last != null) {
            CustomerReceipt previous = last.previous;
            outbox.handedOver.remove(last);
            outbox.waiting.addFirst(last);
            last = previous;
        }
    }

    /** One account's two lists. */
    static final class AccountOutbox {
        final EntryList waiting = new EntryList();
        final EntryList handedOver = new EntryList();
    }

    /** A doubly-linked list threaded through the receipts; a receipt is in one of its account's lists. */
    static final class EntryList {
        CustomerReceipt head;
        CustomerReceipt tail;

        void addLast(CustomerReceipt entry) {
            entry.list = this;
            entry.previous = tail;
            entry.next = null;
            if (tail == null) {
                head = entry;
            } else {
                tail.next = entry;
            }
            tail = entry;
        }

        void addFirst(CustomerReceipt entry) {
            entry.list = this;
            entry.previous = null;
            entry.next = head;
            if (head == null) {
                tail = entry;
            } else {
                head.previous = entry;
            }
            head = entry;
        }

        void remove(CustomerReceipt entry) {
            if (entry.previous == null) {
                head = entry.next;
            } else {
                entry.previous.next = entry.next;
            }
            if (entry.next == null) {
                tail = entry.previous;
            } else {
                entry.next.previous = entry.previous;
            }
            entry.list = null;
            entry.previous = null;
            entry.next = null;
        }
    }
}
