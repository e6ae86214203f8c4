package io.ringway.benchmarks.loadgen;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * What one connection counted and timed. Written only on the connection's event loop; the coordinator reads it
 * through a task on that loop ({@link #copy}) and merges the copies, so nothing here is shared or locked.
 * Latencies are in microseconds, up to an hour, to three significant digits.
 */
final class ConnectionStats {
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    long sent;
    /**
     * Answers by status (SMPP command_status, or HTTP status code): {@link #statusCount} distinct statuses in
     * arrival order. A run sees a handful, so a linear search beats any map and allocates nothing.
     */
    int[] statuses = new int[8];
    long[] statusAnswers = new long[8];
    int statusCount;
    long receipts;
    /** Receipts by message_state TLV value (SMPP 3.4 §5.3.2.35); index 0 when the TLV was absent. */
    final long[] receiptStates = new long[SmppWire.MESSAGE_STATES.length];
    /** Receipts whose message id no submit_sm_resp named (counted once the run has drained). */
    long unmatchedReceipts;
    /** Answers to no request in flight, or generic_nack, or a connection lost: always errors. */
    long protocolErrors;
    final Histogram responseMicros = new Histogram(HIGHEST_MICROS, 3);
    final Histogram receiptMicros = new Histogram(HIGHEST_MICROS, 3);

    void answered(int status, long latencyNanos) {
        count(status, 1);
        responseMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, latencyNanos / 1_000)));
    }

    void receipt(int messageState, long latencyNanos) {
        receipts++;
        receiptStates[messageState >= 0 && messageState < receiptStates.length ? messageState : 0]++;
        if (latencyNanos >= 0) {
            receiptMicros.recordValue(Math.min(HIGHEST_MICROS, latencyNanos / 1_000));
        } else {
            unmatchedReceipts++;
        }
    }

    /** A receipt that came before its response: counted now, timed by {@link #receiptTimed} when that arrives. */
    void receiptEarly(int messageState) {
        receipts++;
        receiptStates[messageState >= 0 && messageState < receiptStates.length ? messageState : 0]++;
    }

    void receiptTimed(long latencyNanos) {
        receiptMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, latencyNanos / 1_000)));
    }

    void reset() {
        sent = 0;
        statusCount = 0;
        receipts = 0;
        Arrays.fill(receiptStates, 0);
        unmatchedReceipts = 0;
        protocolErrors = 0;
        responseMicros.reset();
        receiptMicros.reset();
    }

    ConnectionStats copy() {
        ConnectionStats copy = new ConnectionStats();
        copy.add(this);
        return copy;
    }

    void add(ConnectionStats other) {
        sent += other.sent;
        for (int i = 0; i < other.statusCount; i++) {
            count(other.statuses[i], other.statusAnswers[i]);
        }
        receipts += other.receipts;
        for (int i = 0; i < receiptStates.length; i++) {
            receiptStates[i] += other.receiptStates[i];
        }
        unmatchedReceipts += other.unmatchedReceipts;
        protocolErrors += other.protocolErrors;
        responseMicros.add(other.responseMicros);
        receiptMicros.add(other.receiptMicros);
    }

    private void count(int status, long answers) {
        for (int i = 0; i < statusCount; i++) {
            if (statuses[i] == status) {
                statusAnswers[i] += answers;
                return;
            }
        }
        if (statusCount == statuses.length) {
            statuses = Arrays.copyOf(statuses, statusCount * 2);
            statusAnswers = Arrays.copyOf(statusAnswers, statusCount * 2);
        }
        statuses[statusCount] = status;
        statusAnswers[statusCount++] = answers;
    }

    /** Answers with {@code status}. */
    long answers(int status) {
        for (int i = 0; i < statusCount; i++) {
            if (statuses[i] == status) {
                return statusAnswers[i];
            }
        }
        return 0;
    }

    long answered() {
        long total = 0;
        for (int i = 0; i < statusCount; i++) {
            total += statusAnswers[i];
        }
        return total;
    }
}
