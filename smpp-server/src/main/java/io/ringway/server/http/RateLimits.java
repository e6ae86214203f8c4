package io.ringway.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-account submission rate limits ({@code max-tps}): a token bucket per account holding up to one second of
 * submissions, refilled continuously. A request for more recipients than the bucket holds is refused whole
 * (429), so a multi-recipient request never goes out half. Safe for concurrent use from the event loops; each
 * bucket locks only itself, for a few arithmetic operations.
 */
final class RateLimits {
    private final AccountDirectory directory;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimits(AccountDirectory directory, LongSupplier nanoClock) {
        this.directory = directory;
        this.nanoClock = nanoClock;
    }

    /** Takes {@code count} submissions from the account's allowance; false (nothing taken) when it has not enough. */
    boolean tryAcquire(String account, int count) {
        int maxTps = directory.of(account).maxTps();
        if (maxTps == 0) {
            return true;
        }
        return buckets.computeIfAbsent(account, name -> new Bucket(maxTps, nanoClock.getAsLong()))
                .tryTake(count, nanoClock.getAsLong());
    }

    /** One account's allowance: up to one second of submissions. */
    private static final class Bucket {
        private final int perSecond;
        private double tokens;
        private long last;

        Bucket(int perSecond, long now) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
            this.last = now;
        }

        synchronized boolean tryTake(int count, long now) {
            tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1e9);
            last = now;
            if (tokens < count) {
                return false;
            }
            tokens -= count;
            return true;
        }
    }
}
