package io.ringway.engine.account;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The {@link SubmitRate} of every rate-limited account, so that every session of an account, on any edge, draws
 * from the same bucket. A session looks its account's rate up once, when it binds, and keeps it.
 *
 * <p>Safe for concurrent use; binds are rare, so the lookup may allocate.
 */
public final class SubmitRates {
    private final ConcurrentHashMap<String, SubmitRate> byAccount = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public SubmitRates(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The shared rate of {@code account}, or {@code null} when it has no {@code max-tps}. */
    public SubmitRate of(Account account) {
        return of(account.systemId(), account.maxTps());
    }

    /**
     * The shared rate of the account {@code systemId} limited to {@code perSecond} submissions a second, or
     * {@code null} when {@code perSecond} is 0 (unlimited); the SMPP and HTTP edges of one node draw from it alike.
     */
    public SubmitRate of(String systemId, int perSecond) {
        if (perSecond == 0) {
            return null;
        }
        SubmitRate current = byAccount.get(systemId);
        if (current != null && current.perSecond() == perSecond) {
            return current;
        }
        return byAccount.compute(systemId, (id, rate) -> rate != null && rate.perSecond() == perSecond
                ? rate : new SubmitRate(perSecond, nanoClock.getAsLong()));
    }

    /** Reads the clock the rates were made with, for {@link SubmitRate#tryAcquire}. */
    public long nanoTime() {
        return nanoClock.getAsLong();
    }
}
