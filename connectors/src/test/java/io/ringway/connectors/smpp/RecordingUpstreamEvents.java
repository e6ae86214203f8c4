package io.ringway.connectors.smpp;

import io.ringway.engine.routing.ReportAcknowledgement;
import io.ringway.engine.routing.UpstreamEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine side of an upstream in tests: records every report, thread-safely, in the order received, and the
 * thread that made it. Like the engine, it takes a batch of reports at once ({@link #tryReport}) while it has
 * room ({@link #room}).
 */
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

    /** A message given back to routing ({@link UpstreamEvents#returned}). */
    record Returned(long messageId, String upstream) { }

    private final List<Submitted> submitted = new ArrayList<>();
    private final List<Failed> failed = new ArrayList<>();
    private final List<Returned> returned = new ArrayList<>();
    private final List<Receipt> receipts = new ArrayList<>();
    private final List<Integer> availability = new ArrayList<>();
    private final List<Inbound> inbound = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();
    private final List<String> order = new ArrayList<>();
    private volatile boolean room = true;
    /** While true, receipts' and MOs' acknowledgements wait in {@link #held} for the test to tell them. */
    private volatile boolean holdAcknowledgements;
    private final List<ReportAcknowledgement> held = new ArrayList<>();
    private volatile CountDownLatch availabilityGate;

    record Inbound(String upstream, String source, String destination, byte dataCoding, String text) { }

    /** Receipts' and MOs' acknowledgements are kept, not told, until {@link #tellHeld}: the journal is slow. */
    void holdAcknowledgements() {
        holdAcknowledgements = true;
    }

    /** Tells every acknowledgement kept so far whether its report was journaled; returns how many there were. */
    int tellHeld(boolean journaled) {
        List<ReportAcknowledgement> told;
        synchronized (this) {
            told = List.copyOf(held);
            held.clear();
        }
        told.forEach(acknowledgement -> acknowledgement.journaled(journaled));
        return told.size();
    }

    private void acknowledge(ReportAcknowledgement acknowledgement) {
        if (acknowledgement == null) {
            return;
        }
        if (holdAcknowledgements) {
            synchronized (this) {
                held.add(acknowledgement);
            }
        } else {
            acknowledgement.journaled(true);
        }
    }

    @Override
    public void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis,
                        ReportAcknowledgement acknowledgement) {
        receipt(upstream, upstreamMessageId, stat, errorCode, doneAtMillis);
        acknowledge(acknowledgement);
    }

    @Override
    public void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass,
                        byte[] payload, ReportAcknowledgement acknowledgement) {
        inbound(upstream, source, destination, dataCoding, esmClass, payload);
        acknowledge(acknowledgement);
    }

    /** Whether {@link #tryReport} takes batches (true at first) or answers that the engine has no room now. */
    void room(boolean room) {
        this.room = room;
    }

    /** Availability reports wait for {@code gate} before they are recorded (they hold up the reporter thread). */
    void holdAvailability(CountDownLatch gate) {
        this.availabilityGate = gate;
    }

    @Override
    public boolean tryReport(int count, Consumer<UpstreamEvents> reports) {
        if (!room) {
            return false;
        }
        int[] made = {0};
        reports.accept(new UpstreamEvents() {
            @Override
            public void submitted(long messageId, int part, String upstream, String upstreamMessageId) {
                counted().submitted(messageId, part, upstream, upstreamMessageId);
            }

            @Override
            public void submitFailed(long messageId, int part, String upstream, int commandStatus) {
                counted().submitFailed(messageId, part, upstream, commandStatus);
            }

            @Override
            public void returned(long messageId, String upstream) {
                counted().returned(messageId, upstream);
            }

            @Override
            public void availability(String upstream, int boundSessions) {
                counted().availability(upstream, boundSessions);
            }

            @Override
            public void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis) {
                counted().receipt(upstream, upstreamMessageId, stat, errorCode, doneAtMillis);
            }

            @Override
            public void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass,
                                byte[] payload) {
                counted().inbound(upstream, source, destination, dataCoding, esmClass, payload);
            }

            @Override
            public void receipt(String upstream, String upstreamMessageId, String stat, int errorCode,
                                long doneAtMillis, ReportAcknowledgement acknowledgement) {
                counted().receipt(upstream, upstreamMessageId, stat, errorCode, doneAtMillis, acknowledgement);
            }

            @Override
            public void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass,
                                byte[] payload, ReportAcknowledgement acknowledgement) {
                counted().inbound(upstream, source, destination, dataCoding, esmClass, payload, acknowledgement);
            }

            private UpstreamEvents counted() {
                if (++made[0] > count) {
                    throw new IllegalStateException("more reports than the " + count + " asked room for");
                }
                return RecordingUpstreamEvents.this;
            }
        });
        return true;
    }

    /** The names of the threads that made the reports, in order. */
    synchronized List<String> threads() {
        return List.copyOf(threads);
    }

    private void madeOn() {
        threads.add(Thread.currentThread().getName());
    }

    @Override
    public synchronized void inbound(String upstream, String source, String destination, byte dataCoding,
                                     byte esmClass, byte[] payload) {
        madeOn();
        inbound.add(new Inbound(upstream, source, destination, dataCoding,
                new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    synchronized List<Inbound> inbound() {
        return List.copyOf(inbound);
    }

    @Override
    public synchronized void submitted(long messageId, int part, String upstream, String upstreamMessageId) {
        madeOn();
        submitted.add(new Submitted(messageId, part, upstream, upstreamMessageId));
    }

    @Override
    public synchronized void submitFailed(long messageId, int part, String upstream, int commandStatus) {
        madeOn();
        failed.add(new Failed(messageId, part, upstream, commandStatus));
    }

    /** Recorded apart from {@link #failed}, though the engine takes it as a {@code submitFailed} (its default). */
    @Override
    public synchronized void returned(long messageId, String upstream) {
        madeOn();
        returned.add(new Returned(messageId, upstream));
        order.add("returned " + messageId);
    }

    @Override
    public void availability(String upstream, int boundSessions) {
        CountDownLatch gate = availabilityGate;
        try {
            if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            madeOn();
            availability.add(boundSessions);
            order.add("availability " + boundSessions);
        }
    }

    @Override
    public synchronized void receipt(String upstream, String upstreamMessageId, String stat, int errorCode,
                                     long doneAtMillis) {
        madeOn();
        receipts.add(new Receipt(upstream, upstreamMessageId, stat, errorCode, doneAtMillis));
    }

    synchronized List<Submitted> submitted() {
        return List.copyOf(submitted);
    }

    synchronized List<Failed> failed() {
        return List.copyOf(failed);
    }

    synchronized List<Returned> returned() {
        return List.copyOf(returned);
    }

    /** The availability and returned reports, in the order made ("availability 0", "returned 7"). */
    synchronized List<String> order() {
        return List.copyOf(order);
    }

    /** Bound sending sessions as reported, in order. */
    synchronized List<Integer> availability() {
        return List.copyOf(availability);
    }

    synchronized List<Receipt> receipts() {
        return List.copyOf(receipts);
    }
}
