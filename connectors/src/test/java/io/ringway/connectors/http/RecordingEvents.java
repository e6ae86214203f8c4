package io.ringway.connectors.http;

import io.ringway.engine.routing.ReportAcknowledgement;
import io.ringway.engine.routing.UpstreamEvents;

import java.util.ArrayList;
import java.util.List;

/** The engine side of an HTTP upstream in tests: records every report, thread-safely, in the order received. */
final class RecordingEvents implements UpstreamEvents {
    record Submitted(long messageId, int part, String upstream, String upstreamMessageId) { }

    record Failed(long messageId, int part, String upstream, int commandStatus) { }

    record Receipt(String upstream, String upstreamMessageId, String stat, int errorCode) { }

    private final List<Submitted> submitted = new ArrayList<>();
    private final List<Failed> failed = new ArrayList<>();
    private final List<Receipt> receipts = new ArrayList<>();
    private final List<Integer> availability = new ArrayList<>();
    private final List<Object> all = new ArrayList<>();
    /** How many receipts more the journal refuses (their acknowledgement is told false). */
    private int refuse;

    /** The next {@code receipts} receipts are refused by the journal. */
    synchronized void refuseReceipts(int receipts) {
        refuse = receipts;
    }

    @Override
    public void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis,
                        ReportAcknowledgement acknowledgement) {
        boolean journaled;
        synchronized (this) {
            journaled = refuse == 0;
            if (journaled) {
                receipt(upstream, upstreamMessageId, stat, errorCode, doneAtMillis);
            } else {
                refuse--;
            }
        }
        acknowledgement.journaled(journaled);
    }

    @Override
    public synchronized void submitted(long messageId, int part, String upstream, String upstreamMessageId) {
        submitted.add(new Submitted(messageId, part, upstream, upstreamMessageId));
        all.add(submitted.get(submitted.size() - 1));
    }

    @Override
    public synchronized void submitFailed(long messageId, int part, String upstream, int commandStatus) {
        failed.add(new Failed(messageId, part, upstream, commandStatus));
    }

    @Override
    public synchronized void availability(String upstream, int boundSessions) {
        availability.add(boundSessions);
    }

    @Override
    public synchronized void receipt(String upstream, String upstreamMessageId, String stat, int errorCode,
                                     long doneAtMillis) {
        receipts.add(new Receipt(upstream, upstreamMessageId, stat, errorCode));
        all.add(receipts.get(receipts.size() - 1));
    }

    @Override
    public void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass,
                        byte[] payload) {
        throw new AssertionError("HTTP upstreams report no inbound messages");
    }

    synchronized List<Submitted> submitted() {
        return List.copyOf(submitted);
    }

    synchronized List<Failed> failed() {
        return List.copyOf(failed);
    }

    synchronized List<Receipt> receipts() {
        return List.copyOf(receipts);
    }

    /** Acknowledgements and receipts, in the order reported. */
    synchronized List<Object> all() {
        return List.copyOf(all);
    }

    synchronized List<Integer> availability() {
        return List.copyOf(availability);
    }
}
