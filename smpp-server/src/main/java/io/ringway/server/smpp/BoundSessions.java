package io.ringway.server.smpp;

import io.ringway.engine.account.Account;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.dlr.CustomerReceipt;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bound sessions of every account: it enforces the account's {@code max-binds} and hands the engine's
 * receipts to a session of the account that can receive, round robin, skipping sessions whose socket is backed up
 * or whose receipt window is full. This is the SMPP server's {@link CustomerSink}.
 *
 * <p>Threading: sessions bind and unbind from their event loops; {@link #deliver} runs on the engine's dispatcher
 * thread. The receiving sessions of an account are a copy-on-write array, so delivery never locks.
 */
final class BoundSessions implements CustomerSink {
    private final ConcurrentHashMap<String, AccountSessions> byAccount = new ConcurrentHashMap<>();

    /**
     * Registers a session that authenticated as {@code account}, or returns false when the account already holds
     * {@code maxBinds} sessions. A session that {@code receives} is offered receipts from now on.
     */
    boolean tryBind(SmppSession session, Account account, boolean receives) {
        return byAccount.computeIfAbsent(account.systemId(), id -> new AccountSessions())
                .tryAdd(session, account.maxBinds(), receives);
    }

    /** Forgets a session {@link #tryBind} registered; called once for each successful {@code tryBind}. */
    void unbind(SmppSession session, String systemId) {
        AccountSessions sessions = byAccount.get(systemId);
        if (sessions != null) {
            sessions.remove(session);
        }
    }

    /** Sessions bound right now, across all accounts. */
    int bound() {
        int bound = 0;
        for (AccountSessions sessions : byAccount.values()) {
            bound += sessions.count();
        }
        return bound;
    }

    /** Dispatcher thread. */
    @Override
    public boolean deliver(CustomerReceipt receipt) {
        AccountSessions sessions = byAccount.get(receipt.account());
        return sessions != null && sessions.deliver(receipt);
    }

    /** One account's sessions. Binds are rare, so they take a lock; delivery reads a volatile array. */
    private static final class AccountSessions {
        private static final SmppSession[] NONE = new SmppSession[0];

        private int count;
        private volatile SmppSession[] receivers = NONE;
        /** Where the next delivery starts looking; dispatcher thread only. */
        private int next;

        synchronized boolean tryAdd(SmppSession session, int maxBinds, boolean receives) {
            if (count >= maxBinds) {
                return false;
            }
            count++;
            if (receives) {
                SmppSession[] grown = Arrays.copyOf(receivers, receivers.length + 1);
                grown[grown.length - 1] = session;
                receivers = grown;
            }
            return true;
        }

        synchronized void remove(SmppSession session) {
            count--;
            SmppSession[] current = receivers;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == session) {
                    SmppSession[] shrunk = new SmppSession[current.length - 1];
                    System.arraycopy(current, 0, shrunk, 0, i);
                    System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                    receivers = shrunk;
                    return;
                }
            }
        }

        synchronized int count() {
            return count;
        }

        boolean deliver(CustomerReceipt receipt) {
            SmppSession[] candidates = receivers;
            int n = candidates.length;
            for (int i = 0; i < n; i++) {
                int index = (next + i) % n;
                if (candidates[index].tryDeliver(receipt)) {
                    next = index + 1;
                    return true;
                }
            }
            return false;
        }
    }
}
