package io.ringway.engine.consent;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentCsvImportTest {
    private static final long NOW = ConsentCsvImport.parseDate("2026-11-21 12:00:00");
    private final List<String> applied = new ArrayList<>();
    private final List<Long> progress = new ArrayList<>();

    private ConsentCsvImport.Result importCsv(String csv) {
        return ConsentCsvImport.read(new StringReader(csv), Set.of("ACME", "BETA")::contains, NOW,
                (line, msisdn, brand, status, date, source, type) ->
                        applied.add(msisdn + " " + brand + " " + status + " " + date + " " + source + " " + type),
                progress::add);
    }

    @Test
    void shouldApplyValidRowsAndReportEachInvalidRowWithItsLineAndReason() {
        ConsentCsvImport.Result result = importCsv("""
                msisdn,brand,status,date,source,type
                905321234567,ACME,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                +447700900123,BETA,RET,2026-02-01 09:30:00,HS_MESAJ,TACIR
                0532123,ACME,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                905321234568,NOPE,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                905321234569,ACME,MAYBE,2026-01-15,WEB,INDIVIDUAL
                905321234570,ACME,OPT_IN,2027-01-01,WEB,INDIVIDUAL
                905321234571,ACME,OPT_IN,15/01/2026,WEB,INDIVIDUAL
                905321234572,ACME,OPT_IN,2026-01-15,PIGEON,INDIVIDUAL
                905321234573,ACME,OPT_IN,2026-01-15,WEB,ROBOT
                905321234574,,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                "905321234575","ACME","ONAY","2026-01-15T08:00:00Z","call-centre","individual"
                """);
        assertThat(result.rows()).isEqualTo(11);
        assertThat(result.applied()).isEqualTo(3);
        assertThat(result.rejected()).isEqualTo(8);
        assertThat(applied).containsExactly(
                "905321234567 ACME OPT_IN 1768435200000 WEB INDIVIDUAL",
                "447700900123 BETA OPT_OUT 1769938200000 SMS MERCHANT",
                "905321234575 ACME OPT_IN 1768464000000 CALL_CENTRE INDIVIDUAL");
        assertThat(result.rejections()).containsExactly(
                new ConsentCsvImport.Rejection(4, "msisdn '0532123' is not an E.164 number"),
                new ConsentCsvImport.Rejection(5, "unknown brand 'NOPE'"),
                new ConsentCsvImport.Rejection(6, "status 'MAYBE' is not OPT_IN or OPT_OUT"),
                new ConsentCsvImport.Rejection(7, "date 2027-01-01 is in the future"),
                new ConsentCsvImport.Rejection(8, "date '15/01/2026' is not yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or ISO-8601"),
                new ConsentCsvImport.Rejection(9,
                        "source 'PIGEON' is not one of WEB, SMS, CALL_CENTRE, PHYSICAL, EMAIL, MOBILE_APP, OTHER"),
                new ConsentCsvImport.Rejection(10, "type 'ROBOT' is not INDIVIDUAL or MERCHANT"),
                new ConsentCsvImport.Rejection(11, "missing brand"));
        assertThat(progress).containsExactly(11L);
    }

    @Test
    void shouldReadAFileThatStartsWithAByteOrderMark() {
        ConsentCsvImport.Result result = importCsv("\uFEFFmsisdn,brand,status,date,source,type\n"
                + "905321234567,ACME,OPT_IN,2026-01-15,WEB,INDIVIDUAL\n");

        assertThat(result.applied()).isEqualTo(1);
        assertThat(result.rejected()).isZero();
    }

    @Test
    void shouldRejectARowWhoseDateEpochMillisecondsCannotHoldAndGoOn() {
        ConsentCsvImport.Result result = importCsv("""
                msisdn,brand,status,date,source,type
                905321234567,ACME,OPT_IN,-999999999-01-01T00:00:00Z,WEB,INDIVIDUAL
                905321234568,ACME,OPT_IN,+999999999-12-31T23:59:59Z,WEB,INDIVIDUAL
                905321234569,ACME,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                """);

        assertThat(result.applied()).isEqualTo(1);
        assertThat(applied).singleElement().asString().startsWith("905321234569 ");
        assertThat(result.rejections()).extracting(ConsentCsvImport.Rejection::line).containsExactly(2L, 3L);
    }

    @Test
    void shouldAcceptColumnsInAnyOrder() {
        ConsentCsvImport.Result result = importCsv("""
                type;source;date;status;brand;msisdn
                MERCHANT;SMS;2026-01-15;OPT_OUT;ACME;905321234567
                """);
        assertThat(result.applied()).isEqualTo(1);
        assertThat(applied).containsExactly("905321234567 ACME OPT_OUT 1768435200000 SMS MERCHANT");
    }

    @Test
    void shouldRefuseAFileWithoutTheRequiredHeader() {
        assertThatThrownBy(() -> importCsv("905321234567,ACME,OPT_IN,2026-01-15,WEB,INDIVIDUAL\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header has no 'msisdn' column");
        assertThatThrownBy(() -> importCsv("")).hasMessageContaining("empty file");
    }
}
