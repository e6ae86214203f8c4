package io.ringway.engine.routing;

/**
 * Says whether an upstream may take one more message now (bound and not saturated). The business logic answers
 * from state it was told through journaled events, never from live connector state, so a replay routes alike.
 */
@FunctionalInterface
public interface UpstreamGate {
    /** Every upstream is usable: for tools and benchmarks that route without availability. */
    UpstreamGate ANY = upstream -> true;

    boolean usable(int upstream);
}
