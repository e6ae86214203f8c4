package io.ringway.benchmarks;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.billing.Ledger;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.billing.Wallet;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.TextEncoding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Rating on the business-logic thread: what a message costs in {@link Ledger} between its submission and its
 * receipt, on a realistic tariff.
 *
 * <ul>
 *   <li>{@code reserveAndClose}: {@link Ledger#reserve} for a customer of a reseller (both levels priced from
 *       their own lists, longest prefix match in each, all-or-nothing reservation) and then {@link Ledger#close}
 *       with the simulator's outcome mix (95% DELIVERED settled, 5% UNDELIVERABLE refunded at both levels).
 *       One operation is one message's whole money path; {@code -prof gc} shows what it allocates.</li>
 *   <li>{@code price}: {@link Ledger#price} alone, the digit-trie lookup and the multiplication.</li>
 * </ul>
 *
 * Price lists hold {@value #PREFIXES} prefixes each (every country code of the sample traffic, its mobile
 * ranges and thousands of operator-length prefixes around them); destinations, lengths (1 to 3 segments, GSM
 * and UCS-2) and outcomes are cycled from {@link SampleTraffic#SIZE} seeded values.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.EXPORT_MISC, ForkArgs.EXPORT_REF, ForkArgs.EXPORT_UTIL,
        ForkArgs.EXPORT_NIO, ForkArgs.EXPORT_UNSAFE, ForkArgs.OPEN_LANG, ForkArgs.OPEN_REFLECT, ForkArgs.OPEN_IO,
        ForkArgs.OPEN_UTIL, ForkArgs.NO_ANALYTICS, ForkArgs.HEAP, ForkArgs.HEAP_START})
@State(Scope.Thread)
public class RatingBenchmark {
    static final int PREFIXES = 3_000;
    private static final long EPOCH_MILLIS = 1_776_000_000_000L;

    Ledger ledger;
    Wallet customer;
    private String[] destinations;
    private int[] segments;
    private MessageState[] outcomes;
    private long messageId;
    private int next;

    @Setup
    public void buildLedger() {
        destinations = SampleTraffic.destinations(SampleTraffic.SIZE, 51);
        RingwayConfig config = ConfigLoader.parse("rating.yaml", """
                price-lists:
                  - name: wholesale
                    prefixes: %1$s
                  - name: retail
                    default: "0.0900"
                    prefixes: %2$s
                accounts:
                  - system-id: reseller
                    password-hash: %3$s
                    price-list: wholesale
                    balance: "1000000000"
                  - system-id: acme
                    password-hash: %3$s
                    parent: reseller
                    price-list: retail
                    coefficient: "1.15"
                    balance: "1000000000"
                upstreams:
                  - name: sim
                    host: 127.0.0.1
                    system-id: ringway
                """.formatted(prefixes(destinations, 52, 0.004), prefixes(destinations, 53, 0.006),
                PasswordHasher.hash("unused", 1_000)));
        ledger = Ledger.fromConfig(config, MovementListener.NONE);
        customer = ledger.wallet("acme");
        segments = new int[SampleTraffic.SIZE];
        outcomes = new MessageState[SampleTraffic.SIZE];
        String[] otps = SampleTraffic.otpTexts(SampleTraffic.SIZE, 54);
        String[] texts = SampleTraffic.fullTexts(SampleTraffic.SIZE, 55);
        for (int i = 0; i < SampleTraffic.SIZE; i++) {
            String text = switch (i % 8) {
                case 5 -> texts[i];                                  // 160 GSM characters: 1 segment
                case 6 -> texts[i] + " " + texts[(i + 1) & SampleTraffic.MASK]; // 321: 3 segments
                case 7 -> "Şifreniz " + otps[i];                      // Turkish: UCS-2
                default -> otps[i];
            };
            byte coding = TextEncoding.cheapest(text);
            segments[i] = Segments.count(TextEncoding.encode(text, coding), coding, (byte) 0);
            outcomes[i] = i % 20 == 0 ? MessageState.UNDELIVERABLE : MessageState.DELIVERED;
        }
    }

    @Benchmark
    public boolean reserveAndClose() {
        int k = next++ & SampleTraffic.MASK;
        long id = ++messageId;
        int outcome = ledger.reserve(customer, id, destinations[k], segments[k], EPOCH_MILLIS);
        return outcome == Ledger.RESERVED && ledger.close(id, outcomes[k], EPOCH_MILLIS);
    }

    @Benchmark
    public long price() {
        int k = next++ & SampleTraffic.MASK;
        return Ledger.price(customer, destinations[k], segments[k]);
    }

    /**
     * A YAML flow map of {@value #PREFIXES} prefixes: every 1-3 digit country code and 4-7 digit prefix of the
     * destinations (so lookups walk deep), then random operator prefixes under the same country codes.
     */
    static String prefixes(String[] destinations, long seed, double basePrice) {
        SplittableRandom random = new SplittableRandom(seed);
        TreeMap<String, String> prices = new TreeMap<>();
        for (String destination : destinations) {
            for (int length = 1; length <= 7 && prices.size() < PREFIXES / 2; length += 1 + random.nextInt(2)) {
                prices.put(destination.substring(0, length), price(random, basePrice));
            }
        }
        while (prices.size() < PREFIXES) {
            String destination = destinations[random.nextInt(destinations.length)];
            String prefix = destination.substring(0, 2 + random.nextInt(3)) + random.nextInt(1_000);
            prices.put(prefix, price(random, basePrice));
        }
        StringBuilder yaml = new StringBuilder(PREFIXES * 20).append('{');
        prices.forEach((prefix, price) -> yaml.append(yaml.length() == 1 ? "" : ", ")
                .append('"').append(prefix).append("\": \"").append(price).append('"'));
        return yaml.append('}').toString();
    }

    private static String price(SplittableRandom random, double basePrice) {
        return String.format(Locale.ROOT, "%.4f", basePrice + random.nextInt(90) / 1_000.0);
    }
}
