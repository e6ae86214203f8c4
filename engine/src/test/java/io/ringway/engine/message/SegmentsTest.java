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
}
