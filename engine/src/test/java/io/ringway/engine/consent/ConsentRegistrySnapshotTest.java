package io.ringway.engine.consent;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentRegistrySnapshotTest {
    private static final String[] BRANDS = {"SHOP", "ACME", "Çiçek"};
    private static final int RECIPIENTS = 1_500;

    @Test
    void shouldRestoreEveryRecordAndWriteTheSameOctetsAgain() throws IOException {
        ConsentRegistry original = new ConsentRegistry();
        List<Recorded> records = randomRecords(new Random(7), 4_000);
        records.forEach(record -> record.applyTo(original));
        byte[] snapshot = snapshotOf(original);

        ConsentRegistry restored = restored(snapshot);

        assertThat(snapshotOf(restored)).isEqualTo(snapshot);
        assertThat(restored.size()).isEqualTo(original.size()).isGreaterThan(1_000);
        for (String brand : BRANDS) {
            for (int i = 0; i < RECIPIENTS; i++) {
                assertThat(restored.find(brand, msisdn(i))).isEqualTo(original.find(brand, msisdn(i)));
            }
        }
    }

    @Test
    void shouldDecideLaterRecordsExactlyAsTheOriginalDoes() throws IOException {
        ConsentRegistry original = new ConsentRegistry();
        randomRecords(new Random(11), 3_000).forEach(record -> record.applyTo(original));
        ConsentRegistry restored = restored(snapshotOf(original));

        List<Recorded> later = randomRecords(new Random(12), 3_000);
        List<Boolean> originalOutcomes = new ArrayList<>();
        List<Boolean> restoredOutcomes = new ArrayList<>();
        for (Recorded record : later) {
            originalOutcomes.add(record.applyTo(original));
            restoredOutcomes.add(record.applyTo(restored));
        }

        assertThat(restoredOutcomes).isEqualTo(originalOutcomes).contains(true, false);
        assertThat(restored.size()).isEqualTo(original.size());
        assertThat(snapshotOf(restored)).isEqualTo(snapshotOf(original));
    }

    @Test
    void shouldWriteTheSameOctetsWhateverOrderTheRecordsCameIn() throws IOException {
        List<Recorded> records = new ArrayList<>();
        for (String brand : BRANDS) {
            for (int i = 0; i < 300; i++) {
                records.add(new Recorded(brand, msisdn(i), new Consent(ConsentStatus.OPT_IN, i, ConsentSource.WEB,
                        RecipientType.INDIVIDUAL)));
            }
        }
        ConsentRegistry inOrder = new ConsentRegistry();
        records.forEach(record -> record.applyTo(inOrder));
        Collections.shuffle(records, new Random(3));
        ConsentRegistry shuffled = new ConsentRegistry();
        records.forEach(record -> record.applyTo(shuffled));

        assertThat(snapshotOf(shuffled)).isEqualTo(snapshotOf(inOrder));
    }

    @Test
    void shouldRestoreAnEmptyRegistry() throws IOException {
        byte[] snapshot = snapshotOf(new ConsentRegistry());

        ConsentRegistry restored = restored(snapshot);

        assertThat(restored.size()).isZero();
        assertThat(snapshotOf(restored)).isEqualTo(snapshot);
    }

    @Test
    void shouldReplaceWhatTheRegistryHeldBeforeReading() throws IOException {
        ConsentRegistry original = new ConsentRegistry();
        original.record("SHOP", msisdn(1), consent(ConsentStatus.OPT_OUT, 5));
        ConsentRegistry reader = new ConsentRegistry();
        reader.record("ACME", msisdn(2), consent(ConsentStatus.OPT_IN, 9));
        reader.record("SHOP", msisdn(3), consent(ConsentStatus.OPT_IN, 9));

        reader.readSnapshot(new SnapshotInput(new ByteArrayInputStream(snapshotOf(original))));

        assertThat(reader.size()).isEqualTo(1);
        assertThat(reader.find("SHOP", msisdn(1))).isEqualTo(consent(ConsentStatus.OPT_OUT, 5));
        assertThat(reader.find("ACME", msisdn(2))).isNull();
        assertThat(reader.find("SHOP", msisdn(3))).isNull();
    }

    @Test
    void shouldFailOnEveryTruncation() throws IOException {
        ConsentRegistry original = new ConsentRegistry();
        original.record("SHOP", msisdn(1), consent(ConsentStatus.OPT_IN, 5));
        original.record("SHOP", msisdn(2), consent(ConsentStatus.OPT_OUT, 6));
        original.record("ACME", msisdn(1), consent(ConsentStatus.OPT_IN, 7));
        byte[] snapshot = snapshotOf(original);

        for (int length = 0; length < snapshot.length; length++) {
            byte[] truncated = Arrays.copyOf(snapshot, length);
            assertThatThrownBy(() -> restored(truncated)).as("cut at %d", length).isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldFailOnAnUnknownConsentStatus() throws IOException {
        ConsentRegistry original = new ConsentRegistry();
        original.record("SHOP", msisdn(1), consent(ConsentStatus.OPT_OUT, 5));
        byte[] snapshot = snapshotOf(original);
        int at = indexOf(snapshot, "OPT_OUT".getBytes(StandardCharsets.US_ASCII));
        snapshot[at + 4] = 'X';

        assertThatThrownBy(() -> restored(snapshot)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("OPT_XUT");
    }

    @Test
    void shouldFailOnARecipientWrittenTwice() throws IOException {
        ConsentRegistry original = new ConsentRegistry();
        original.record("SHOP", msisdn(1), consent(ConsentStatus.OPT_IN, 5));
        original.record("SHOP", msisdn(2), consent(ConsentStatus.OPT_IN, 5));
        byte[] snapshot = snapshotOf(original);
        int second = indexOf(snapshot, ByteBuffer.allocate(8).putLong(Long.parseLong(msisdn(2))).array());
        ByteBuffer.wrap(snapshot).putLong(second, Long.parseLong(msisdn(1)));

        assertThatThrownBy(() -> restored(snapshot)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("recipient " + msisdn(1));
    }

    /** One call to {@link ConsentRegistry#record}, to apply alike to two registries. */
    private record Recorded(String brand, String msisdn, Consent consent) {
        boolean applyTo(ConsentRegistry registry) {
            return registry.record(brand, msisdn, consent);
        }
    }

    /**
     * Records over a few brands and recipients, so that most recipients are recorded several times (later dates,
     * same-date opt-outs, older records that lose), with and without '+', and some addresses that are no number.
     */
    private static List<Recorded> randomRecords(Random random, int count) {
        List<Recorded> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String brand = BRANDS[random.nextInt(BRANDS.length)];
            String msisdn = random.nextInt(50) == 0 ? "not-a-number" : msisdn(random.nextInt(RECIPIENTS));
            if (random.nextBoolean()) {
                msisdn = "+" + msisdn;
            }
            records.add(new Recorded(brand, msisdn, new Consent(
                    random.nextBoolean() ? ConsentStatus.OPT_IN : ConsentStatus.OPT_OUT, random.nextInt(20),
                    ConsentSource.values()[random.nextInt(ConsentSource.values().length)],
                    RecipientType.values()[random.nextInt(RecipientType.values().length)])));
        }
        return records;
    }

    private static String msisdn(int recipient) {
        return Long.toString(905_320_000_000L + recipient);
    }

    private static Consent consent(ConsentStatus status, long date) {
        return new Consent(status, date, ConsentSource.SMS, RecipientType.MERCHANT);
    }

    private static byte[] snapshotOf(ConsentRegistry registry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        registry.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** A fresh registry read from {@code snapshot}, which it must read to the end. */
    private static ConsentRegistry restored(byte[] snapshot) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(snapshot);
        ConsentRegistry registry = new ConsentRegistry();
        registry.readSnapshot(new SnapshotInput(bytes));
        assertThat(bytes.available()).as("octets left unread").isZero();
        return registry;
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
