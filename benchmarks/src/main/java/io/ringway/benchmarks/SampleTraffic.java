package io.ringway.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Reproducible, realistic message content for the benchmarks: E.164 destinations spread over the mobile ranges
 * of ten countries, alphanumeric senders, one-time-password texts of about 30 characters and full
 * 160-character texts. Seeded, so every fork of every run sees the same data; {@link #SIZE} distinct values
 * are cycled so that one message repeated forever cannot flatter caches, branch predictors or string interning.
 */
public final class SampleTraffic {
    /** Distinct values each benchmark cycles through; a power of two, so that {@link #MASK} picks the next. */
    public static final int SIZE = 512;
    public static final int MASK = SIZE - 1;
    /** The single account the engine benchmarks submit as. */
    static final String ACCOUNT = "acme";
    /** The single upstream the engine benchmarks route to. */
    static final String UPSTREAM = "sim";
    static final String SENDER = "RINGWAY";
    /** GSM 03.38 text fits a 160-character single-part message (SMPP data_coding 0). */
    public static final int SINGLE_PART_LENGTH = 160;

    /** Mobile prefix (country code included) and full E.164 length of the numbers drawn from it. */
    private static final String[][] MOBILE_RANGES = {
            {"90532", "12"}, {"90542", "12"}, {"90555", "12"},    // Turkey
            {"447700", "12"}, {"447911", "12"},                 // United Kingdom
            {"49151", "13"}, {"49176", "12"},                   // Germany
            {"336", "11"}, {"337", "11"},                       // France
            {"1212", "11"}, {"1415", "11"},                     // United States
            {"91987", "12"}, {"91700", "12"},                   // India
            {"234803", "13"}, {"234806", "13"},                 // Nigeria
            {"62812", "13"}, {"62857", "12"},                   // Indonesia
            {"55119", "13"},                                    // Brazil
            {"97150", "12"},                                    // United Arab Emirates
            {"8613", "13"},                                     // China
    };
    private static final String[] BRANDS = {"ACME", "PayFast", "Bilet", "ShopNow", "Kargo", "MyBank", "RideGo",
            "FoodHub", "Telco", "Medic"};
    private static final String[] OTP_TEMPLATES = {
            "Your %1$s code is %2$06d",
            "%2$06d is your %1$s login code",
            "%1$s: use %2$06d to verify. 5 min",
            "Code %2$06d for %1$s. Do not share",
    };
    private static final String[] SENTENCES = {
            "Dear customer, your order %d has been shipped and will arrive tomorrow between 9 and 13.",
            "Your %s account was charged 24.90 EUR on card ending 4417.",
            "Track the parcel at https://trk.example.com/%d any time.",
            "Reply STOP to stop messages from %s; standard rates apply.",
            "Your appointment is confirmed for Monday at 10:30, ref %d.",
            "Thank you for choosing %s. We hope to see you again soon.",
    };

    private SampleTraffic() {
    }

    /**
     * An engine configuration for benchmarks: journal in {@code journalDirectory}, one metered account with a
     * price list covering every destination above and a balance no run exhausts, so rating and reservation are
     * part of what is measured, and a brand ({@link #SENDER}) whose consent commercial messages need.
     */
    static io.ringway.config.RingwayConfig engineConfig(String journalDirectory, int ringSize, String waitStrategy) {
        return io.ringway.config.ConfigLoader.parse("benchmark.yaml", """
                journal:
                  directory: %s
                ring:
                  size: %d
                  wait-strategy: %s
                  max-queued-per-upstream: 100000000
                price-lists:
                  - name: benchmark
                    default: "0.0500"
                    prefixes: {"90": "0.0125", "905": "0.0100", "44": "0.0350", "447": "0.0300", "48": "0.0300",
                               "7": "0.0400", "98": "0.0450", "49": "0.0600", "1": "0.0090"}
                accounts:
                  - system-id: %s
                    password-hash: %s
                    price-list: benchmark
                    balance: "1000000000000"
                    brands: [{name: %s, senders: [%s]}]
                upstreams:
                  - name: %s
                    host: 127.0.0.1
                    system-id: ringway
                """.formatted(journalDirectory.replace('\\', '/'), ringSize, waitStrategy, ACCOUNT,
                io.ringway.engine.account.PasswordHasher.hash("unused", 1_000), SENDER, SENDER, UPSTREAM));
    }

    public static String[] destinations(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] numbers = new String[count];
        for (int i = 0; i < count; i++) {
            String[] range = MOBILE_RANGES[random.nextInt(MOBILE_RANGES.length)];
            StringBuilder number = new StringBuilder(range[0]);
            int length = Integer.parseInt(range[1]);
            while (number.length() < length) {
                number.append((char) ('0' + random.nextInt(10)));
            }
            numbers[i] = number.toString();
        }
        return numbers;
    }

    /** {@code count} one-time-password texts of 24 to 37 characters. */
    public static String[] otpTexts(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            String template = OTP_TEMPLATES[random.nextInt(OTP_TEMPLATES.length)];
            String brand = BRANDS[random.nextInt(BRANDS.length)];
            int code = random.nextInt(1_000_000);
            texts[i] = String.format(template, brand, code);
        }
        return texts;
    }

    /** {@code count} notification texts of exactly 160 characters. */
    public static String[] fullTexts(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder(2 * SINGLE_PART_LENGTH);
            while (text.length() < SINGLE_PART_LENGTH) {
                String sentence = SENTENCES[random.nextInt(SENTENCES.length)];
                Object argument = sentence.contains("%d") ? (Object) (100_000 + random.nextInt(900_000))
                        : BRANDS[random.nextInt(BRANDS.length)];
                text.append(String.format(sentence, argument)).append(' ');
            }
            texts[i] = text.substring(0, SINGLE_PART_LENGTH);
        }
        return texts;
    }

    /** An alphanumeric sender (brand name) per message. */
    /** {@link #SIZE} copies of {@code sender}, or varied senders when it is {@code *}. */
    public static String[] sendersOrOne(String sender, long seed) {
        if ("*".equals(sender)) {
            return senders(SIZE, seed);
        }
        String[] senders = new String[SIZE];
        java.util.Arrays.fill(senders, sender);
        return senders;
    }

    public static String[] senders(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] senders = new String[count];
        for (int i = 0; i < count; i++) {
            senders[i] = BRANDS[random.nextInt(BRANDS.length)];
        }
        return senders;
    }

    /** {@code count} distinct upstream message ids; SMSCs number messages their own way, ten hex digits is common. */
    static String[] upstreamMessageIds(int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = String.format("%010x", 0x3B9A_CA00L + i * 7_919L);
        }
        return ids;
    }

    /** Text as the octets of SMPP data_coding 0 (the texts are all ASCII, which GSM 03.38 and Latin-1 share). */
    public static byte[] octets(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
