package io.ringway.server.http;

import io.ringway.engine.account.SubmitRate;
import io.ringway.engine.account.SubmitRates;

/**
 * Per-account submission rate limits ({@code max-tps}) at the HTTP edge, drawn from the node's {@link SubmitRates}:
 * the same bucket the account's SMPP sessions use, so the figure holds across both interfaces. The bucket holds one
 * second's submissions: a multi-recipient request is admitted whole or refused whole (429), so it never goes out
 * half, and one with more recipients than {@code max-tps} can never be admitted (the edge answers it apart).
 * Safe for concurrent use from the event loops.
 */
final class RateLimits {
    private final AccountDirectory directory;
    private final SubmitRates rates;

    RateLimits(AccountDirectory directory, SubmitRates rates) {
        this.directory = directory;
        this.rates = rates;
    }

    /** The account's max-tps, 0 for none. */
    int maxTps(String account) {
        return directory.of(account).maxTps();
    }

    /** Takes {@code count} submissions from the account's allowance; false (nothing taken) when it has not enough. */
    boolean tryAcquire(String account, int count) {
        SubmitRate rate = rates.of(account, directory.of(account).maxTps());
        return rate == null || rate.tryAcquire(count, rates.nanoTime());
    }
}
