package io.ringway.engine.consent;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryAnswersSnapshotTest {
    private static final long TTL = 1_000;
    private static final int CAPACITY = 64;
    private static final String[] BRANDS = {"SHOPRETAIL", "ACME"};
    private static final int RECIPIENTS = 100;

    private long clock = 1_800_000_000_000L;

    @Test
    void shouldRestoreEveryAnswerAndWriteTheSameOctetsAgain() throws IOException {
        RegistryAnswers original = new RegistryAnswers(TTL, CAPACITY);
        randomPuts(new Random(5), 300).forEach(put -> put.applyTo(original));
        byte[] snapshot = snapshotOf(original);

        RegistryAnswers restored = restored(snapshot, CAPACITY);

        assertThat(snapshotOf(restored)).isEqualTo(snapshot);
        assertThat(restored.size()).isEqualTo(original.size()).isEqualTo(CAPACITY);
        for (long at : new long[] {clock, clock + TTL / 2, clock + TTL}) {
            assertThat(freshAnswers(restored, at)).isEqualTo(freshAnswers(original, at));
        }
        assertThat(freshAnswers(original, clock)).as("answers with and without a consent, and recipients to ask")
                .contains((RegistryAnswers.Answer) null)
                .anyMatch(answer -> answer != null && answer.consent() == null)
                .anyMatch(answer -> answer != null && answer.consent() != null);
    }

    @Test
    void shouldDropAndRefreshAnswersExactlyAsTheOriginalDoes() throws IOException {
        RegistryAnswers original = new RegistryAnswers(TTL, CAPACITY);
        randomPuts(new Random(8), 200).forEach(put -> put.applyTo(original));
        RegistryAnswers restored = restored(snapshotOf(original), CAPACITY);

        for (Put put : randomPuts(new Random(9), 150)) {
            put.applyTo(original);
            put.applyTo(restored);
            assertThat(freshAnswers(restored, put.at())).isEqualTo(freshAnswers(original, put.at()));
        }
        assertThat(snapshotOf(restored)).isEqualTo(snapshotOf(original));
    }

    @Test
    void shouldDropTheSameOldestAnswerAfterRestore() throws IOException {
        RegistryAnswers original = new RegistryAnswers(TTL, 3);
        original.put("SHOP", "905320000001", null, 100);
        original.put("SHOP", "905320000002", optIn(), 110);
        original.put("SHOP", "+905320000003", optIn(), 120);
        original.put("SHOP", "905320000001", optIn(), 130);
        RegistryAnswers restored = restored(snapshotOf(original), 3);

        original.put("SHOP", "905320000004", null, 140);
        restored.put("SHOP", "905320000004", null, 140);

        for (RegistryAnswers answers : List.of(original, restored)) {
            assertThat(answers.fresh("SHOP", "905320000002", 150)).as("the oldest answer, dropped").isNull();
            assertThat(answers.fresh("SHOP", "905320000001", 150))
                    .isEqualTo(new RegistryAnswers.Answer(optIn(), 130));
            assertThat(answers.fresh("SHOP", "+905320000003", 150))
                    .isEqualTo(new RegistryAnswers.Answer(optIn(), 120));
            assertThat(answers.fresh("SHOP", "905320000004", 150)).isEqualTo(new RegistryAnswers.Answer(null, 140));
        }
    }

    @Test
    void shouldRestoreAnEmptyCache() throws IOException {
        byte[] snapshot = snapshotOf(new RegistryAnswers(TTL, CAPACITY));

        RegistryAnswers restored = restored(snapshot, CAPACITY);

        assertThat(restored.size()).isZero();
        assertThat(snapshotOf(restored)).isEqualTo(snapshot);
    }

    @Test
    void shouldRefuseMoreAnswersThanTheCapacityRatherThanDropSome() throws IOException {
        RegistryAnswers original = new RegistryAnswers(TTL, 4);
        for (int i = 0; i < 4; i++) {
            original.put("SHOP", "90532000000" + i, optIn(), i);
        }
        byte[] snapshot = snapshotOf(original);

        assertThatThrownBy(() -> restored(snapshot, 3)).isInstanceOf(SnapshotFormatException.class)
                .hasMessage("4 registry answers, more than the capacity 3");
    }

    @Test
    void shouldFailOnEveryTruncation() throws IOException {
        RegistryAnswers original = new RegistryAnswers(TTL, CAPACITY);
        original.put("SHOP", "905320000001", null, 100);
        original.put("SHOP", "905320000002", optIn(), 110);
        byte[] snapshot = snapshotOf(original);

        for (int length = 0; length < snapshot.length; length++) {
            byte[] truncated = Arrays.copyOf(snapshot, length);
            assertThatThrownBy(() -> restored(truncated, CAPACITY)).as("cut at %d", length)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldFailOnAnUnknownRecipientType() throws IOException {
        RegistryAnswers original = new RegistryAnswers(TTL, CAPACITY);
        original.put("SHOP", "905320000002", optIn(), 110);
        byte[] snapshot = snapshotOf(original);
        snapshot[indexOf(snapshot, "INDIVIDUAL".getBytes(StandardCharsets.US_ASCII))] = 'X';

        assertThatThrownBy(() -> restored(snapshot, CAPACITY)).isInstanceOf(SnapshotFormatException.class)
                .hasMessage("RecipientType has no constant XNDIVIDUAL");
    }

    @Test
    void shouldFailOnAnotherSection() throws IOException {
        byte[] snapshot = snapshotOf(new RegistryAnswers(TTL, CAPACITY));
        snapshot[0] ^= 1;

        assertThatThrownBy(() -> restored(snapshot, CAPACITY)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageStartingWith("expected the registry answers section");
    }

    /** One call to {@link RegistryAnswers#put}, to apply alike to two caches. */
    private record Put(String brand, String msisdn, Consent consent, long at) {
        void applyTo(RegistryAnswers answers) {
            answers.put(brand, msisdn, consent, at);
        }
    }

    /**
     * Answers for random recipients (some with '+', a quarter with no consent), each a little later than the last,
     * so that past the capacity the oldest are dropped and some of those kept are older than the TTL.
     */
    private List<Put> randomPuts(Random random, int count) {
        List<Put> puts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clock += random.nextInt(30);
            String msisdn = (random.nextInt(4) == 0 ? "+" : "") + (905_320_000_000L + random.nextInt(RECIPIENTS));
            Consent consent = random.nextInt(4) == 0 ? null : new Consent(
                    random.nextBoolean() ? ConsentStatus.OPT_IN : ConsentStatus.OPT_OUT, clock - random.nextInt(10_000),
                    ConsentSource.values()[random.nextInt(ConsentSource.values().length)],
                    RecipientType.values()[random.nextInt(RecipientType.values().length)]);
            puts.add(new Put(BRANDS[random.nextInt(BRANDS.length)], msisdn, consent, clock));
        }
        return puts;
    }

    /** What {@link RegistryAnswers#fresh} says at {@code now} for every recipient {@link #randomPuts} can pick. */
    private static List<RegistryAnswers.Answer> freshAnswers(RegistryAnswers answers, long now) {
        List<RegistryAnswers.Answer> fresh = new ArrayList<>();
        for (String brand : BRANDS) {
            for (int i = 0; i < RECIPIENTS; i++) {
                fresh.add(answers.fresh(brand, Long.toString(905_320_000_000L + i), now));
                fresh.add(answers.fresh(brand, "+" + (905_320_000_000L + i), now));
            }
        }
        return fresh;
    }

    private static Consent optIn() {
        return new Consent(ConsentStatus.OPT_IN, 50, ConsentSource.WEB, RecipientType.INDIVIDUAL);
    }

    private static byte[] snapshotOf(RegistryAnswers answers) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        answers.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** A fresh cache of {@code capacity} read from {@code snapshot}, which it must read to the end. */
    private static RegistryAnswers restored(byte[] snapshot, int capacity) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(snapshot);
        RegistryAnswers answers = new RegistryAnswers(TTL, capacity);
        answers.readSnapshot(new SnapshotInput(bytes));
        assertThat(bytes.available()).as("octets left unread").isZero();
        return answers;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not in the snapshot");
    }
}
