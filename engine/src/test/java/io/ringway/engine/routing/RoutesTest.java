package io.ringway.engine.routing;

import io.ringway.config.ConfigException;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.message.MessageType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesTest {
    private static final String BASE = """
            user-groups:
              - name: vip
                price-list: standard
            price-lists:
              - name: standard
                default: "0.05"
            accounts:
              - system-id: acme
                password-hash: pbkdf2-sha256$1000$c2FsdA$aGFzaA
              - system-id: bank
                password-hash: pbkdf2-sha256$1000$c2FsdA$aGFzaA
                user-group: vip
            upstreams:
              - name: a
                host: h
                system-id: x
                costs:
                  "90": "0.0080"
                  "905": "0.0060"
              - name: b
                host: h
                system-id: x
                costs:
                  "905": "0.0050"
              - name: c
                host: h
                system-id: x
            """;

    private static Routes routes(String routesYaml) {
        RingwayConfig config = ConfigLoader.parse("routes.yaml", BASE + routesYaml);
        return Routes.fromConfig(config);
    }

    private static String name(Routes routes, int index) {
        return index < 0 ? String.valueOf(index) : routes.name(index);
    }

    private static String route(Routes routes, String destination) {
        return name(routes, routes.route(destination, "acme", "RINGWAY", MessageType.TRANSACTIONAL, UpstreamGate.ANY));
    }

    @Test
    void shouldSendEverythingToTheFirstUpstreamWhenNoRoutesAreWritten() {
        Routes routes = routes("");
        assertThat(route(routes, "905321234567")).isEqualTo("a");
        assertThat(route(routes, "441234567890")).isEqualTo("a");
    }

    @Test
    void shouldPickTheLongestMatchingPrefix() {
        Routes routes = routes("""
                routes:
                  - prefix: "90"
                    upstreams: [{name: a}]
                  - prefix: "905"
                    upstreams: [{name: b}]
                  - prefix: ""
                    upstreams: [{name: c}]
                """);
        assertThat(route(routes, "905321234567")).isEqualTo("b");
        assertThat(route(routes, "+905321234567")).isEqualTo("b");
        assertThat(route(routes, "902121234567")).isEqualTo("a");
        assertThat(route(routes, "441234567890")).isEqualTo("c");
    }

    @Test
    void shouldRefuseADestinationNoRouteCovers() {
        Routes routes = routes("""
                routes:
                  - prefix: "90"
                    upstreams: [{name: a}]
                """);
        assertThat(routes.route("441234567890", "acme", "X", MessageType.OTP, UpstreamGate.ANY))
                .isEqualTo(Routes.NO_ROUTE);
    }

    @Test
    void shouldTakeTheFirstRouteWhoseFiltersMatchAndFallBackToShorterPrefixes() {
        Routes routes = routes("""
                routes:
                  - prefix: "905"
                    type: otp
                    upstreams: [{name: c}]
                  - prefix: "905"
                    account: bank
                    upstreams: [{name: b}]
                  - prefix: "90"
                    sender: BANKCO
                    upstreams: [{name: b}]
                  - prefix: "90"
                    user-group: vip
                    upstreams: [{name: c}]
                  - prefix: ""
                    upstreams: [{name: a}]
                """);
        assertThat(name(routes, routes.route("905321234567", "acme", "X", MessageType.OTP, UpstreamGate.ANY))).isEqualTo("c");
        assertThat(name(routes, routes.route("905321234567", "bank", "X", MessageType.COMMERCIAL, UpstreamGate.ANY))).isEqualTo("b");
        assertThat(name(routes, routes.route("905321234567", "acme", "BANKCO", MessageType.COMMERCIAL, UpstreamGate.ANY))).isEqualTo("b");
        assertThat(name(routes, routes.route("902121234567", "bank", "X", MessageType.COMMERCIAL, UpstreamGate.ANY))).isEqualTo("c");
        assertThat(name(routes, routes.route("905321234567", "acme", "X", MessageType.COMMERCIAL, UpstreamGate.ANY))).isEqualTo("a");
    }

    @Test
    void shouldFailOverInPriorityOrderWhenAnUpstreamIsDown() {
        Routes routes = routes("""
                routes:
                  - prefix: ""
                    strategy: priority
                    upstreams: [{name: a}, {name: b}, {name: c}]
                """);
        assertThat(name(routes, routes.route("905321234567", "acme", "X", null, upstream -> true))).isEqualTo("a");
        assertThat(name(routes, routes.route("905321234567", "acme", "X", null, upstream -> upstream != 0))).isEqualTo("b");
        assertThat(name(routes, routes.route("905321234567", "acme", "X", null, upstream -> upstream == 2))).isEqualTo("c");
        assertThat(routes.route("905321234567", "acme", "X", null, upstream -> false)).isEqualTo(Routes.UNAVAILABLE);
    }

    @Test
    void shouldSplitByWeightDeterministicallyAndSmoothly() {
        Routes routes = routes("""
                routes:
                  - prefix: ""
                    strategy: weighted
                    upstreams: [{name: a, weight: 3}, {name: b, weight: 1}]
                """);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            chosen.add(route(routes, "905321234567"));
        }
        assertThat(chosen).containsExactly("a", "a", "b", "a", "a", "a", "b", "a");
    }

    @Test
    void shouldGiveADownUpstreamsShareOfAWeightedSplitToTheOthers() {
        Routes routes = routes("""
                routes:
                  - prefix: ""
                    strategy: weighted
                    upstreams: [{name: a, weight: 1}, {name: b, weight: 1}, {name: c, weight: 2}]
                """);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(name(routes, routes.route("905321234567", "acme", "X", null, upstream -> upstream != 2)));
        }
        assertThat(chosen).containsExactly("a", "b", "a", "b");
        assertThat(routes.route("905321234567", "acme", "X", null, upstream -> false)).isEqualTo(Routes.UNAVAILABLE);
    }

    @Test
    void shouldChooseTheCheapestUsableUpstreamByItsCostTable() {
        Routes routes = routes("""
                routes:
                  - prefix: ""
                    strategy: least-cost
                    upstreams: [{name: c}, {name: a}, {name: b}]
                """);
        assertThat(route(routes, "905321234567")).isEqualTo("b");
        assertThat(route(routes, "902121234567")).isEqualTo("a");
        assertThat(route(routes, "441234567890")).isEqualTo("c");
        assertThat(name(routes, routes.route("905321234567", "acme", "X", null, upstream -> upstream != 1))).isEqualTo("a");
        assertThat(routes.unitCost(0, "905321234567")).isEqualTo(6_000);
        assertThat(routes.unitCost(2, "905321234567")).isZero();
    }

    @Test
    void shouldNameFileAndPathOfARouteToAnUnknownUpstream() {
        assertThatThrownBy(() -> routes("""
                routes:
                  - prefix: "90"
                    upstreams: [{name: a}, {name: nowhere}]
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("routes.yaml: routes[0].upstreams[1].name: no upstream named 'nowhere'");
        assertThatThrownBy(() -> routes("""
                routes:
                  - prefix: "9x"
                    upstreams: [{name: a}]
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("routes.yaml: routes[0].prefix: a prefix is up to 15 digits of an E.164 number (\"\" for the default route)");
        assertThatThrownBy(() -> routes("""
                routes:
                  - type: spam
                    upstreams: [{name: a}]
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("routes.yaml: routes[0].type: must be one of [otp, transactional, commercial], was 'spam'");
        assertThatThrownBy(() -> routes("""
                routes:
                  - user-group: nobody
                    upstreams: [{name: a}]
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("routes.yaml: routes[0].user-group: no user group named 'nobody'");
    }
}
