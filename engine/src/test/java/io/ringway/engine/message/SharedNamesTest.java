package io.ringway.engine.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedNamesTest {
    private final SharedNames names = new SharedNames();

    @Test
    void shouldGiveTheFirstInstanceOfAnEqualName() {
        String first = new String("RINGWAY");
        String second = new String("RINGWAY");

        assertThat(names.share(first)).isSameAs(first);
        assertThat(names.share(second)).isSameAs(first);
        assertThat(names.share(new String("OTHER"))).isEqualTo("OTHER");
        assertThat(names.share(null)).isNull();
        assertThat(names.size()).isEqualTo(2);
    }

    @Test
    void shouldKeepNoMoreThanItsBoundAndStillAnswerEveryName() {
        for (int i = 0; i < SharedNames.MAX + 10; i++) {
            assertThat(names.share("90532" + i)).isEqualTo("90532" + i);
        }
        assertThat(names.size()).isEqualTo(SharedNames.MAX);
        String late = new String("late-sender");
        assertThat(names.share(late)).isSameAs(late);
        assertThat(names.share(new String("late-sender"))).isNotSameAs(late).isEqualTo(late);
        String early = names.share(new String("905320"));
        assertThat(names.share(new String("905320"))).isSameAs(early);
    }
}
