package io.ringway.server.http;

import io.ringway.engine.customer.SubmitResponder;
import io.ringway.engine.message.IdempotencyKeys;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.Status;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recipients of one HTTP submission, each on its own ring event (the correlation is the recipient's index),
 * answered once every one has been decided. Refusals at the edge (ring full) count like the engine's.
 *
 * <p>Threading: results are written by the responder thread (or the event loop, for edge refusals), each slot by
 * one writer; the countdown's atomic decrement publishes them to whichever thread answers last, which then calls
 * the {@link Completion}.
 */
final class SubmissionBatch implements SubmitResponder {
    /** Builds the response once every recipient is decided. */
    interface Completion {
        void complete(SubmissionBatch batch);
    }

    final Exchange exchange;
    final String[] recipients;
    final long[] ids;
    final int[] parts;
    final long[] prices;
    final Status[] statuses;
    /** Send times of recipients answered from an earlier request with the same Idempotency-Key (0: not scheduled). */
    final long[] originalSendAt;
    /** Recipients answered from an earlier request with the same Idempotency-Key. */
    final boolean[] replayed;
    private final AtomicInteger undecided;
    private final Completion completion;

    SubmissionBatch(Exchange exchange, String[] recipients, Completion completion) {
        this.exchange = exchange;
        this.recipients = recipients;
        this.ids = new long[recipients.length];
        this.parts = new int[recipients.length];
        this.prices = new long[recipients.length];
        this.statuses = new Status[recipients.length];
        this.originalSendAt = new long[recipients.length];
        this.replayed = new boolean[recipients.length];
        this.undecided = new AtomicInteger(recipients.length);
        this.completion = completion;
    }

    /** Responder thread. */
    @Override
    public void accepted(int correlation, Message message) {
        ids[correlation] = message.id();
        parts[correlation] = message.segments();
        prices[correlation] = message.charge();
        decided(correlation, Status.OK);
    }

    /** Responder thread: a retry with the same Idempotency-Key and body gets the original's id, parts and price. */
    @Override
    public void replayed(int correlation, IdempotencyKeys.Original original) {
        ids[correlation] = original.messageId();
        parts[correlation] = original.segments();
        prices[correlation] = original.charge();
        originalSendAt[correlation] = original.sendAt();
        replayed[correlation] = true;
        decided(correlation, Status.OK);
    }

    /** True when at least one recipient was answered from an earlier request with the same Idempotency-Key. */
    boolean anyReplayed() {
        for (boolean one : replayed) {
            if (one) {
                return true;
            }
        }
        return false;
    }

    /** Responder thread; only reached when the message is not available. */
    @Override
    public void accepted(int correlation, long messageId) {
        ids[correlation] = messageId;
        decided(correlation, Status.OK);
    }

    /** Responder thread, or the event loop for refusals at the edge. */
    @Override
    public void rejected(int correlation, Status status) {
        decided(correlation, status);
    }

    /** The first refusal, or {@code null} when at least one recipient was accepted. */
    Status allRefusedWith() {
        Status first = null;
        for (Status status : statuses) {
            if (status == Status.OK) {
                return null;
            }
            if (first == null) {
                first = status;
            }
        }
        return first;
    }

    private void decided(int correlation, Status status) {
        statuses[correlation] = status;
        if (undecided.decrementAndGet() == 0) {
            completion.complete(this);
        }
    }
}
