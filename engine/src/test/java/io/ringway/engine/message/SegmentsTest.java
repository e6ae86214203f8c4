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
}
