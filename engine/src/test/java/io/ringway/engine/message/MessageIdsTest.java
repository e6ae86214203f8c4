package io.ringway.engine.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

    @Test
    void shouldFormatIdsAsSixteenHexDigitsAndParseThemBack() {
        assertThat(MessageIds.format(1)).isEqualTo("0000000000000001");
        assertThat(MessageIds.format(0xABCDEFL)).isEqualTo("0000000000abcdef");
        assertThat(MessageIds.parse("0000000000abcdef")).isEqualTo(0xABCDEFL);
        assertThat(MessageIds.parse(MessageIds.format(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldRejectTextThatIsNotAnId() {
        assertThat(MessageIds.parse("123")).isEqualTo(-1);
        assertThat(MessageIds.parse("000000000000000g")).isEqualTo(-1);
        assertThat(MessageIds.parse(null)).isEqualTo(-1);
        assertThat(MessageIds.isWellFormed("000000000000000g")).isFalse();
    }

    @Test
    void shouldTellAnIdInTheFormThatIsNeverIssuedFromTextThatIsNoId() {
        assertThat(MessageIds.parse("8000000000000000")).isZero();
        assertThat(MessageIds.parse("ffffffffffffffff")).isZero();
        assertThat(MessageIds.parse("0000000000000000")).isZero();
        assertThat(MessageIds.isWellFormed("ffffffffffffffff")).isTrue();
        assertThat(MessageIds.isWellFormed("FFFFFFFFFFFFFFFF")).isTrue();
    }
}
