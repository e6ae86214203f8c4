package io.ringway.engine.consent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentRegistryTest {
    private final ConsentRegistry registry = new ConsentRegistry();

    private static Consent consent(ConsentStatus status, long date) {
        return new Consent(status, date, ConsentSource.WEB, RecipientType.INDIVIDUAL);
    }

    @Test
    void shouldLetALaterOptOutWinOverAnOptIn() {
        registry.record("ACME", "905321234567", consent(ConsentStatus.OPT_IN, 100));
        registry.record("ACME", "+905321234567", consent(ConsentStatus.OPT_OUT, 200));
        assertThat(registry.find("ACME", "905321234567").status()).isEqualTo(ConsentStatus.OPT_OUT);
    }

    @Test
    void shouldKeepTheLatestConsentWhateverOrderRecordsArriveIn() {
        registry.record("ACME", "905321234567", consent(ConsentStatus.OPT_OUT, 200));
        assertThat(registry.record("ACME", "905321234567", consent(ConsentStatus.OPT_IN, 100)))
                .as("an older opt-in replayed from history").isFalse();
        assertThat(registry.find("ACME", "905321234567").status()).isEqualTo(ConsentStatus.OPT_OUT);
        assertThat(registry.record("ACME", "905321234567", consent(ConsentStatus.OPT_IN, 300))).isTrue();
        assertThat(registry.find("ACME", "905321234567").status()).isEqualTo(ConsentStatus.OPT_IN);
    }

    @Test
    void shouldLetAnOptOutWinOnTheSameDate() {
        registry.record("ACME", "905321234567", consent(ConsentStatus.OPT_OUT, 100));
        registry.record("ACME", "905321234567", consent(ConsentStatus.OPT_IN, 100));
        assertThat(registry.find("ACME", "905321234567").status()).isEqualTo(ConsentStatus.OPT_OUT);
    }

    @Test
    void shouldKeepConsentPerBrand() {
        registry.record("ACME", "905321234567", consent(ConsentStatus.OPT_IN, 100));
        assertThat(registry.find("OTHER", "905321234567")).isNull();
        assertThat(registry.find("ACME", "905321234568")).isNull();
        assertThat(registry.record("ACME", "not-a-number", consent(ConsentStatus.OPT_IN, 100))).isFalse();
        assertThat(registry.size()).isEqualTo(1);
    }
}
