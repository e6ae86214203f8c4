package io.ringway.benchmarks;

import io.ringway.config.RouteConfig;
import io.ringway.config.UpstreamConfig;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.routing.Routes;
import io.ringway.engine.routing.UpstreamGate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link Routes#route} on a table of {@value #PREFIXES} destination prefixes (2 to 7 digits), a third each with the
 * priority, weighted and least-cost strategy over two of eight upstreams that have 2,000-prefix cost tables, and
 * one route in ten filtered by message type. What the business logic pays per message to route it: a walk down the
 * digit trie, the filters, the strategy. Destinations are drawn so that most match a long prefix and some fall back
 * to a shorter one. {@code -prof gc} must show 0 B/op: the lookup allocates nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkArgs.EXPORT_MISC, ForkArgs.EXPORT_REF, ForkArgs.EXPORT_UTIL,
        ForkArgs.EXPORT_NIO, ForkArgs.EXPORT_UNSAFE, ForkArgs.OPEN_LANG, ForkArgs.OPEN_REFLECT, ForkArgs.OPEN_IO,
        ForkArgs.OPEN_UTIL, ForkArgs.NO_ANALYTICS, ForkArgs.HEAP, ForkArgs.HEAP_START})
@State(Scope.Thread)
public class RouteLookupBenchmark {
    static final int PREFIXES = 50_000;
    static final int UPSTREAMS = 8;
    private static final int COSTS_PER_UPSTREAM = 2_000;
    private static final int DESTINATIONS = 4_096;
    /** Never refuses: the lookup itself is measured, not availability. */
    private static final UpstreamGate ALL_UP = upstream -> true;

    Routes routes;
    String[] destinations;
    MessageType[] types;
    private int next;

    @Setup(Level.Trial)
    public void buildTable() {
        SplittableRandom random = new SplittableRandom(50_000);
        List<String> prefixes = prefixes(random);
        List<UpstreamConfig> upstreams = new ArrayList<>();
        for (int i = 0; i < UPSTREAMS; i++) {
            Map<String, Long> costs = new HashMap<>();
            for (int j = 0; j < COSTS_PER_UPSTREAM; j++) {
                costs.put(prefixes.get(random.nextInt(prefixes.size())), 1_000L + random.nextInt(20_000));
            }
            upstreams.add(new UpstreamConfig("up" + i, "127.0.0.1", 2775, "x", "", "",
                    UpstreamConfig.BindType.TRANSCEIVER, 1, 1, 0, Duration.ofSeconds(30), Duration.ofSeconds(10),
                    Duration.ofMillis(500), Duration.ofSeconds(30), costs, UpstreamConfig.ReceiptIdFormat.AUTO));
        }
        RouteConfig.Strategy[] strategies = RouteConfig.Strategy.values();
        List<RouteConfig> table = new ArrayList<>();
        table.add(RouteConfig.everythingTo("up0"));
        for (int i = 0; i < prefixes.size(); i++) {
            int first = random.nextInt(UPSTREAMS);
            int second = (first + 1 + random.nextInt(UPSTREAMS - 1)) % UPSTREAMS;
            List<RouteConfig.Target> targets = List.of(new RouteConfig.Target("up" + first, 1 + random.nextInt(3)),
                    new RouteConfig.Target("up" + second, 1 + random.nextInt(3)));
            String type = i % 10 == 0 ? "otp" : null;
            table.add(new RouteConfig(prefixes.get(i), null, null, null, type, strategies[i % strategies.length],
                    targets));
        }
        routes = new Routes(table, upstreams, Map.of());
        destinations = new String[DESTINATIONS];
        types = new MessageType[DESTINATIONS];
        for (int i = 0; i < DESTINATIONS; i++) {
            StringBuilder number = new StringBuilder(prefixes.get(random.nextInt(prefixes.size())));
            while (number.length() < 12) {
                number.append((char) ('0' + random.nextInt(10)));
            }
            destinations[i] = number.toString();
            types[i] = MessageType.values()[random.nextInt(MessageType.values().length)];
        }
    }

    /** {@value #PREFIXES} distinct prefixes of 2 to 7 digits, in a fixed order. */
    private static List<String> prefixes(SplittableRandom random) {
        Set<String> prefixes = new LinkedHashSet<>();
        while (prefixes.size() < PREFIXES) {
            int length = 2 + random.nextInt(6);
            StringBuilder prefix = new StringBuilder(length);
            prefix.append((char) ('1' + random.nextInt(9)));
            while (prefix.length() < length) {
                prefix.append((char) ('0' + random.nextInt(10)));
            }
            prefixes.add(prefix.toString());
        }
        return new ArrayList<>(prefixes);
    }

    @Benchmark
    public int route() {
        int i = next++ & (DESTINATIONS - 1);
        return routes.route(destinations[i], "acme", "RINGWAY", types[i], ALL_UP);
    }
}
