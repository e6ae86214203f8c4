package io.ringway.engine.journal;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RecordWriter} must lay out every primitive exactly as Chronicle Bytes does, because the journal reads
 * records back through Chronicle Bytes ({@link EventCodec#read}).
 */
class RecordWriterTest {

    @Test
    void shouldWriteStopBitsAsChronicleDoes() {
        long[] values = {0, 1, 127, 128, 16_383, 16_384, -1, -2, -128, -129, Integer.MAX_VALUE, Integer.MIN_VALUE,
                Long.MAX_VALUE, Long.MIN_VALUE, 1_700_000_060_000L, 3_600_000};
        for (long value : values) {
            assertSameOctets(value, (writer, v) -> writer.stopBit(v), (bytes, v) -> bytes.writeStopBit(v));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            assertSameOctets(value, (writer, v) -> writer.stopBit(v), (bytes, v) -> bytes.writeStopBit(v));
        }
    }

    @Test
    void shouldWriteIntegersLongsAndBooleansAsChronicleDoes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1_000; i++) {
            long value = random.nextLong();
            assertSameOctets(value, (writer, v) -> writer.writeLong(v), (bytes, v) -> bytes.writeLong(v));
            assertSameOctets((int) value, (writer, v) -> writer.writeInt(v), (bytes, v) -> bytes.writeInt(v));
            assertSameOctets((byte) value, (writer, v) -> writer.writeByte(v), (bytes, v) -> bytes.writeByte(v));
        }
        assertSameOctets(true, (writer, v) -> writer.writeBoolean(v), (bytes, v) -> bytes.writeBoolean(v));
        assertSameOctets(false, (writer, v) -> writer.writeBoolean(v), (bytes, v) -> bytes.writeBoolean(v));
    }

    @Test
    void shouldWriteTextsAsChronicleDoesWhateverTheirCharacters() {
        String[] texts = {null, "", "acme", "905321234567", "Şifreniz 4711, İYS: ğüöç", "کد تایید شما ۱۲۳۴",
                "Ваш код: 4711", "Kod: zażółć gęślą jaźń", "emoji 😀 and € sign", "\u0000\u007F\u0080\u07FF\u0800\uFFFF",
                "x".repeat(127), "y".repeat(128), "z".repeat(20_000), "ü".repeat(70)};
        for (String text : texts) {
            assertSameOctets(text, RecordWriter::utf8, (bytes, v) -> bytes.writeUtf8(v));
        }
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(300)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
            }
            assertSameOctets(new String(chars), RecordWriter::utf8, (bytes, v) -> bytes.writeUtf8(v));
        }
    }

    @Test
    void shouldGrowForLargeRecordsAndStartAfreshOnReset() {
        RecordWriter writer = new RecordWriter();
        byte[] payload = new byte[70_000];
        Arrays.fill(payload, (byte) 7);
        writer.writeByte(1);
        writer.write(payload);
        assertThat(writer.size()).isEqualTo(70_001);
        assertThat(writer.array()[70_000]).isEqualTo((byte) 7);

        writer.reset();
        writer.writeInt(0x01020304);
        assertThat(writer.size()).isEqualTo(4);
        assertThat(Arrays.copyOf(writer.array(), 4)).containsExactly(4, 3, 2, 1);
    }

    private static <T> void assertSameOctets(T value, BiConsumer<RecordWriter, T> ours,
                                             BiConsumer<Bytes<?>, T> chronicle) {
        RecordWriter writer = new RecordWriter();
        ours.accept(writer, value);
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(64);
        chronicle.accept(bytes, value);
        assertThat(Arrays.copyOf(writer.array(), writer.size()))
                .as("octets of %s", value)
                .containsExactly(bytes.toByteArray());
    }
}
