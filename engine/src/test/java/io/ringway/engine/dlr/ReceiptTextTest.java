package io.ringway.engine.dlr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptTextTest {

    @Test
    void shouldFormatTheAppendixBReceiptInUtc() {
        String text = ReceiptText.format("00000000000000ff", 1, 1, 1_700_000_000_000L, 1_700_000_060_000L,
                "DELIVRD", 0, "Your code is 1234");
        assertThat(text).isEqualTo("id:00000000000000ff sub:001 dlvrd:001 submit date:2311142213 "
                + "done date:2311142214 stat:DELIVRD err:000 text:Your code is 1234");
    }

    @Test
    void shouldFormatDatesAtDayMonthAndYearBoundaries() {
        long leapDayLastMinute = java.time.Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli();
        long newYear = java.time.Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
        assertThat(ReceiptText.format("x", 1, 1, leapDayLastMinute, newYear, "DELIVRD", 0, ""))
                .contains("submit date:2402292359 done date:3001010000");
    }

    @Test
    void shouldFormatDatesAsJavaTimeDoesAcrossCenturies() {
        java.time.format.DateTimeFormatter yyMMddHHmm = java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmm")
                .withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong(4_102_444_800_000L); // 1970 to 2100
            String expected = yyMMddHHmm.format(java.time.Instant.ofEpochMilli(millis));
            assertThat(ReceiptText.format("id", 0, 0, millis, millis, "DELIVRD", 0, null))
                    .isEqualTo("id:id sub:000 dlvrd:000 submit date:" + expected + " done date:" + expected
                            + " stat:DELIVRD err:000 text:");
        }
    }

    @Test
    void shouldClampCountsAndErrorsToThreeDigits() {
        assertThat(ReceiptText.format("x", -4, 1000, 0, 0, "UNDELIV", 7, "t"))
                .isEqualTo("id:x sub:000 dlvrd:999 submit date:7001010000 done date:7001010000 stat:UNDELIV err:007 text:t");
    }

    @Test
    void shouldReadFieldsFromReceiptsInTheDialectsSmscsSend() {
        ReceiptFields kannelStyle = read("id:1234567890 sub:001 dlvrd:000 submit date:2311142213 "
                + "done date:2311142214 stat:UNDELIV err:034 Text:hello");
        assertThat(kannelStyle.id()).isEqualTo("1234567890");
        assertThat(kannelStyle.stat()).isEqualTo("UNDELIV");
        assertThat(kannelStyle.error()).isEqualTo(34);

        ReceiptFields upperCase = read("ID:ab12 SUB:001 DLVRD:001 SUBMIT DATE:2311142213 DONE DATE:2311142214 "
                + "STAT:DELIVRD ERR:0");
        assertThat(upperCase.id()).isEqualTo("ab12");
        assertThat(upperCase.stat()).isEqualTo("DELIVRD");
        assertThat(upperCase.doneAt(0)).isEqualTo(java.time.Instant.parse("2023-11-14T22:14:00Z").toEpochMilli());
        assertThat(read("stat:DELIVRD").error()).isZero();
    }

    private static ReceiptFields read(String receipt) {
        return new ReceiptFields().read(receipt.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
