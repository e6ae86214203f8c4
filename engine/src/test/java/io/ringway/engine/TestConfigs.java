package io.ringway.engine;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.config.ConsentRegistryConfig;
import io.ringway.config.RoutingConfig;
import io.ringway.engine.billing.Ledger;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.consent.BrandDirectory;
import io.ringway.engine.consent.OptOutKeywords;
import io.ringway.engine.ring.BusinessLogicHandler;
import io.ringway.engine.ring.EngineCounters;
import io.ringway.engine.routing.Routes;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.PasswordHasher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small engine configurations for tests: one account, one upstream, a journal in a temporary directory. */
public final class TestConfigs {
    public static final String ACCOUNT = "acme";
    public static final String UPSTREAM = "up";

    private TestConfigs() {
    }

    public static RingwayConfig engineConfig(Path dataDirectory) {
        return ConfigLoader.parse("test.yaml", engineYaml(dataDirectory, PasswordHasher.hash("secret", 1000)));
    }

    /** The text of {@link #engineConfig}, with a given password hash: for tests that vary it slightly. */
    public static String engineYaml(Path dataDirectory, String passwordHash) {
        return """
                journal:
                  directory: %s
                ring:
                  size: 1024
                accounts:
                  - system-id: %s
                    password-hash: %s
                upstreams:
                  - name: %s
                    host: 127.0.0.1
                    system-id: x
                """.formatted(dataDirectory.toString().replace("\\", "/"), ACCOUNT, passwordHash, UPSTREAM);
    }

    public static Accounts accounts(RingwayConfig config) {
        return Accounts.fromConfig(config);
    }

    /** The configuration's default idempotency window (24 hours) and key count. */
    public static final long DEFAULT_IDEMPOTENCY_WINDOW_MILLIS = 24 * 3_600_000L;
    public static final int DEFAULT_IDEMPOTENCY_KEYS = 1_000_000;

    /**
     * The business logic of {@code config} with a small upstream queue bound and finished-message store, no
     * sender restrictions and no brands: what the ring tests need to reach each rule quickly.
     */
    public static BusinessLogicHandler businessLogic(RingwayConfig config, int maxQueuedPerUpstream,
                                                     int finishedMessages, EngineCounters counters) {
        return new BusinessLogicHandler(accounts(config), new Routes(upstreamNames(config)), maxQueuedPerUpstream,
                counters, RoutingConfig.DEFAULTS, Ledger.fromConfig(config, MovementListener.NONE),
                MovementListener.NONE, Map.of(), BrandDirectory.fromConfig(config), new OptOutKeywords(List.of()),
                finishedMessages, DEFAULT_IDEMPOTENCY_WINDOW_MILLIS, DEFAULT_IDEMPOTENCY_KEYS, ConsentRegistryConfig.NONE);
    }

    public static List<String> upstreamNames(RingwayConfig config) {
        return config.upstreams().stream().map(u -> u.name()).toList();
    }
}
