package io.ringway.engine.routing;

import io.ringway.engine.message.Message;

/**
 * An upstream SMSC (or HTTP provider) that accepted messages leave through: the module boundary between the
 * engine and the connectors. Implementations report every outcome back through {@link UpstreamEvents}.
 */
public interface Upstream extends AutoCloseable {
    /** Name used by routes, receipts and statements. */
    String name();

    /** Connects and binds; returns at once, binding continues in the background with reconnects. */
    void start();

    /** At least one bind is up and able to take messages. */
    boolean isAvailable();

    /**
     * Hands one accepted message over for sending. Never blocks and never drops: the message is queued until a
     * bind has window for it, retried on throttling and on lost connections, and the outcome of each of its
     * {@link Message#segments()} parts is reported once as {@link UpstreamEvents#submitted} or
     * {@link UpstreamEvents#submitFailed}. Called on the dispatcher thread.
     */
    void submit(Message message);

    /**
     * Upstream ids this upstream acknowledged before a restart whose receipts have not come yet, handed over once
     * by recovery before {@link #start()}. An upstream that has to ask for receipts (an HTTP provider that is
     * polled) asks for these too; one that delivers them by itself (an SMSC) needs nothing, which is the default.
     */
    default void awaitReceipts(java.util.List<String> upstreamMessageIds) {
    }

    /** Unbinds every session and stops reconnecting. */
    @Override
    void close();
}
