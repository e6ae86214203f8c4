package io.ringway.benchmarks.loadgen;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * The figures of one load run and their plain-text report: the measured window's counts, rates and latency
 * percentiles, then what was still outstanding once the drain gave up. The last line, {@code RESULT key=value
 * ...}, is for scripts ({@code run-smpp-comparison.sh} reads it).
 *
 * @param options          what was run
 * @param measuredNanos    length of the measured window
 * @param window           what the window counted
 * @param unanswered       requests still unanswered after the drain
 * @param receiptsMissing  accepted submissions whose receipt had not arrived after the drain (SMPP with --dlr)
 */
record LoadResult(LoadOptions options, long measuredNanos, ConnectionStats window, long unanswered,
                  long receiptsMissing) {

    boolean smpp() {
        return options.mode() == LoadOptions.Mode.SMPP;
    }

    /** Answers that mean accepted: SMPP ESME_ROK, HTTP 2xx. */
    long accepted() {
        if (smpp()) {
            return window.answers(0);
        }
        long ok = 0;
        for (int i = 0; i < window.statusCount; i++) {
            if (window.statuses[i] / 100 == 2) {
                ok += window.statusAnswers[i];
            }
        }
        return ok;
    }

    /** Answers other than accepted, protocol errors, and requests left unanswered. */
    long errors() {
        return window.answered() - accepted() + window.protocolErrors + unanswered;
    }

    double answersPerSecond() {
        return window.answered() * 1e9 / measuredNanos;
    }

    double receiptsPerSecond() {
        return window.receipts * 1e9 / measuredNanos;
    }

    String report() {
        StringBuilder out = new StringBuilder(1_024);
        String request = smpp() ? "submit_sm" : "POST /api/v1/messages";
        String answer = smpp() ? "submit_sm_resp" : "response";
        line(out, "Ringway load generator: %s %s:%d, %d %s x window %d, %s%s", smpp() ? "SMPP" : "HTTP",
                options.host(), options.port(), options.connections(), smpp() ? "binds" : "connections",
                options.window(), options.rate() > 0 ? "open loop at " + options.rate() + "/s" : "closed loop (max rate)",
                options.receipts() ? ", registered_delivery 1" : "");
        line(out, "warm-up %.1f s, measured %.2f s", options.warmup().toMillis() / 1e3, measuredNanos / 1e9);
        line(out, "%-22s %d %s", "sent", window.sent, request);
        line(out, "%-22s %d", "answered", window.answered());
        for (int i = 0; i < window.statusCount; i++) {
            int status = window.statuses[i];
            String name = smpp() ? "0x" + SmppLoadConnection.hex(status) + " " + SmppWire.statusName(status)
                    : "HTTP " + status;
            line(out, "  %-28s %d", name, window.statusAnswers[i]);
        }
        line(out, "%-22s %.0f", answer + "/s", answersPerSecond());
        if (options.receipts()) {
            StringBuilder states = new StringBuilder();
            for (int i = 0; i < window.receiptStates.length; i++) {
                if (window.receiptStates[i] > 0) {
                    states.append(states.length() == 0 ? "" : ", ").append(i == 0 ? "no message_state"
                            : SmppWire.MESSAGE_STATES[i]).append(' ').append(window.receiptStates[i]);
                }
            }
            line(out, "%-22s %d (%s); DLR/s %.0f", "receipts", window.receipts, states, receiptsPerSecond());
        }
        line(out, "latency %s -> %s, ms (%s)", request, answer, options.rate() > 0
                ? "open loop: from the intended send time, corrected for coordinated omission"
                : "closed loop: from the actual send; the load adapts to the server, so no coordinated-omission correction applies");
        percentiles(out, window.responseMicros);
        if (options.receipts()) {
            line(out, "latency submit_sm -> receipt, ms (includes the server's receipt delay)");
            percentiles(out, window.receiptMicros);
        }
        line(out, "%-22s %d (not accepted %d, protocol %d, unanswered after the drain %d)", "errors", errors(),
                window.answered() - accepted(), window.protocolErrors, unanswered);
        if (options.receipts()) {
            line(out, "%-22s %d missing after the drain; %d receipts named an unknown message id", "receipts owed",
                    receiptsMissing, window.unmatchedReceipts);
        }
        line(out, "RESULT mode=%s sent=%d answered=%d accepted=%d answers_per_s=%.0f dlr_per_s=%.0f p50_ms=%.3f "
                        + "p99_ms=%.3f p999_ms=%.3f max_ms=%.3f dlr_p50_ms=%.3f dlr_p99_ms=%.3f errors=%d",
                smpp() ? "smpp" : "http", window.sent, window.answered(), accepted(), answersPerSecond(),
                receiptsPerSecond(), ms(window.responseMicros, 50), ms(window.responseMicros, 99),
                ms(window.responseMicros, 99.9), window.responseMicros.getMaxValue() / 1e3,
                ms(window.receiptMicros, 50), ms(window.receiptMicros, 99), errors());
        return out.toString();
    }

    private static void percentiles(StringBuilder out, Histogram micros) {
        line(out, "  p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (%d samples)", ms(micros, 50), ms(micros, 99),
                ms(micros, 99.9), micros.getMaxValue() / 1e3, micros.getTotalCount());
    }

    private static double ms(Histogram micros, double percentile) {
        return micros.getValueAtPercentile(percentile) / 1e3;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
