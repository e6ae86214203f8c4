package io.ringway.server.smpp;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed binds per remote address, so that a client guessing passwords is refused for a while instead of
 * costing a PBKDF2 verification per guess. An address becomes refused once it has failed {@code limit} times,
 * each failure within {@code backoff} of the one before; it is admitted again {@code backoff} after its last
 * failure. A successful bind clears the address. A zero {@code backoff} disables refusals.
 *
 * <p>Safe for concurrent use: the bind-check threads call it.
 */
final class BindFailureTracker {
    /** Above this many tracked addresses, forgotten entries are swept out on the next failure. */
    private static final int SWEEP_THRESHOLD = 4096;

    private final int limit;
    private final long backoffNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, Failures> byAddress = new ConcurrentHashMap<>();

    BindFailureTracker(int limit, long backoffNanos, LongSupplier nanoClock) {
        this.limit = limit;
        this.backoffNanos = backoffNanos;
        this.nanoClock = nanoClock;
    }

    /** True while {@code address} is in its back-off: its binds are refused without checking the password. */
    boolean isRefused(InetAddress address) {
        Failures failures = byAddress.get(address);
        if (failures == null) {
            return false;
        }
        if (failures.forgottenAt(nanoClock.getAsLong(), backoffNanos)) {
            byAddress.remove(address, failures);
            return false;
        }
        return failures.count >= limit;
    }

    void failed(InetAddress address) {
        long now = nanoClock.getAsLong();
        byAddress.compute(address, (key, failures) -> failures == null || failures.forgottenAt(now, backoffNanos)
                ? new Failures(1, now)
                : new Failures(failures.count + 1, now));
        if (byAddress.size() > SWEEP_THRESHOLD) {
            byAddress.values().removeIf(failures -> failures.forgottenAt(now, backoffNanos));
        }
    }

    void succeeded(InetAddress address) {
        byAddress.remove(address);
    }

    /** Failures of one address so far, and when the last one happened. Immutable, replaced on each failure. */
    private record Failures(int count, long lastAtNanos) {
        boolean forgottenAt(long now, long backoffNanos) {
            return now - lastAtNanos >= backoffNanos;
        }
    }
}
