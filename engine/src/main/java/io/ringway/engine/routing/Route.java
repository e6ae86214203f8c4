package io.ringway.engine.routing;

import io.ringway.config.RouteConfig;
import io.ringway.engine.billing.PriceList;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;

/**
 * One compiled route: its filters, and its upstreams as indices into {@link Routes} with the arrays its strategy
 * needs, all allocated when the table is built so that choosing allocates nothing. The weighted strategy keeps
 * its round-robin state here, which is why a route belongs to one business logic and its thread alone.
 */
final class Route {
    private final String account;
    private final String userGroup;
    private final String sender;
    private final MessageType type;
    private final RouteConfig.Strategy strategy;
    private final int[] upstreams;
    private final int[] weights;
    /** Smooth weighted round-robin credit per upstream (nginx's algorithm): deterministic, so replay agrees. */
    private final long[] credit;

    Route(RouteConfig config, int[] upstreams) {
        this.account = config.account();
        this.userGroup = config.userGroup();
        this.sender = config.sender();
        this.type = config.type() == null ? null : MessageType.fromText(config.type());
        this.strategy = config.strategy();
        this.upstreams = upstreams;
        this.weights = new int[upstreams.length];
        for (int i = 0; i < upstreams.length; i++) {
            weights[i] = config.upstreams().get(i).weight();
        }
        this.credit = new long[upstreams.length];
    }

    boolean matches(String messageAccount, String messageGroup, String messageSender, MessageType messageType) {
        return (account == null || account.equals(messageAccount))
                && (userGroup == null || userGroup.equals(messageGroup))
                && (sender == null || sender.equals(messageSender))
                && (type == null || type == messageType);
    }

    /** The chosen upstream's index, or {@link Routes#UNAVAILABLE} when {@code gate} refuses every one. */
    int choose(String destination, UpstreamGate gate, PriceList[] costs) {
        return switch (strategy) {
            case PRIORITY -> firstUsable(gate);
            case WEIGHTED -> weighted(gate);
            case LEAST_COST -> cheapest(destination, gate, costs);
        };
    }

    private int firstUsable(UpstreamGate gate) {
        for (int upstream : upstreams) {
            if (gate.usable(upstream)) {
                return upstream;
            }
        }
        return Routes.UNAVAILABLE;
    }

    /** Among usable upstreams only, so a down upstream's share goes to the others and its credit stays put. */
    private int weighted(UpstreamGate gate) {
        long total = 0;
        int best = -1;
        for (int i = 0; i < upstreams.length; i++) {
            if (!gate.usable(upstreams[i])) {
                continue;
            }
            credit[i] += weights[i];
            total += weights[i];
            if (best < 0 || credit[i] > credit[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return Routes.UNAVAILABLE;
        }
        credit[best] -= total;
        return upstreams[best];
    }

    /** Writes the weighted round-robin credit, the route's only state (zeros for the other strategies). */
    void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeCount(credit.length);
        for (long upstreamCredit : credit) {
            out.writeLong(upstreamCredit);
        }
    }

    /** Reads what {@link #writeSnapshot} wrote for this route, built from the same configuration. */
    void readSnapshot(SnapshotInput in) throws IOException {
        int count = in.readCount();
        if (count != credit.length) {
            throw new SnapshotFormatException("route with " + credit.length + " upstreams, snapshot has " + count);
        }
        for (int i = 0; i < count; i++) {
            credit[i] = in.readLong();
        }
    }

    /** An upstream without a cost for the destination ranks after every priced one; ties go to list order. */
    private int cheapest(String destination, UpstreamGate gate, PriceList[] costs) {
        int best = Routes.UNAVAILABLE;
        long bestCost = Long.MAX_VALUE;
        for (int upstream : upstreams) {
            if (!gate.usable(upstream)) {
                continue;
            }
            long cost = costs[upstream].unitPrice(destination);
            long rank = cost == PriceList.NO_PRICE ? Long.MAX_VALUE : cost;
            if (best == Routes.UNAVAILABLE || rank < bestCost) {
                best = upstream;
                bestCost = rank;
            }
        }
        return best;
    }
}
