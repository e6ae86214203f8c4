package io.ringway.connectors.smpp;

import io.ringway.engine.routing.UpstreamEvents;

import java.util.ArrayList;
import java.util.List;

/** The engine side of an upstream in tests: records every report, thread-safely, in the order received. */
final class RecordingUpstreamEvents implements UpstreamEvents {
    record Submitted(long messageId, int part, String upstream, String upstreamMessageId) {
        Submitted(long messageId, String upstream, String upstreamMessageId) {
            this(messageId, 0, upstream, upstreamMessageId);
        }
    }

    record Failed(long messageId, int part, String upstream, int commandStatus) {
        Failed(long messageId, String upstream, int commandStatus) {
            this(messageId, 0, upstream, commandStatus);
        }
    }

    record Receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis) { }

    private final List<Submitted> submitted = new ArrayList<>();
    private final List<Failed> failed = new ArrayList<>();
    private final List<Receipt> receipts = new ArrayList<>();
    private final List<Integer> availability = new ArrayList<>();
    private final List<Inbound> inbound = new ArrayList<>();

    record Inbound(String upstream, String source, String destination, byte dataCoding, String text) { }

    @Override
    public synchronized void inbound(String upstream, String source, String destination, byte dataCoding,
                                     byte esmClass, byte[] payload) {
        inbound.add(new Inbound(upstream, source, destination, dataCoding,
                new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    synchronized List<Inbound> inbound() {
        return List.copyOf(inbound);
    }

    @Override
    public synchronized void submitted(long messageId, int part, String upstream, String upstreamMessageId) {
        submitted.add(new Submitted(messageId, part, upstream, upstreamMessageId));
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
        receipts.add(new Receipt(upstream, upstreamMessageId, stat, errorCode, doneAtMillis));
    }

    synchronized List<Submitted> submitted() {
        return List.copyOf(submitted);
    }

    synchronized List<Failed> failed() {
        return List.copyOf(failed);
    }

    /** Bound sending sessions as reported, in order. */
    synchronized List<Integer> availability() {
        return List.copyOf(availability);
    }

    synchronized List<Receipt> receipts() {
        return List.copyOf(receipts);
    }
}
