package io.ringway.engine.message;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeysTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final long WINDOW = 60_000;

    private static IdempotencyKeys.Original original(long id, long at) {
        return new IdempotencyKeys.Original(id, 2, 20_000, 0, 0xABCDL + id, at);
    }

    @Test
    void shouldFindAKeyPerAccountAndRecipientUntilItsWindowPassesInEventTime() {
        IdempotencyKeys keys = new IdempotencyKeys(WINDOW, 10);
        keys.remember("acme", "k1", 0, original(1, T0));
        keys.remember("acme", "k1", 1, original(2, T0));

        assertThat(keys.find("acme", "k1", 0, T0 + WINDOW - 1)).isEqualTo(original(1, T0));
        assertThat(keys.find("acme", "k1", 1, T0 + 5)).isEqualTo(original(2, T0));
        assertThat(keys.find("acme", "k1", 2, T0 + 5)).as("another recipient index").isNull();
        assertThat(keys.find("other", "k1", 0, T0 + 5)).as("another account's key of the same name").isNull();
        assertThat(keys.find("acme", "k1", 0, T0 + WINDOW)).as("the window has passed").isNull();
        assertThat(keys.size()).as("an expired key found is forgotten").isEqualTo(1);
    }

    @Test
    void shouldForgetKeysFromTheOldestOnWhenTheirWindowPasses() {
        IdempotencyKeys keys = new IdempotencyKeys(WINDOW, 10);
        keys.remember("acme", "a", 0, original(1, T0));
        keys.remember("acme", "b", 0, original(2, T0 + 10_000));
        keys.remember("acme", "c", 0, original(3, T0 + 20_000));

        keys.expire(T0 + WINDOW + 10_000);

        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.find("acme", "c", 0, T0 + WINDOW + 10_000)).isEqualTo(original(3, T0 + 20_000));
        keys.expire(Long.MAX_VALUE / 2);
        assertThat(keys.size()).isZero();
    }

    @Test
    void shouldForgetTheOldestKeyWhenMoreThanTheCapacityAreRemembered() {
        IdempotencyKeys keys = new IdempotencyKeys(WINDOW, 2);
        keys.remember("acme", "a", 0, original(1, T0));
        keys.remember("acme", "b", 0, original(2, T0 + 1));
        keys.remember("acme", "a", 0, original(3, T0 + 2)); // remembered again: now the youngest
        keys.remember("acme", "c", 0, original(4, T0 + 3));

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.find("acme", "b", 0, T0 + 4)).as("the oldest, evicted").isNull();
        assertThat(keys.find("acme", "a", 0, T0 + 4)).isEqualTo(original(3, T0 + 2));
        assertThat(keys.find("acme", "c", 0, T0 + 4)).isEqualTo(original(4, T0 + 3));
    }

    @Test
    void shouldReadBackWhatItWroteInTheSameOrder() throws IOException {
        IdempotencyKeys keys = new IdempotencyKeys(WINDOW, 3);
        keys.remember("acme", "a", 0, original(1, T0));
        keys.remember("beta", "a", 0, new IdempotencyKeys.Original(2, 1, 10_000, T0 + 90_000, 77, T0 + 1));
        keys.remember("acme", "b", 4, original(3, T0 + 2));
        byte[] written = snapshot(keys);

        IdempotencyKeys restored = new IdempotencyKeys(WINDOW, 3);
        restored.readSnapshot(new SnapshotInput(new ByteArrayInputStream(written)));

        assertThat(snapshot(restored)).isEqualTo(written);
        assertThat(restored.find("beta", "a", 0, T0 + 5))
                .isEqualTo(new IdempotencyKeys.Original(2, 1, 10_000, T0 + 90_000, 77, T0 + 1));
        restored.remember("acme", "c", 0, original(4, T0 + 3));
        assertThat(restored.find("acme", "a", 0, T0 + 5)).as("the oldest is still evicted first").isNull();
        assertThatThrownBy(() -> new IdempotencyKeys(WINDOW, 2)
                .readSnapshot(new SnapshotInput(new ByteArrayInputStream(written))))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("3 idempotency keys");
    }

    @Test
    void shouldFingerprintSenderDestinationAndTextApart() {
        byte[] text = "Your code is 4711".getBytes(StandardCharsets.ISO_8859_1);
        long base = IdempotencyKeys.fingerprint("RINGWAY", "905321111111", (byte) 0, text);

        assertThat(IdempotencyKeys.fingerprint("RINGWAY", "905321111111", (byte) 0, text.clone())).isEqualTo(base);
        assertThat(IdempotencyKeys.fingerprint("RINGWAY", "905321111112", (byte) 0, text)).isNotEqualTo(base);
        assertThat(IdempotencyKeys.fingerprint("RINGWAX", "905321111111", (byte) 0, text)).isNotEqualTo(base);
        assertThat(IdempotencyKeys.fingerprint("RINGWAY", "905321111111", (byte) 8, text)).isNotEqualTo(base);
        assertThat(IdempotencyKeys.fingerprint("RINGWAY", "905321111111", (byte) 0,
                "Your code is 4712".getBytes(StandardCharsets.ISO_8859_1))).isNotEqualTo(base);
        assertThat(IdempotencyKeys.fingerprint("RINGWAY9", "05321111111", (byte) 0, text))
                .as("where one field ends counts").isNotEqualTo(base);
    }

    private static byte[] snapshot(IdempotencyKeys keys) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotOutput out = new SnapshotOutput(bytes);
        keys.writeSnapshot(out);
        out.flush();
        return bytes.toByteArray();
    }
}
