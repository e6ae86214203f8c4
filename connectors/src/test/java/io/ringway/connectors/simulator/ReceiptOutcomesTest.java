package io.ringway.connectors.simulator;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiptOutcomesTest {
    @Test
    void shouldDrawTheSameSequenceForTheSameSeedWhateverTheMapOrder() {
        Map<String, Integer> oneOrder = new LinkedHashMap<>();
        oneOrder.put("DELIVRD", 5);
        oneOrder.put("UNDELIV", 3);
        oneOrder.put("EXPIRED", 2);
        Map<String, Integer> otherOrder = new LinkedHashMap<>();
        otherOrder.put("EXPIRED", 2);
        otherOrder.put("UNDELIV", 3);
        otherOrder.put("DELIVRD", 5);

        assertThat(draw(new ReceiptOutcomes(oneOrder, 99), 500)).isEqualTo(draw(new ReceiptOutcomes(otherOrder, 99), 500));
    }

    @Test
    void shouldFollowTheWeightsAndNeverDrawAZeroWeight() {
        ReceiptOutcomes outcomes = new ReceiptOutcomes(Map.of("DELIVRD", 9, "UNDELIV", 1, "REJECTD", 0), 5);

        Map<String, Integer> counts = new HashMap<>();
        draw(outcomes, 10_000).forEach(stat -> counts.merge(stat, 1, Integer::sum));

        assertThat(counts.keySet()).containsExactlyInAnyOrder("DELIVRD", "UNDELIV");
        assertThat(counts.get("DELIVRD")).isBetween(8_700, 9_300);
    }

    @Test
    void shouldRefuseWeightsThatAreAllZero() {
        assertThatThrownBy(() -> new ReceiptOutcomes(Map.of("DELIVRD", 0), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMapStatesToMessageStateAndErrorCodes() {
        assertThat(ReceiptOutcomes.messageState("DELIVRD")).isEqualTo((byte) 2);
        assertThat(ReceiptOutcomes.messageState("EXPIRED")).isEqualTo((byte) 3);
        assertThat(ReceiptOutcomes.messageState("DELETED")).isEqualTo((byte) 4);
        assertThat(ReceiptOutcomes.messageState("UNDELIV")).isEqualTo((byte) 5);
        assertThat(ReceiptOutcomes.messageState("ACCEPTD")).isEqualTo((byte) 6);
        assertThat(ReceiptOutcomes.messageState("UNKNOWN")).isEqualTo((byte) 7);
        assertThat(ReceiptOutcomes.messageState("REJECTD")).isEqualTo((byte) 8);
        assertThat(ReceiptOutcomes.errorCode("DELIVRD")).isZero();
        assertThat(ReceiptOutcomes.errorCode("UNDELIV")).isEqualTo(ReceiptOutcomes.FAILURE_ERROR);
    }

    private static List<String> draw(ReceiptOutcomes outcomes, int count) {
        return IntStream.range(0, count).mapToObj(i -> outcomes.next()).toList();
    }
}
