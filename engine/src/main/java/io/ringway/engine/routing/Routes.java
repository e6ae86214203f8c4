package io.ringway.engine.routing;

import io.ringway.config.RouteConfig;
import io.ringway.config.RingwayConfig;
import io.ringway.config.UpstreamConfig;
import io.ringway.engine.billing.PriceList;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The route table: destination prefix (longest match, in a digit trie), then the first route of that prefix whose
 * filters (account, user group, sender, message type) match; when none of a prefix's routes matches, the next
 * shorter prefix is tried, down to the default route {@code ""}. The chosen route's strategy then picks an
 * upstream among those the {@link UpstreamGate} calls usable.
 *
 * <p>Upstreams are numbered in configuration order, so the business logic keeps their state in plain arrays.
 * A lookup walks the number once and allocates nothing. Business-logic thread only: weighted routes keep state.
 */
public final class Routes {
    /** No route matches the message: it is refused (NO_ROUTE). */
    public static final int NO_ROUTE = -1;
    /** A route matches but none of its upstreams is usable now. */
    public static final int UNAVAILABLE = -2;
    /** The longest prefix a destination (E.164) can have, plus the root. */
    private static final int MAX_DEPTH = 16;
    /** "ROUT": begins this class's part of a snapshot. */
    private static final int MARKER = 0x524F5554;

    private final String[] names;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final PriceList[] costs;
    private final UpstreamConfig.ReceiptIdFormat[] idFormats;
    private final Map<String, String> groupOfAccount;
    private final Node root = new Node();
    /** Scratch for a lookup, not state. */
    private final Node[] path = new Node[MAX_DEPTH];
    /** Every route in file order, for snapshots: the trie holds the same objects. */
    private final List<Route> inFileOrder = new ArrayList<>();

    /**
     * @param routes          the route table, in file order
     * @param upstreams       every upstream, in file order (their index is their number)
     * @param groupOfAccount  user group of each account that has one (for user-group filters)
     */
    public Routes(List<RouteConfig> routes, List<UpstreamConfig> upstreams, Map<String, String> groupOfAccount) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is required");
        }
        this.names = new String[upstreams.size()];
        this.costs = new PriceList[upstreams.size()];
        this.idFormats = new UpstreamConfig.ReceiptIdFormat[upstreams.size()];
        for (int i = 0; i < names.length; i++) {
            UpstreamConfig upstream = upstreams.get(i);
            names[i] = upstream.name();
            indexByName.put(upstream.name(), i);
            costs[i] = new PriceList(upstream.name(), null, PriceList.NO_PRICE, upstream.costs());
            idFormats[i] = upstream.receiptIdFormat();
        }
        this.groupOfAccount = new HashMap<>(groupOfAccount);
        for (RouteConfig route : routes) {
            add(route);
        }
    }

    /** Everything to the first of {@code upstreams}, which have no costs: the table of a file without routes. */
    public Routes(List<String> upstreams) {
        this(upstreams.isEmpty() ? List.of() : List.of(RouteConfig.everythingTo(upstreams.get(0))),
                upstreams.stream().map(Routes::bare).toList(), Map.of());
    }

    /** The table {@code config} describes. */
    public static Routes fromConfig(RingwayConfig config) {
        Map<String, String> groups = new HashMap<>();
        config.accounts().forEach(account -> {
            if (account.userGroup() != null) {
                groups.put(account.systemId(), account.userGroup());
            }
        });
        return new Routes(config.effectiveRoutes(), config.upstreams(), groups);
    }

    private static UpstreamConfig bare(String name) {
        return new UpstreamConfig(name, "", 0, "", "", "", UpstreamConfig.BindType.TRANSCEIVER, 1, 1, 0, null,
                null, null, null);
    }

    private void add(RouteConfig config) {
        int[] targets = new int[config.upstreams().size()];
        for (int i = 0; i < targets.length; i++) {
            Integer index = indexByName.get(config.upstreams().get(i).name());
            if (index == null) {
                throw new IllegalArgumentException("route to unknown upstream " + config.upstreams().get(i).name());
            }
            targets[i] = index;
        }
        Node node = root;
        String prefix = config.prefix();
        for (int i = 0; i < prefix.length(); i++) {
            int digit = prefix.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("prefix must be digits: " + prefix);
            }
            if (node.children == null) {
                node.children = new Node[10];
            }
            if (node.children[digit] == null) {
                node.children[digit] = new Node();
            }
            node = node.children[digit];
        }
        Route route = new Route(config, targets);
        Route[] grown = new Route[node.routes.length + 1];
        System.arraycopy(node.routes, 0, grown, 0, node.routes.length);
        grown[node.routes.length] = route;
        node.routes = grown;
        inFileOrder.add(route);
    }

    /**
     * The upstream for a message: its index, {@link #NO_ROUTE} when no route matches, or {@link #UNAVAILABLE}
     * when the matching route has no usable upstream. A route that matches but whose upstreams are all unusable
     * does not fall through to a shorter prefix: filters and prefixes say where a message may go, availability
     * only chooses among those.
     */
    public int route(String destination, String account, String sender, MessageType type, UpstreamGate gate) {
        int depth = 0;
        Node node = root;
        path[depth++] = node;
        for (int i = destination.startsWith("+") ? 1 : 0; i < destination.length(); i++) {
            int digit = destination.charAt(i) - '0';
            if (digit < 0 || digit > 9 || node.children == null || node.children[digit] == null) {
                break;
            }
            node = node.children[digit];
            if (depth < MAX_DEPTH) {
                path[depth++] = node;
            }
        }
        String group = groupOfAccount.get(account);
        while (depth > 0) {
            Route[] candidates = path[--depth].routes;
            for (Route route : candidates) {
                if (route.matches(account, group, sender, type)) {
                    return route.choose(destination, gate, costs);
                }
            }
        }
        return NO_ROUTE;
    }

    /** Number of upstreams. */
    public int upstreamCount() {
        return names.length;
    }

    /** Name of upstream number {@code index}. */
    public String name(int index) {
        return names[index];
    }

    /** Number of the upstream called {@code name}, or -1. */
    public int index(String name) {
        Integer index = indexByName.get(name);
        return index == null ? -1 : index;
    }

    /** What upstream {@code index} charges per segment for {@code destination}, 0 when its cost table has none. */
    public long unitCost(int index, String destination) {
        long cost = costs[index].unitPrice(destination);
        return cost == PriceList.NO_PRICE ? 0 : cost;
    }

    public UpstreamConfig.ReceiptIdFormat receiptIdFormat(int index) {
        return idFormats[index];
    }

    /** Upstream names in configuration order. */
    public List<String> upstreams() {
        return List.of(names);
    }

    /** Routes in the table. */
    public int size() {
        return inFileOrder.size();
    }

    /**
     * Writes what routing changed since the table was built from the configuration: each route's weighted
     * round-robin credit, in file order.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(MARKER);
        out.writeCount(inFileOrder.size());
        for (Route route : inFileOrder) {
            route.writeSnapshot(out);
        }
    }

    /** Reads what {@link #writeSnapshot} wrote into a table built from the same configuration. */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(MARKER, "routes");
        int count = in.readCount();
        if (count != inFileOrder.size()) {
            throw new SnapshotFormatException("a table of " + inFileOrder.size() + " routes, snapshot has " + count);
        }
        for (Route route : inFileOrder) {
            route.readSnapshot(in);
        }
    }

    private static final class Node {
        private static final Route[] NONE = new Route[0];
        Node[] children;
        Route[] routes = NONE;
    }
}
