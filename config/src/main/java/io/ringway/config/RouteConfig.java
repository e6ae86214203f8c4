package io.ringway.config;

import java.util.List;

/**
 * One entry of the route table: which upstreams carry messages to a destination prefix, and how the traffic is
 * shared between them. The longest matching prefix wins; among routes of the same prefix the first whose filters
 * all match the message is used, and when none matches the next shorter prefix is tried.
 *
 * @param prefix    destination prefix (digits of the E.164 number, no '+'); {@code ""} is the default route
 * @param account   only messages of this account (system-id); {@code null} for any
 * @param userGroup only messages of accounts in this user group; {@code null} for any
 * @param sender    only messages with exactly this source address; {@code null} for any
 * @param type      only messages of this type ({@code otp}, {@code transactional}, {@code commercial}); {@code null}
 *                  for any. OTP traffic often takes a premium route
 * @param strategy  how an upstream is chosen among the usable ones
 * @param upstreams the upstreams of the route, in priority order
 */
public record RouteConfig(String prefix, String account, String userGroup, String sender, String type,
                          Strategy strategy, List<Target> upstreams) {

    /** How a route chooses among its upstreams; an upstream that is down or saturated is always skipped. */
    public enum Strategy {
        /** The first usable upstream in list order (failover). */
        PRIORITY,
        /** Usable upstreams in proportion to their weights (smooth weighted round-robin, deterministic). */
        WEIGHTED,
        /** The usable upstream with the lowest cost for the destination ({@code upstreams[].costs}). */
        LEAST_COST
    }

    /** The message types a route may filter on, as written in the file. */
    public static final List<String> TYPES = List.of("otp", "transactional", "commercial");

    /**
     * One upstream of a route.
     *
     * @param name   an upstream's name ({@code upstreams[].name})
     * @param weight its share under the weighted strategy (1 by default)
     */
    public record Target(String name, int weight) {
        static Target from(ConfigNode n) {
            Target target = new Target(n.requiredString("name"), n.integer("weight", 1, 1, 1_000_000));
            n.finish();
            return target;
        }
    }

    public RouteConfig {
        upstreams = List.copyOf(upstreams);
    }

    /** Every message to every destination through {@code upstream}: the table when no {@code routes:} is written. */
    public static RouteConfig everythingTo(String upstream) {
        return new RouteConfig("", null, null, null, null, Strategy.PRIORITY, List.of(new Target(upstream, 1)));
    }

    static RouteConfig from(ConfigNode n) {
        String prefix = n.string("prefix", "");
        if (!prefix.matches("[0-9]{0,15}")) {
            throw n.error("prefix", "a prefix is up to 15 digits of an E.164 number (\"\" for the default route)");
        }
        String type = n.string("type", null);
        if (type != null && !TYPES.contains(type)) {
            throw n.error("type", "must be one of " + TYPES + ", was '" + type + "'");
        }
        RouteConfig config = new RouteConfig(prefix,
                n.string("account", null),
                n.string("user-group", null),
                n.string("sender", null),
                type,
                n.enumValue("strategy", Strategy.class, Strategy.PRIORITY),
                n.list("upstreams", Target::from));
        if (config.upstreams.isEmpty()) {
            throw n.error("upstreams", "a route needs at least one upstream");
        }
        n.finish();
        return config;
    }
}
