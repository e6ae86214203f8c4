package io.ringway.engine.ring;

import io.ringway.engine.message.Message;
import io.ringway.engine.routing.Upstream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for a connector: records what the dispatcher hands over; the test reports outcomes itself. */
final class RecordingUpstream implements Upstream {
    final List<Message> submitted = new CopyOnWriteArrayList<>();
    private final String name;
    volatile RuntimeException failOnNext;

    RecordingUpstream(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
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
        RuntimeException failure = failOnNext;
        if (failure != null) {
            failOnNext = null;
            throw failure;
        }
        submitted.add(message);
    }

    @Override
    public void close() {
    }
}
