package io.ringway.engine.message;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageIdMapTest {

    @Test
    void shouldKeepRecentIdsAndMoveOnesStillPresentOutOfTheWindowAside() {
        MessageIdMap<String> map = new MessageIdMap<>(4);
        for (long id = 1; id <= 4; id++) {
            map.put(id, "m" + id);
        }
        map.remove(2);
        // 5 and 6 take the slots of 1 (still present: moved aside) and 2 (removed)
        map.put(5, "m5");
        map.put(6, "m6");
        assertThat(map.get(1)).isEqualTo("m1");
        assertThat(map.get(2)).isNull();
        assertThat(map.get(5)).isEqualTo("m5");
        assertThat(map.size()).isEqualTo(5);

        // an id older than the window, put late (a receipt owed for a message accepted long ago)
        map.put(2, "late");
        assertThat(map.get(2)).isEqualTo("late");
        assertThat(map.get(6)).isEqualTo("m6");
        assertThat(map.put(1, "again")).isEqualTo("m1");
        assertThat(map.remove(1)).isEqualTo("again");
        assertThat(map.remove(1)).isNull();
        assertThat(map.size()).isEqualTo(5);
    }

    @Test
    void shouldBehaveAsAMapUnderRandomTrafficOfIdsIssuedInSequence() {
        SplittableRandom random = new SplittableRandom(17);
        for (int window : new int[] {2, 8, 64}) {
            MessageIdMap<Long> map = new MessageIdMap<>(window);
            Map<Long, Long> reference = new HashMap<>();
            List<Long> present = new ArrayList<>();
            long next = 1;
            for (int step = 0; step < 200_000; step++) {
                int action = random.nextInt(10);
                if (action < 4) { // a new message
                    long id = next++;
                    assertThat(map.put(id, id * 10)).isEqualTo(reference.put(id, id * 10));
                    present.add(id);
                } else if (action < 7 && !present.isEmpty()) { // one finishes, usually an old one
                    int index = random.nextInt(10) < 8 ? random.nextInt(Math.min(present.size(), 4))
                            : random.nextInt(present.size());
                    long id = present.remove(index);
                    assertThat(map.remove(id)).isEqualTo(reference.remove(id));
                } else if (action < 9) { // a look-up, sometimes of an id never issued or long gone
                    long id = 1 + random.nextLong(next + 5);
                    assertThat(map.get(id)).isEqualTo(reference.get(id));
                } else { // a value replaced, or an old id put again
                    long id = 1 + random.nextLong(next);
                    long value = random.nextLong(1_000);
                    boolean was = reference.containsKey(id);
                    assertThat(map.put(id, value)).isEqualTo(reference.put(id, value));
                    if (!was) {
                        present.add(id);
                    }
                }
                assertThat(map.size()).isEqualTo(reference.size());
            }
            Map<Long, Long> all = new HashMap<>();
            map.forEachValue(value -> all.merge(value, 1L, Long::sum));
            Map<Long, Long> expected = new HashMap<>();
            reference.values().forEach(value -> expected.merge(value, 1L, Long::sum));
            assertThat(all).isEqualTo(expected);
            Map<Long, Long> entries = new HashMap<>();
            map.forEach((id, value) -> assertThat(entries.put(id, value)).as("id %d once", id).isNull());
            assertThat(entries).isEqualTo(reference);
        }
    }

    @Test
    void shouldRefuseWindowsThatAreNotPowersOfTwoAndNegativeIdsOrNullValues() {
        assertThatThrownBy(() -> new MessageIdMap<String>(12)).isInstanceOf(IllegalArgumentException.class);
        MessageIdMap<String> map = new MessageIdMap<>(8);
        assertThatThrownBy(() -> map.put(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.put(1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(map.get(0)).isNull();
        assertThat(map.isEmpty()).isTrue();
    }
}
