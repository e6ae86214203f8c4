package io.ringway.engine.dlr;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptFieldsTest {
    private static final long NOW = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();

    @Test
    void shouldReadTheFieldsThatSettleAMessageInOnePass() {
        ReceiptFields fields = read("id:998877 sub:001 dlvrd:001 submit date:2502281159 done date:2502281201 "
                + "stat:UNDELIV err:034 text:hi");

        assertThat(fields.id()).isEqualTo("998877");
        assertThat(fields.stat()).isEqualTo("UNDELIV");
        assertThat(fields.error()).isEqualTo(34);
        assertThat(fields.doneAt(NOW)).isEqualTo(Instant.parse("2025-02-28T12:01:00Z").toEpochMilli());
    }

    @Test
    void shouldFindWhatReceiptTextFieldFindsInEveryDialect() {
        List<String> receipts = List.of(
                "id:1234567890 sub:001 dlvrd:000 submit date:2311142213 done date:2311142214 stat:UNDELIV err:034 Text:hello",
                "ID:ab12 SUB:001 DLVRD:001 SUBMIT DATE:2311142213 DONE DATE:2311142214 STAT:DELIVRD ERR:0",
                "id:  spaced   stat:  delivrd err:  7",
                "xid:1 id:2 stat:expired text:id:3 stat:DELIVRD",
                "stat: err: id: done date:",
                "text:stat:x id:9 stat:rejectd",
                "id:7 stat:Unknown err:1A done date:2402292359 ",
                "id:7 stat:weird err:-3 done date:2402302359",
                "id:7 stat:straße err:99999999999 done date:24022923591",
                "",
                "id:",
                "done date:250228120130");
        for (String receipt : receipts) {
            assertReadsAsTheReference(receipt);
        }
    }

    @Test
    void shouldFindWhatReceiptTextFieldFindsInRandomTexts() {
        String[] tokens = {"id:", "ID:", "iD:7", "stat:", "STAT:", "err:", "Err:", "done", "DONE", "date:",
                "done date:", "DONE DATE:", "done  date:", " ", " ", " ", "  ", "xid:1", "abc", "2311142214",
                "231114221405", "DELIVRD", "undeliv", "text:", "sub:001", "034", "1A", "-", "d", "s", "e", "i"};
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int t = random.nextInt(16); t > 0; t--) {
                text.append(tokens[random.nextInt(tokens.length)]);
            }
            assertReadsAsTheReference(text.toString());
        }
    }

    /** Every field {@link ReceiptFields} reads from {@code receipt} is what the String-based reference finds. */
    private static void assertReadsAsTheReference(String receipt) {
        ReceiptFields fields = read(receipt);
        String stat = ReceiptTextReference.field(receipt, "stat");
        assertThat(fields.id()).as(receipt).isEqualTo(ReceiptTextReference.field(receipt, "id"));
        assertThat(fields.stat()).as(receipt).isEqualTo(stat == null ? null : stat.toUpperCase(java.util.Locale.ROOT));
        assertThat(fields.error()).as(receipt).isEqualTo(ReceiptTextReference.error(receipt));
        assertThat(fields.doneAt(NOW)).as(receipt).isEqualTo(viaJavaTime(ReceiptTextReference.field(receipt, "done date")));
    }

    @Test
    void shouldShareTheUsualStatWords() {
        assertThat(read("stat:delivrd").stat()).isSameAs(read("stat:DELIVRD").stat()).isEqualTo("DELIVRD");
    }

    @Test
    void shouldReadDatesAsJavaTimeDoesAndFallBackWhereItRefuses() {
        List<String> dates = List.of("2502281201", "250228120130", "2402292359", "2302292359", "2513010000",
                "2500010000", "2504310000", "2504302400", "2504302360", "250430235960", "25043023", "25a4302359",
                "9912312359", "0001010000");
        for (String date : dates) {
            byte[] octets = date.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(ReceiptFields.utcMillis(octets, 0, octets.length, NOW)).as(date).isEqualTo(viaJavaTime(date));
        }
    }

    private static ReceiptFields read(String receipt) {
        return new ReceiptFields().read(receipt.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The reading before ReceiptFields, with java.time, as the reference. */
    private static long viaJavaTime(String date) {
        if (date == null || date.length() < 10 || !date.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return NOW;
        }
        int seconds = date.length() >= 12 ? Integer.parseInt(date.substring(10, 12)) : 0;
        try {
            return LocalDateTime.of(2000 + Integer.parseInt(date.substring(0, 2)), Integer.parseInt(date.substring(2, 4)),
                    Integer.parseInt(date.substring(4, 6)), Integer.parseInt(date.substring(6, 8)),
                    Integer.parseInt(date.substring(8, 10)), seconds).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return NOW;
        }
    }
}
