package io.ringway.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        ConsentConfig consent,
        List<PriceListConfig> priceLists,
        List<UserGroupConfig> userGroups,
        List<AccountConfig> accounts,
        List<UpstreamConfig> upstreams,
        List<RouteConfig> routes,
        RoutingConfig routing,
        TlsConfig tls,
        NetworkConfig network) {

    public RingwayConfig {
        priceLists = List.copyOf(priceLists);
        userGroups = List.copyOf(userGroups);
        accounts = List.copyOf(accounts);
        upstreams = List.copyOf(upstreams);
        routes = List.copyOf(routes);
    }

    /**
     * The route table in force: the {@code routes:} section, or, when the file has none, one default route that
     * sends everything to the first upstream (the behaviour before route tables existed).
     */
    public List<RouteConfig> effectiveRoutes() {
        return routes.isEmpty() ? List.of(RouteConfig.everythingTo(upstreams.get(0).name())) : routes;
    }

    static RingwayConfig from(ConfigNode n) {
        RingwayConfig config = new RingwayConfig(
                SmppServerConfig.from(n.child("smpp")),
                HttpConfig.from(n.child("http")),
                JournalConfig.from(n.child("journal")),
                RingConfig.from(n.child("ring")),
                SimulatorConfig.from(n.child("simulator")),
                ConsentConfig.from(n.child("consent")),
                n.list("price-lists", PriceListConfig::from),
                n.list("user-groups", UserGroupConfig::from),
                n.list("accounts", AccountConfig::from),
                n.list("upstreams", UpstreamConfig::from),
                n.list("routes", RouteConfig::from),
                RoutingConfig.from(n.child("routing")),
                TlsConfig.from(n.child("tls")),
                NetworkConfig.from(n.child("network")));
        n.finish();
        unique(n, "price-lists", config.priceLists.stream().map(PriceListConfig::name).toList(), "name");
        unique(n, "user-groups", config.userGroups.stream().map(UserGroupConfig::name).toList(), "name");
        unique(n, "accounts", config.accounts.stream().map(AccountConfig::systemId).toList(), "system-id");
        unique(n, "upstreams", config.upstreams.stream().map(UpstreamConfig::name).toList(), "name");
        if (config.upstreams.isEmpty()) {
            throw n.error("upstreams", "at least one upstream is required");
        }
        config.checkReferences(n);
        config.checkRoutes(n);
        if (config.smpp.tlsPort() != 0 && !config.tls.configured()) {
            throw n.error("tls.keystore", "is required when smpp.tls-port is set");
        }
        if (config.http.enabled() && config.http.tlsPort() != 0 && !config.tls.configured()) {
            throw n.error("tls.keystore", "is required when http.tls-port is set");
        }
        return config;
    }

    /** Every route names existing upstreams (each once) and an existing user group. */
    private void checkRoutes(ConfigNode n) {
        Set<String> names = new HashSet<>(upstreams.stream().map(UpstreamConfig::name).toList());
        Set<String> groups = new HashSet<>(userGroups.stream().map(UserGroupConfig::name).toList());
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            String at = "routes[" + i + "].";
            if (route.userGroup() != null && !groups.contains(route.userGroup())) {
                throw n.error(at + "user-group", "no user group named '" + route.userGroup() + "'");
            }
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < route.upstreams().size(); j++) {
                String name = route.upstreams().get(j).name();
                if (!names.contains(name)) {
                    throw n.error(at + "upstreams[" + j + "].name", "no upstream named '" + name + "'");
                }
                if (!seen.add(name)) {
                    throw n.error(at + "upstreams[" + j + "].name", "upstream '" + name + "' is listed twice");
                }
            }
        }
    }

    /**
     * Every name an entry refers to exists, brand names are unique, a reply number is one brand's and a sender one
     * brand's of its account (which brand a reply or a commercial message is for must be clear), and the reseller
     * tree has no cycle.
     */
    private void checkReferences(ConfigNode n) {
        Set<String> brandNames = new HashSet<>();
        Map<String, String> brandOfNumber = new HashMap<>();
        for (int i = 0; i < accounts.size(); i++) {
            Map<String, String> brandOfSender = new HashMap<>();
            for (int b = 0; b < accounts.get(i).brands().size(); b++) {
                BrandConfig config = accounts.get(i).brands().get(b);
                String brand = config.name();
                if (!brandNames.add(brand)) {
                    throw n.error("accounts[" + i + "].brands[" + b + "].name", "duplicate brand '" + brand + "'");
                }
                for (int k = 0; k < config.numbers().size(); k++) {
                    String number = config.numbers().get(k);
                    String other = brandOfNumber.putIfAbsent(number.startsWith("+") ? number.substring(1) : number,
                            brand);
                    if (other != null) {
                        throw n.error("accounts[" + i + "].brands[" + b + "].numbers[" + k + "]", "number '" + number
                                + "' is also brand '" + other + "''s: which brand a reply to it is for could not be told");
                    }
                }
                for (int k = 0; k < config.senders().size(); k++) {
                    String other = brandOfSender.putIfAbsent(config.senders().get(k), brand);
                    if (other != null) {
                        throw n.error("accounts[" + i + "].brands[" + b + "].senders[" + k + "]", "sender '"
                                + config.senders().get(k) + "' also sends for brand '" + other + "': which brand's "
                                + "consent a commercial message from it needs could not be told");
                    }
                }
                if (accounts.get(i).brands().get(b).mode() == BrandConfig.Mode.INTEGRATOR
                        && !consent.registry().configured()) {
                    throw n.error("accounts[" + i + "].brands[" + b + "].mode",
                            "integrator mode needs consent.registry.url (the registry that holds the brand's consent)");
                }
            }
        }
        Set<String> lists = new HashSet<>(priceLists.stream().map(PriceListConfig::name).toList());
        Set<String> groups = new HashSet<>(userGroups.stream().map(UserGroupConfig::name).toList());
        Map<String, String> parents = new HashMap<>();
        for (int i = 0; i < userGroups.size(); i++) {
            if (!lists.contains(userGroups.get(i).priceList())) {
                throw n.error("user-groups[" + i + "].price-list", "no price list named '" + userGroups.get(i).priceList() + "'");
            }
        }
        for (AccountConfig account : accounts) {
            parents.put(account.systemId(), account.parent());
        }
        for (int i = 0; i < accounts.size(); i++) {
            AccountConfig account = accounts.get(i);
            String at = "accounts[" + i + "].";
            if (account.priceList() != null && !lists.contains(account.priceList())) {
                throw n.error(at + "price-list", "no price list named '" + account.priceList() + "'");
            }
            if (account.userGroup() != null && !groups.contains(account.userGroup())) {
                throw n.error(at + "user-group", "no user group named '" + account.userGroup() + "'");
            }
            if (account.parent() != null && !parents.containsKey(account.parent())) {
                throw n.error(at + "parent", "no account named '" + account.parent() + "'");
            }
            Set<String> seen = new HashSet<>();
            for (String up = account.systemId(); up != null; up = parents.get(up)) {
                if (!seen.add(up)) {
                    throw n.error(at + "parent", "reseller tree has a cycle through '" + up + "'");
                }
            }
        }
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
        return new RingwayConfig(smpp, http, new JournalConfig(directory, journal.sync(), journal.minFreeMegabytes(),
                journal.snapshotInterval(), journal.prefault()),
                ring, simulator, consent, priceLists, userGroups, accounts, upstreams, routes, routing, tls, network);
    }
}
