package io.ringway.server.http;

import io.ringway.engine.account.SubmitRate;
import io.ringway.engine.account.SubmitRates;

/**
 * Per-account submission rate limits ({@code max-tps}) at the HTTP edge, drawn from the node's {@link SubmitRates}:
 * the same bucket the account's SMPP sessions use, so the figure holds across both interfaces. A request for more
 * recipients than the bucket holds is refused whole (429), so a multi-recipient request never goes out half.
 * Safe for concurrent use from the event loops.
 */
final class RateLimits {
    private final AccountDirectory directory;
    private final SubmitRates rates;

    RateLimits(AccountDirectory directory, SubmitRates rates) {
        this.directory = directory;
        this.rates = rates;
    }

    /** Takes {@code count} submissions from the account's allowance; false (nothing taken) when it has not enough. */
    boolean tryAcquire(String account, int count) {
        SubmitRate rate = rates.of(account, directory.of(account).maxTps());
        return rate == null || rate.tryAcquire(count, rates.nanoTime());
    }
}
