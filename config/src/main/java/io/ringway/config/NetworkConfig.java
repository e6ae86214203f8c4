package io.ringway.config;

/**
 * The network threads of a node.
 *
 * @param ioThreads Netty event loops shared by the customer SMPP server, the HTTP API and the upstream SMPP binds;
 *                  0 (the default) means {@link #ioThreadsFor half the cores, at least one}. The ring's stages
 *                  (journal, business logic, output) have a thread each beside them: on two cores one event loop
 *                  does the same work with a quarter less CPU per message than two, because every read and
 *                  write of a round then shares one wake-up (benchmarks/README.md, eighth session)
 */
public record NetworkConfig(int ioThreads) {

    static NetworkConfig from(ConfigNode n) {
        NetworkConfig config = new NetworkConfig(n.integer("io-threads", 0, 0, 1024));
        n.finish();
        return config;
    }

    /** The event loops to start on a machine with {@code cores} processors. */
    public int ioThreadsFor(int cores) {
        return ioThreads > 0 ? ioThreads : Math.max(1, cores / 2);
    }
}
