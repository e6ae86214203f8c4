package io.ringway.engine.routing;

import java.util.List;

/**
 * Chooses the upstream for a message. Until the route table with prefixes, filters and strategies exists, every
 * message goes to the first configured upstream. Business-logic thread only.
 */
public final class Routes {
    private final List<String> upstreams;

    public Routes(List<String> upstreams) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("at least one upstream is required");
        }
        this.upstreams = List.copyOf(upstreams);
    }

    /** The upstream for a destination, or {@code null} when none can take it. */
    public String upstreamFor(String destinationAddress) {
        return upstreams.get(0);
    }

    public List<String> upstreams() {
        return upstreams;
    }
}
