package io.ringway.server.smpp;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ValidityPeriodTest {
    private static final long NOW = Instant.parse("2026-11-21T12:00:00Z").toEpochMilli();

    @Test
    void shouldLeaveAnEmptyValidityToTheDefault() {
        assertThat(ValidityPeriod.millis(null, NOW)).isZero();
        assertThat(ValidityPeriod.millis("", NOW)).isZero();
    }

    @Test
    void shouldReadTheRelativeForm() {
        assertThat(ValidityPeriod.millis("000002030405000R", NOW))
                .isEqualTo(((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000L);
        assertThat(ValidityPeriod.millis("010100000000000R", NOW)).isEqualTo((365 + 30) * 86_400_000L);
    }

    @Test
    void shouldReadTheAbsoluteFormWithItsUtcOffset() {
        assertThat(ValidityPeriod.millis("261121130000000+", NOW)).as("13:00 UTC").isEqualTo(3_600_000);
        assertThat(ValidityPeriod.millis("261121150000008+", NOW)).as("15:00 at UTC+2").isEqualTo(3_600_000);
        assertThat(ValidityPeriod.millis("261121120000104-", NOW)).as("12:00:00.1 at UTC-1").isEqualTo(3_600_100);
        assertThat(ValidityPeriod.millis("270101000000000+", NOW))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli() - NOW);
    }

    @Test
    void shouldRefuseADateTheCalendarDoesNotHave() {
        assertThat(ValidityPeriod.millis("270231120000000+", NOW)).as("31 February").isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.millis("270229120000000+", NOW)).as("29 February 2027").isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.millis("261131120000000+", NOW)).as("31 November").isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.millis("280229120000000+", NOW))
                .isEqualTo(Instant.parse("2028-02-29T12:00:00Z").toEpochMilli() - NOW);
        assertThat(ValidityPeriod.delayMillis("270231120000000+", NOW)).isEqualTo(ValidityPeriod.INVALID);
    }

    @Test
    void shouldRefuseMalformedZeroAndPastValidities() {
        assertThat(ValidityPeriod.millis("000002030405000", NOW)).isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.millis("00000203040500xR", NOW)).isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.millis("000000000000000R", NOW)).isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.millis("261321130000000+", NOW)).isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.millis("261121110000000+", NOW)).as("past").isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.millis("261121130000000X", NOW)).isEqualTo(ValidityPeriod.INVALID);
    }

    @Test
    void shouldReadAScheduleDeliveryTimeAndDeliverAtOnceWhenItIsEmptyZeroOrReached() {
        assertThat(ValidityPeriod.delayMillis(null, NOW)).isZero();
        assertThat(ValidityPeriod.delayMillis("", NOW)).isZero();
        assertThat(ValidityPeriod.delayMillis("000000000000000R", NOW)).as("relative zero").isZero();
        assertThat(ValidityPeriod.delayMillis("261121110000000+", NOW)).as("absolute, already past").isZero();
        assertThat(ValidityPeriod.delayMillis("000000000130000R", NOW)).isEqualTo(90_000);
        assertThat(ValidityPeriod.delayMillis("261121150000008+", NOW)).as("15:00 at UTC+2").isEqualTo(3_600_000);
        assertThat(ValidityPeriod.delayMillis("2611211500000", NOW)).isEqualTo(ValidityPeriod.INVALID);
        assertThat(ValidityPeriod.delayMillis("261321130000000+", NOW)).isEqualTo(ValidityPeriod.INVALID);
    }
}
