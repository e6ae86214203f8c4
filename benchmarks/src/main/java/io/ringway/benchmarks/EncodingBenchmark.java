package io.ringway.benchmarks;

import io.ringway.engine.message.Segments;
import io.ringway.engine.message.TextEncoding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Text to body and segment count, as the HTTP edge does for every message: {@link TextEncoding#cheapest} picks
 * the data_coding, {@link TextEncoding#encode} makes the octets and {@link Segments#count} the number of parts
 * the message is charged for. One operation is all three for one text, cycled from {@link SampleTraffic#SIZE}
 * seeded texts of each {@link Shape}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.EXPORT_MISC, ForkArgs.EXPORT_REF, ForkArgs.EXPORT_UTIL,
        ForkArgs.EXPORT_NIO, ForkArgs.EXPORT_UNSAFE, ForkArgs.OPEN_LANG, ForkArgs.OPEN_REFLECT, ForkArgs.OPEN_IO,
        ForkArgs.OPEN_UTIL, ForkArgs.NO_ANALYTICS, ForkArgs.HEAP, ForkArgs.HEAP_START})
@State(Scope.Thread)
public class EncodingBenchmark {
    /** The texts customers send most, and the two that force UCS-2. */
    public enum Shape {
        /** One-time passwords of 24-37 characters: GSM, one segment. */
        OTP,
        /** 160 characters of GSM text; one in eight ends in € (two septets), which makes it two segments. */
        GSM_160,
        /** Turkish with ş, ğ, ı, İ: UCS-2, 40-120 characters, one or two segments. */
        TURKISH_UCS2,
        /** An OTP with an emoji (a surrogate pair): UCS-2, one segment. */
        EMOJI
    }

    private static final String[] TURKISH = {
            "Siparişiniz kargoya verildi, yarın teslim edilecek.",
            "Doğrulama kodunuz %06d. Kimseyle paylaşmayın.",
            "İşleminiz onaylandı; ödemeniz alındı, teşekkür ederiz.",
            "Randevunuz Pazartesi 10:30'da. Değiştirmek için ığdır şubemizi arayın.",
    };
    private static final String[] EMOJI = {"\uD83D\uDD10", "\u2705", "\uD83D\uDE80", "\uD83D\uDCE6"};

    @Param
    public Shape shape;

    String[] texts;
    private int next;

    @Setup
    public void buildTexts() {
        SplittableRandom random = new SplittableRandom(61);
        String[] otps = SampleTraffic.otpTexts(SampleTraffic.SIZE, 62);
        String[] full = SampleTraffic.fullTexts(SampleTraffic.SIZE, 63);
        texts = new String[SampleTraffic.SIZE];
        for (int i = 0; i < SampleTraffic.SIZE; i++) {
            texts[i] = switch (shape) {
                case OTP -> otps[i];
                case GSM_160 -> (i & 7) == 0 ? full[i].substring(0, 159) + "€" : full[i];
                case TURKISH_UCS2 -> {
                    String sentence = TURKISH[random.nextInt(TURKISH.length)].formatted(random.nextInt(1_000_000));
                    yield random.nextBoolean() ? sentence : sentence + " " + TURKISH[random.nextInt(TURKISH.length)];
                }
                case EMOJI -> EMOJI[random.nextInt(EMOJI.length)] + " " + otps[i];
            };
        }
    }

    @Benchmark
    public int cheapestEncodeAndCount() {
        String text = texts[next++ & SampleTraffic.MASK];
        byte coding = TextEncoding.cheapest(text);
        byte[] body = TextEncoding.encode(text, coding);
        return Segments.count(body, coding, (byte) 0);
    }
}
