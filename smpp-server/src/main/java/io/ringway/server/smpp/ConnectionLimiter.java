package io.ringway.server.smpp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Caps open customer connections, in total and per remote address, so that one client (or a connection flood)
 * cannot use up the server's sockets and memory before it has even tried to bind. A connection over either cap is
 * closed as soon as it is accepted.
 *
 * <p>Called once per accepted and once per closed connection, from event loops: a plain lock is cheap at that
 * rate and keeps the two counts consistent.
 */
final class ConnectionLimiter {
    private final int maxConnections;
    private final int maxPerAddress;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int total;

    ConnectionLimiter(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a new connection from {@code address}, or returns false (counting nothing) when over a cap. */
    synchronized boolean tryAcquire(InetAddress address) {
        int fromAddress = perAddress.getOrDefault(address, 0);
        if (total >= maxConnections || fromAddress >= maxPerAddress) {
            return false;
        }
        total++;
        perAddress.put(address, fromAddress + 1);
        return true;
    }

    /** Forgets a connection {@link #tryAcquire} counted. */
    synchronized void release(InetAddress address) {
        total--;
        int fromAddress = perAddress.getOrDefault(address, 0) - 1;
        if (fromAddress <= 0) {
            perAddress.remove(address);
        } else {
            perAddress.put(address, fromAddress);
        }
    }

    synchronized int open() {
        return total;
    }
}
