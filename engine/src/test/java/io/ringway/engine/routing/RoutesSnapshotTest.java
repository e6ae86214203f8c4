package io.ringway.engine.routing;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesSnapshotTest {
    private static final RingwayConfig CONFIG = ConfigLoader.parse("routes.yaml", """
            accounts:
              - system-id: acme
                password-hash: pbkdf2-sha256$1000$c2FsdA$aGFzaA
            upstreams:
              - name: a
                host: h
                system-id: x
              - name: b
                host: h
                system-id: x
              - name: c
                host: h
                system-id: x
            routes:
              - prefix: "44"
                strategy: priority
                upstreams: [{name: c}, {name: a}]
              - prefix: "90"
                strategy: weighted
                upstreams: [{name: a, weight: 1}, {name: b, weight: 1}]
              - prefix: ""
                strategy: weighted
                upstreams: [{name: a, weight: 5}, {name: b, weight: 3}, {name: c, weight: 2}]
            """);
    private static final String[] DESTINATIONS = {"905321234567", "441234567890", "12025550100", "4915112345678"};

    private final Routes original = Routes.fromConfig(CONFIG);

    @Test
    void shouldMakeTheSameNextChoicesAfterRestoreAsTheOriginal() throws IOException {
        List<Integer> before = route(original, 0, 37);
        Routes restored = restore(snapshot(original));

        List<Integer> fromOriginal = route(original, 37, 200);
        List<Integer> fromRestored = route(restored, 37, 200);

        assertThat(fromRestored).isEqualTo(fromOriginal);
        assertThat(route(Routes.fromConfig(CONFIG), 37, 200)).isNotEqualTo(fromOriginal);
        assertThat(before).contains(0, 1, 2);
    }

    @Test
    void shouldWriteARestoredTableToTheSameBytes() throws IOException {
        route(original, 0, 53);
        byte[] written = snapshot(original);

        assertThat(snapshot(restore(written))).isEqualTo(written);
        byte[] untouched = snapshot(Routes.fromConfig(CONFIG));
        assertThat(snapshot(restore(untouched))).isEqualTo(untouched);
    }

    @Test
    void shouldFailOnATruncatedOrDamagedSnapshotOrAnotherTable() throws IOException {
        route(original, 0, 53);
        byte[] written = snapshot(original);

        assertThatThrownBy(() -> restore(Arrays.copyOf(written, written.length - 1)))
                .isInstanceOf(EOFException.class);
        byte[] damaged = written.clone();
        damaged[0] ^= 0x40;
        assertThatThrownBy(() -> restore(damaged)).isInstanceOf(SnapshotFormatException.class);
        Routes withoutRoutes = new Routes(List.of("a", "b", "c"));
        assertThatThrownBy(() -> withoutRoutes.readSnapshot(input(written)))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage("a table of 1 routes, snapshot has 3");
    }

    /**
     * Messages {@code from} to {@code to} (exclusive) over every route, with upstreams going down and up: a
     * down upstream's credit stays put while the others' moves, so the credits drift apart.
     */
    private static List<Integer> route(Routes routes, int from, int to) {
        List<Integer> chosen = new ArrayList<>();
        for (int n = from; n < to; n++) {
            int down = n % 11 < 3 ? n % 3 : -1;
            chosen.add(routes.route(DESTINATIONS[n % DESTINATIONS.length], "acme", "RINGWAY",
                    MessageType.TRANSACTIONAL, upstream -> upstream != down));
        }
        return chosen;
    }

    private static Routes restore(byte[] snapshot) throws IOException {
        Routes restored = Routes.fromConfig(CONFIG);
        restored.readSnapshot(input(snapshot));
        return restored;
    }

    private static byte[] snapshot(Routes routes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        routes.writeSnapshot(new SnapshotOutput(bytes));
        return bytes.toByteArray();
    }

    private static SnapshotInput input(byte[] bytes) {
        return new SnapshotInput(new ByteArrayInputStream(bytes));
    }
}
