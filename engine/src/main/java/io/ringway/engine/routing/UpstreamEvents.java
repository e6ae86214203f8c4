package io.ringway.engine.routing;

import java.util.function.Consumer;

/**
 * What an upstream reports back into the engine. Each call becomes a journaled ring event. Calls may block
 * briefly while the ring is full (the ring always drains, because no ring handler waits on a connector), so
 * connectors call them from their own threads, never from an event loop; an event loop uses {@link #tryReport}.
 */
public interface UpstreamEvents {
    /**
     * The command status of a {@link #submitFailed} that is no refusal: the upstream gives the message back unsent
     * (it has had no bound sending session for its {@code failover-after}), and routing takes it again: another
     * upstream of its route, or held until one is usable ({@code routing.hold-timeout} from its acceptance). No SMPP
     * answer carries it (SMPP 3.4 defines no command_status 0xFFFFFFFF); a connector reports an SMSC's 0xFFFFFFFF
     * as ESME_RSYSERR. A message comes back whole, once, with the part of any of its parts.
     */
    int RETURNED = 0xFFFFFFFF;

    /**
     * Makes up to {@code count} reports at once without ever waiting: when the engine has room for {@code count}
     * events right now, {@code reports} is handed an {@code UpstreamEvents} whose calls (at most {@code count})
     * are those reports, they reach the engine together when it returns, and the answer is true; otherwise
     * nothing is reported and the answer is false, and the caller reports the waiting way. For event loops, which
     * must not block. By default nothing can be reported that way.
     */
    default boolean tryReport(int count, Consumer<UpstreamEvents> reports) {
        return false;
    }

    /** The upstream acknowledged single-part message {@code messageId} (submit_sm_resp OK) under its own id. */
    default void submitted(long messageId, String upstream, String upstreamMessageId) {
        submitted(messageId, 0, upstream, upstreamMessageId);
    }

    /** The upstream refused single-part message {@code messageId} permanently with {@code commandStatus}. */
    default void submitFailed(long messageId, String upstream, int commandStatus) {
        submitFailed(messageId, 0, upstream, commandStatus);
    }

    /**
     * The upstream acknowledged part {@code part} (0-based) of message {@code messageId} under its own id. A
     * message of n segments is sent as n parts and each is acknowledged once.
     */
    void submitted(long messageId, int part, String upstream, String upstreamMessageId);

    /** The upstream refused part {@code part} of message {@code messageId} permanently with {@code commandStatus}. */
    void submitFailed(long messageId, int part, String upstream, int commandStatus);

    /** Gives message {@code messageId}, none of whose parts it sent, back to routing ({@link #RETURNED}). */
    default void returned(long messageId, String upstream) {
        submitFailed(messageId, 0, upstream, RETURNED);
    }

    /**
     * The number of bound sessions able to send on {@code upstream} changed to {@code boundSessions} (0: down).
     * Routing skips a down upstream. An upstream that never reports is taken to be up.
     */
    default void availability(String upstream, int boundSessions) {
    }

    /**
     * A delivery receipt from the upstream for its message {@code upstreamMessageId}: the {@code stat} word
     * (DELIVRD, UNDELIV, ...), the network error code and when the SMSC says it was done.
     */
    void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis);

    /**
     * As {@link #receipt(String, String, String, int, long)}, and {@code acknowledgement} is told once the receipt is
     * journaled (or could not be): only then may the upstream be answered. By default it is told at once, after the
     * report (an implementation that journals nothing). A null one is told nothing.
     */
    default void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis,
                         ReportAcknowledgement acknowledgement) {
        receipt(upstream, upstreamMessageId, stat, errorCode, doneAtMillis);
        if (acknowledgement != null) {
            acknowledgement.journaled(true);
        }
    }

    /**
     * An inbound (mobile-originated) message: {@code source} is the phone, {@code destination} our number, the body
     * as received with its data_coding and esm_class.
     */
    void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass, byte[] payload);

    /** As {@link #inbound(String, String, String, byte, byte, byte[])}, acknowledged as receipts are. */
    default void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass,
                         byte[] payload, ReportAcknowledgement acknowledgement) {
        inbound(upstream, source, destination, dataCoding, esmClass, payload);
        if (acknowledgement != null) {
            acknowledgement.journaled(true);
        }
    }
}
