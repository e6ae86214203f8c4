package io.ringway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SMSC simulator: a real SMPP server standing in for the upstream operators we cannot reach.
 *
 * @param enabled           start it inside the engine process (the default configuration routes to it)
 * @param host              address to listen on
 * @param port              TCP port
 * @param systemId          system_id a client must bind with
 * @param password          password a client must bind with
 * @param responseLatency   delay before each submit_sm_resp
 * @param receiptDelay      delay between submit_sm_resp and the delivery receipt
 * @param outcomes          relative weights of the receipt final states (DELIVRD, UNDELIV, EXPIRED, REJECTD, ...)
 * @param throttlePerSecond answer ESME_RTHROTTLED above this many submit_sm per second; 0 is off
 * @param dropAfter         close the connection after this many submit_sm on it; 0 is off
 * @param seed              seed of the outcome generator, so that runs are repeatable
 * @param receiptWindow     deliver_sm receipts sent on one session and not yet answered (SMPP 3.4 §2.8); an SMSC
 *                          sends no more until earlier ones are answered, and Ringway answers a receipt only once it
 *                          is journaled, so the window bounds receipts per bind to about window / that time
 */
public record SimulatorConfig(
        boolean enabled,
        String host,
        int port,
        String systemId,
        String password,
        Duration responseLatency,
        Duration receiptDelay,
        Map<String, Integer> outcomes,
        int throttlePerSecond,
        int dropAfter,
        long seed,
        int receiptWindow) {

    /** {@link #receiptWindow} when the file does not say. */
    public static final int DEFAULT_RECEIPT_WINDOW = 512;

    /** A simulator with the default receipt window. */
    public SimulatorConfig(boolean enabled, String host, int port, String systemId, String password,
                           Duration responseLatency, Duration receiptDelay, Map<String, Integer> outcomes,
                           int throttlePerSecond, int dropAfter, long seed) {
        this(enabled, host, port, systemId, password, responseLatency, receiptDelay, outcomes, throttlePerSecond,
                dropAfter, seed, DEFAULT_RECEIPT_WINDOW);
    }

    /** The receipt states an SMSC can report (SMPP 3.4 Appendix B). */
    public static final java.util.Set<String> RECEIPT_STATES =
            java.util.Set.of("DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD");

    public SimulatorConfig {
        outcomes = Map.copyOf(outcomes);
    }

    static SimulatorConfig from(ConfigNode n) {
        Map<String, Integer> outcomes = n.has("outcomes")
                ? n.map("outcomes", (node, key) -> outcomeWeight(node, key))
                : defaultOutcomes();
        if (outcomes.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw n.error("outcomes", "at least one weight must be above 0");
        }
        SimulatorConfig config = new SimulatorConfig(
                n.bool("enabled", true),
                n.string("host", "127.0.0.1"),
                n.integer("port", 2776, 0, 65535),
                n.string("system-id", "ringway"),
                n.string("password", "sim-pass"),
                n.duration("response-latency", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5)),
                n.duration("receipt-delay", Duration.ofMillis(100), Duration.ZERO, Duration.ofDays(2)),
                outcomes,
                n.integer("throttle-per-second", 0, 0, 10_000_000),
                n.integer("drop-after", 0, 0, Integer.MAX_VALUE),
                n.longValue("seed", 42L, Long.MIN_VALUE, Long.MAX_VALUE),
                n.integer("receipt-window", DEFAULT_RECEIPT_WINDOW, 1, 65_536));
        n.finish();
        return config;
    }

    private static Integer outcomeWeight(ConfigNode outcomesNode, String state) {
        if (!RECEIPT_STATES.contains(state)) {
            throw outcomesNode.error(state, "unknown receipt state (use one of " + RECEIPT_STATES + ")");
        }
        return outcomesNode.integer(state, 0, 0, 1_000_000);
    }

    private static Map<String, Integer> defaultOutcomes() {
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        outcomes.put("DELIVRD", 95);
        outcomes.put("UNDELIV", 5);
        return outcomes;
    }
}
