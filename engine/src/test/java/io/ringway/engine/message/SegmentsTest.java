package io.ringway.engine.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentsTest {

    @Test
    void shouldCountGsmSegmentsAt160Then153() {
        assertThat(Segments.count(new byte[160], (byte) 0, (byte) 0)).isEqualTo(1);
        assertThat(Segments.count(new byte[161], (byte) 0, (byte) 0)).isEqualTo(2);
        assertThat(Segments.count(new byte[306], (byte) 0, (byte) 0)).isEqualTo(2);
        assertThat(Segments.count(new byte[307], (byte) 0, (byte) 0)).isEqualTo(3);
    }

    @Test
    void shouldCountUcs2SegmentsAt70Then67Characters() {
        assertThat(Segments.count(new byte[140], (byte) 8, (byte) 0)).isEqualTo(1);
        assertThat(Segments.count(new byte[142], (byte) 8, (byte) 0)).isEqualTo(2);
        assertThat(Segments.count(new byte[268], (byte) 8, (byte) 0)).isEqualTo(2);
        assertThat(Segments.count(new byte[270], (byte) 8, (byte) 0)).isEqualTo(3);
    }

    @Test
    void shouldCountBinarySegmentsAt140Then134Octets() {
        assertThat(Segments.count(new byte[140], (byte) 4, (byte) 0)).isEqualTo(1);
        assertThat(Segments.count(new byte[141], (byte) 4, (byte) 0)).isEqualTo(2);
        assertThat(Segments.count(new byte[141], (byte) 0xF5, (byte) 0)).isEqualTo(2);
    }

    @Test
    void shouldCountACustomerSplitPartAsOneSegment() {
        assertThat(Segments.count(new byte[140], (byte) 0, (byte) 0x40)).isEqualTo(1);
    }

    @Test
    void shouldFitACustomerSplitPartInOneSegmentWithItsHeader() {
        byte[] header = {0x05, 0x00, 0x03, 0x2A, 0x02, 0x01}; // six octets fill seven septets
        assertThat(Segments.fitsOneWithHeader(withHeader(header, 153), (byte) 0)).isTrue();
        assertThat(Segments.fitsOneWithHeader(withHeader(header, 154), (byte) 0)).isFalse();
        assertThat(Segments.fitsOneWithHeader(withHeader(header, 134), (byte) 8)).isTrue();
        assertThat(Segments.fitsOneWithHeader(withHeader(header, 135), (byte) 8)).isFalse();
        assertThat(Segments.fitsOneWithHeader(withHeader(header, 135), (byte) 0xF5)).isFalse();
        assertThat(Segments.fitsOneWithHeader(withHeader(header, 0), (byte) 4)).as("a header alone").isTrue();
    }

    @Test
    void shouldNotFitAPartWhoseHeaderRunsPastItsBody() {
        assertThat(Segments.fitsOneWithHeader(new byte[] {0x09, 'a', 'b'}, (byte) 0)).isFalse();
        assertThat(Segments.fitsOneWithHeader(new byte[] {0x05, 0x00, 0x03, 0x2A, 0x02}, (byte) 0)).isFalse();
        assertThat(Segments.fitsOneWithHeader(new byte[0], (byte) 0)).isFalse();
    }

    private static byte[] withHeader(byte[] header, int textLength) {
        byte[] body = new byte[header.length + textLength];
        System.arraycopy(header, 0, body, 0, header.length);
        return body;
    }

    @Test
    void shouldNeverSplitAGsmEscapePairSoAPartMayEndOneSeptetEarly() {
        byte[] body = TextEncoding.encode("a".repeat(152) + "€" + "b".repeat(152), TextEncoding.GSM);
        assertThat(body).hasSize(306);
        assertThat(Segments.partEnd(body, TextEncoding.GSM, 0)).isEqualTo(152);
        assertThat(body[152]).isEqualTo(TextEncoding.ESCAPE);
        assertThat(Segments.count(body, TextEncoding.GSM, (byte) 0)).isEqualTo(3);
        byte[] plain = TextEncoding.encode("a".repeat(151) + "[" + "b".repeat(153), TextEncoding.GSM);
        assertThat(Segments.partEnd(plain, TextEncoding.GSM, 0)).isEqualTo(153);
        assertThat(Segments.count(plain, TextEncoding.GSM, (byte) 0)).isEqualTo(2);
    }

    @Test
    void shouldNeverSplitASurrogatePairSoAnEmojiMovesToTheNextPart() {
        String text = "ş".repeat(66) + "\uD83D\uDE00" + "ğ".repeat(10);
        byte[] body = TextEncoding.encode(text, TextEncoding.UCS2);
        assertThat(Segments.partEnd(body, TextEncoding.UCS2, 0)).isEqualTo(132);
        assertThat(Segments.partEnd(body, TextEncoding.UCS2, 132)).isEqualTo(body.length);
        assertThat(Segments.count(body, TextEncoding.UCS2, (byte) 0)).isEqualTo(2);
    }

    @Test
    void shouldReadTheAlphabetOfEveryCodingGroup() {
        byte[] gsmFull = new byte[160];
        byte[] octetsOver = new byte[141];
        byte[] ucs2Full = new byte[140];
        // 8-bit data with a message class (general group, alphabet bits 01): 140 octets, not 160 septets
        for (int coding = 0x14; coding <= 0x17; coding++) {
            assertThat(Segments.count(octetsOver, (byte) coding, (byte) 0)).as("0x%02X", coding).isEqualTo(2);
        }
        // UCS-2 with a message-waiting indication: 70 characters
        for (int coding = 0xE0; coding <= 0xEF; coding++) {
            assertThat(Segments.count(new byte[142], (byte) coding, (byte) 0)).as("0x%02X", coding).isEqualTo(2);
            assertThat(Segments.count(ucs2Full, (byte) coding, (byte) 0)).as("0x%02X", coding).isEqualTo(1);
        }
        // GSM 7-bit in the general, automatic-deletion, indication and class groups: 160 septets
        for (int coding : new int[] {0x00, 0x01, 0x10, 0x13, 0x40, 0x43, 0xC0, 0xD5, 0xF0, 0xF3}) {
            assertThat(Segments.count(gsmFull, (byte) coding, (byte) 0)).as("0x%02X", coding).isEqualTo(1);
            assertThat(Segments.count(new byte[161], (byte) coding, (byte) 0)).as("0x%02X", coding).isEqualTo(2);
        }
        // UCS-2 and 8-bit in the automatic-deletion group, read like the general group
        assertThat(Segments.count(new byte[142], (byte) 0x48, (byte) 0)).isEqualTo(2);
        assertThat(Segments.count(octetsOver, (byte) 0x44, (byte) 0)).isEqualTo(2);
        // compressed text, reserved groups and SMPP's other alphabets (JIS, Cyrillic, Hebrew, Kanji): octets
        for (int coding : new int[] {0x03, 0x05, 0x06, 0x07, 0x0D, 0x0E, 0x20, 0x28, 0x80, 0xBF}) {
            assertThat(Segments.count(octetsOver, (byte) coding, (byte) 0)).as("0x%02X", coding).isEqualTo(2);
        }
    }

    @Test
    void shouldCountAndSplitUnderTheFirstRulesWhatWasAcceptedUnderThem() {
        byte[] body = new byte[170];
        // The first rules took 8-bit data with a class and UCS-2 with an indication for GSM 7-bit.
        assertThat(Segments.count(new byte[150], (byte) 0x15, (byte) 0, Segments.RULES_FIRST)).isEqualTo(1);
        assertThat(Segments.count(new byte[150], (byte) 0x15, (byte) 0, Segments.RULES_CURRENT)).isEqualTo(2);
        assertThat(Segments.partEnd(body, (byte) 0x15, 0, Segments.RULES_FIRST)).isEqualTo(153);
        assertThat(Segments.partEnd(body, (byte) 0x15, 0, Segments.RULES_CURRENT)).isEqualTo(134);
        assertThat(Segments.count(new byte[150], (byte) 0xE1, (byte) 0, Segments.RULES_FIRST)).isEqualTo(1);
        assertThat(Segments.count(new byte[150], (byte) 0xE1, (byte) 0, Segments.RULES_CURRENT)).isEqualTo(2);
        // What both rules agree on counts the same under either.
        for (int coding : new int[] {0x00, 0x02, 0x03, 0x04, 0x08, 0x18, 0xF4, 0xF0}) {
            for (int length : new int[] {70, 140, 141, 160, 161, 400}) {
                assertThat(Segments.count(new byte[length], (byte) coding, (byte) 0, Segments.RULES_FIRST))
                        .as("0x%02X, %d octets", coding, length)
                        .isEqualTo(Segments.count(new byte[length], (byte) coding, (byte) 0));
            }
        }
    }
}
