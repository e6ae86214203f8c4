package io.ringway.engine.consent;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnpushedChangesSnapshotTest {
    private static final String[] BRANDS = {"SHOP", "ACME", "Çiçek"};

    private long lastChange;

    @Test
    void shouldRestoreEveryChangeAndWriteTheSameOctetsAgain() throws IOException {
        UnpushedChanges original = new UnpushedChanges();
        Random random = new Random(4);
        for (int i = 0; i < 2_000; i++) {
            original.add(randomChange(random));
        }
        original.pushed("SHOP", lastChange / 2);
        byte[] snapshot = snapshotOf(original);

        UnpushedChanges restored = restored(snapshot);

        assertThat(snapshotOf(restored)).isEqualTo(snapshot);
        assertThat(restored.size()).isEqualTo(original.size()).isGreaterThan(100);
        assertThat(restored.all()).isEqualTo(original.all());
    }

    @Test
    void shouldTakeLaterChangesAndPushesExactlyAsTheOriginalDoes() throws IOException {
        UnpushedChanges original = new UnpushedChanges();
        Random random = new Random(6);
        for (int i = 0; i < 1_000; i++) {
            original.add(randomChange(random));
        }
        UnpushedChanges restored = restored(snapshotOf(original));

        for (int i = 0; i < 1_000; i++) {
            if (random.nextInt(50) == 0) {
                String brand = BRANDS[random.nextInt(BRANDS.length)];
                long upTo = lastChange - random.nextInt(200);
                original.pushed(brand, upTo);
                restored.pushed(brand, upTo);
            } else {
                ConsentChange change = randomChange(random);
                original.add(change);
                restored.add(change);
            }
            assertThat(restored.size()).isEqualTo(original.size());
        }

        assertThat(restored.all()).isEqualTo(original.all());
        assertThat(snapshotOf(restored)).isEqualTo(snapshotOf(original));
    }

    @Test
    void shouldKeepARecipientChangedAgainBehindTheChangesBeforeIt() throws IOException {
        UnpushedChanges original = new UnpushedChanges();
        original.add(change("SHOP", "905320000001", 0));
        original.add(change("SHOP", "905320000002", 0));
        original.add(change("SHOP", "905320000001", 1));
        UnpushedChanges restored = restored(snapshotOf(original));

        restored.pushed("SHOP", 2);

        assertThat(restored.all()).containsExactly(new ConsentChange(3, "SHOP", "905320000001", consent(1)));
        assertThat(restored.size()).isEqualTo(1);
    }

    @Test
    void shouldWriteABrandWhoseChangesWereAllPushedAsIfItHadNone() throws IOException {
        UnpushedChanges pushedAll = new UnpushedChanges();
        pushedAll.add(new ConsentChange(1, "ACME", "905320000001", consent(0)));
        pushedAll.pushed("ACME", 1);
        pushedAll.add(new ConsentChange(2, "SHOP", "905320000002", consent(0)));
        UnpushedChanges neverHad = new UnpushedChanges();
        neverHad.add(new ConsentChange(2, "SHOP", "905320000002", consent(0)));

        assertThat(snapshotOf(pushedAll)).isEqualTo(snapshotOf(neverHad));
    }

    @Test
    void shouldRestoreNoChanges() throws IOException {
        byte[] snapshot = snapshotOf(new UnpushedChanges());

        UnpushedChanges restored = restored(snapshot);

        assertThat(restored.size()).isZero();
        assertThat(restored.all()).isEmpty();
        assertThat(snapshotOf(restored)).isEqualTo(snapshot);
    }

    @Test
    void shouldFailOnEveryTruncation() throws IOException {
        UnpushedChanges original = new UnpushedChanges();
        original.add(change("SHOP", "905320000001", 0));
        original.add(change("ACME", "905320000002", 1));
        byte[] snapshot = snapshotOf(original);

        for (int length = 0; length < snapshot.length; length++) {
            byte[] truncated = Arrays.copyOf(snapshot, length);
            assertThatThrownBy(() -> restored(truncated)).as("cut at %d", length).isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldFailOnARecipientWrittenTwiceForABrand() throws IOException {
        UnpushedChanges original = new UnpushedChanges();
        original.add(change("SHOP", "905320000001", 0));
        original.add(change("SHOP", "905320000002", 1));
        byte[] snapshot = snapshotOf(original);
        snapshot[indexOf(snapshot, "905320000002".getBytes(StandardCharsets.US_ASCII)) + 11] = '1';

        assertThatThrownBy(() -> restored(snapshot)).isInstanceOf(SnapshotFormatException.class)
                .hasMessage("unpushed consent changes: SHOP 905320000001 twice");
    }

    @Test
    void shouldFailOnBrandsOutOfOrder() throws IOException {
        UnpushedChanges original = new UnpushedChanges();
        original.add(change("ACME", "905320000001", 0));
        original.add(change("SHOP", "905320000002", 1));
        byte[] snapshot = snapshotOf(original);
        int shop = indexOf(snapshot, "SHOP".getBytes(StandardCharsets.US_ASCII));
        snapshot[shop] = 'A';
        snapshot[shop + 1] = 'A';

        assertThatThrownBy(() -> restored(snapshot)).isInstanceOf(SnapshotFormatException.class)
                .hasMessage("unpushed consent changes: brand AAOP after ACME");
    }

    /** The next change, for a few brands and recipients, so that many recipients change again before a push. */
    private ConsentChange randomChange(Random random) {
        return change(BRANDS[random.nextInt(BRANDS.length)], Long.toString(905_320_000_000L + random.nextInt(300)),
                random.nextInt(1_000));
    }

    private ConsentChange change(String brand, String msisdn, long date) {
        return new ConsentChange(++lastChange, brand, msisdn, consent(date));
    }

    private static Consent consent(long date) {
        return new Consent(date % 3 == 0 ? ConsentStatus.OPT_OUT : ConsentStatus.OPT_IN, date,
                date % 2 == 0 ? ConsentSource.SMS : ConsentSource.CALL_CENTRE, RecipientType.INDIVIDUAL);
    }

    private static byte[] snapshotOf(UnpushedChanges changes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        changes.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** Fresh unpushed changes read from {@code snapshot}, which they must read to the end. */
    private static UnpushedChanges restored(byte[] snapshot) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(snapshot);
        UnpushedChanges changes = new UnpushedChanges();
        changes.readSnapshot(new SnapshotInput(bytes));
        assertThat(bytes.available()).as("octets left unread").isZero();
        return changes;
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
