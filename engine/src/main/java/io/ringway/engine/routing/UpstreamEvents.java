package io.ringway.engine.routing;

/**
 * What an upstream reports back into the engine. Each call becomes a journaled ring event. Calls may block
 * briefly while the ring is full (the ring always drains, because no ring handler waits on a connector), so
 * connectors call them from their own threads, never from a customer-facing event loop.
 */
public interface UpstreamEvents {
    /** The upstream acknowledged message {@code messageId} (submit_sm_resp OK) under its own id. */
    void submitted(long messageId, String upstream, String upstreamMessageId);

    /** The upstream refused message {@code messageId} permanently with {@code commandStatus}. */
    void submitFailed(long messageId, String upstream, int commandStatus);

    /**
     * A delivery receipt from the upstream for its message {@code upstreamMessageId}: the {@code stat} word
     * (DELIVRD, UNDELIV, ...), the network error code and when the SMSC says it was done.
     */
    void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis);

    /**
     * An inbound (mobile-originated) message: {@code source} is the phone, {@code destination} our number, the body
     * as received with its data_coding and esm_class.
     */
    void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass, byte[] payload);
}
