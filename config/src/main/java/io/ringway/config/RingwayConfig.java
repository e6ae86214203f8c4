package io.ringway.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration of one Ringway node: the one home of every setting. Read once at start-up by
 * {@link ConfigLoader}; the hot path never reads configuration.
 */
public record RingwayConfig(
        SmppServerConfig smpp,
        HttpConfig http,
        JournalConfig journal,
        RingConfig ring,
        SimulatorConfig simulator,
        List<AccountConfig> accounts,
        List<UpstreamConfig> upstreams) {

    public RingwayConfig {
        accounts = List.copyOf(accounts);
        upstreams = List.copyOf(upstreams);
    }

    static RingwayConfig from(ConfigNode n) {
        RingwayConfig config = new RingwayConfig(
                SmppServerConfig.from(n.child("smpp")),
                HttpConfig.from(n.child("http")),
                JournalConfig.from(n.child("journal")),
                RingConfig.from(n.child("ring")),
                SimulatorConfig.from(n.child("simulator")),
                n.list("accounts", AccountConfig::from),
                n.list("upstreams", UpstreamConfig::from));
        n.finish();
        unique(n, "accounts", config.accounts.stream().map(AccountConfig::systemId).toList(), "system-id");
        unique(n, "upstreams", config.upstreams.stream().map(UpstreamConfig::name).toList(), "name");
        if (config.upstreams.isEmpty()) {
            throw n.error("upstreams", "at least one upstream is required");
        }
        return config;
    }

    private static void unique(ConfigNode n, String list, List<String> names, String field) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                throw n.error(list + "[" + i + "]." + field, "duplicate '" + names.get(i) + "'");
            }
        }
    }

    /** The same configuration with another journal directory (tests and tools run on temporary directories). */
    public RingwayConfig withJournalDirectory(String directory) {
        return new RingwayConfig(smpp, http, new JournalConfig(directory, journal.sync()), ring, simulator,
                accounts, upstreams);
    }
}
