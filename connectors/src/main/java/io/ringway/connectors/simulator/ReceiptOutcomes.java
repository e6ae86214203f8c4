package io.ringway.connectors.simulator;

import io.ringway.engine.message.MessageState;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Draws the final state of each simulated message from the configured weights. The generator is seeded and the
 * states are taken in name order (the configuration map has no stable order), so the same seed and the same
 * submissions give the same outcomes on every run. Simulator event loop only.
 */
final class ReceiptOutcomes {
    /** The {@code err:} code of every state but DELIVRD: any non-zero network error will do for a simulator. */
    static final int FAILURE_ERROR = 1;

    private final String[] states;
    private final int[] cumulativeWeights;
    private final int totalWeight;
    private final SplittableRandom random;

    ReceiptOutcomes(Map<String, Integer> weights, long seed) {
        Map<String, Integer> ordered = new TreeMap<>(weights);
        ordered.values().removeIf(weight -> weight <= 0);
        if (ordered.isEmpty()) {
            throw new IllegalArgumentException("at least one outcome weight must be above 0: " + weights);
        }
        states = ordered.keySet().toArray(new String[0]);
        cumulativeWeights = new int[states.length];
        int sum = 0;
        for (int i = 0; i < states.length; i++) {
            sum += ordered.get(states[i]);
            cumulativeWeights[i] = sum;
        }
        totalWeight = sum;
        random = new SplittableRandom(seed);
    }

    /** The {@code stat:} word of the next message's receipt. */
    String next() {
        int draw = random.nextInt(totalWeight);
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (draw < cumulativeWeights[i]) {
                return states[i];
            }
        }
        return states[states.length - 1];
    }

    static int errorCode(String stat) {
        return "DELIVRD".equals(stat) ? 0 : FAILURE_ERROR;
    }

    /** The SMPP 3.4 §5.2.28 {@code message_state} value of a receipt {@code stat:} word. */
    static byte messageState(String stat) {
        if ("ACCEPTD".equals(stat)) {
            return (byte) MessageState.ACCEPTED.smppMessageState();
        }
        MessageState state = MessageState.fromReceiptStat(stat);
        return (byte) (state != null ? state : MessageState.UNKNOWN).smppMessageState();
    }
}
