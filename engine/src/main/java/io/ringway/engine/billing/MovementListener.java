package io.ringway.engine.billing;

/**
 * Hears every money movement as the business logic makes it. Live engines use {@link #NONE}; statements are
 * produced by replaying the journal into a listener that keeps one account's lines, so the live engine holds
 * no ever-growing history.
 */
public interface MovementListener {
    MovementListener NONE = (time, account, type, messageId, amount, balanceAfter, reference) -> { };

    /**
     * @param time         ingress time of the input that caused it, epoch milliseconds
     * @param account      the account whose balance moved
     * @param type         what happened
     * @param messageId    the message it concerns, or 0
     * @param amount       micro-units moved (positive; the type says which way)
     * @param balanceAfter the balance after the movement
     * @param reference    a destination for message charges, a free reference for top-ups
     */
    void movement(long time, String account, MovementType type, long messageId, long amount, long balanceAfter,
                  String reference);

    /**
     * Message {@code messageId} of {@code account} was routed to {@code upstream}, which charges {@code cost}
     * (micro-units, 0 when its cost table has no price) for it: with the RESERVE amount this gives the margin.
     * Comes with the RESERVE, or later for a message that waited for a usable upstream.
     */
    default void routed(long time, String account, long messageId, String upstream, long cost) {
    }
}
