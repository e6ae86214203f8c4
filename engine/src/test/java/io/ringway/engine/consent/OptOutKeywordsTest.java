package io.ringway.engine.consent;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OptOutKeywordsTest {
    private final OptOutKeywords keywords = new OptOutKeywords(List.of("STOP", "IPTAL", "RET"));

    @Test
    void shouldRecogniseTheFirstWordWithoutCaseIncludingTurkishCapitalsAndDotlessI() {
        assertThat(keywords.matches("STOP")).isTrue();
        assertThat(keywords.matches("  stop.")).isTrue();
        assertThat(keywords.matches("iptal")).isTrue();
        assertThat(keywords.matches("İPTAL")).isTrue();
        assertThat(keywords.matches("ıptal!")).isTrue();
        assertThat(keywords.matches("RET RINGWAY")).isTrue();
    }

    @Test
    void shouldNotMatchKeywordsInsideOtherWordsOrLaterInTheText() {
        assertThat(keywords.matches("stopover tomorrow")).isFalse();
        assertThat(keywords.matches("please stop")).isFalse();
        assertThat(keywords.matches("")).isFalse();
        assertThat(keywords.matches(null)).isFalse();
    }
}
