package io.ringway.server.smpp;

import io.ringway.engine.message.Message;
import io.ringway.engine.routing.Upstream;
import io.ringway.engine.routing.UpstreamEvents;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the SMPP connector in server tests: records each message, acknowledges it at once as
 * {@code "U" + id} and reports a DELIVRD receipt for it a little later, both from its own thread (the dispatcher
 * must never wait on an upstream).
 */
final class RecordingUpstream implements Upstream {
    static final String NAME = "up";
    private static final long RECEIPT_DELAY_MILLIS = 50;

    private final UpstreamEvents events;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-upstream");
        thread.setDaemon(true);
        return thread;
    });
    final List<Message> messages = new CopyOnWriteArrayList<>();

    RecordingUpstream(UpstreamEvents events) {
        this.events = events;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public void submit(Message message) {
        messages.add(message);
        String upstreamId = "U" + message.id();
        worker.execute(() -> events.submitted(message.id(), NAME, upstreamId));
        worker.schedule(() -> events.receipt(NAME, upstreamId, "DELIVRD", 0, System.currentTimeMillis()),
                RECEIPT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
