package io.ringway.config;

import java.time.Duration;

/**
 * How the business logic treats messages it cannot route at once and receipts it cannot match at once.
 *
 * @param holdTimeout       a message accepted while no upstream of its route was usable waits this long for one
 *                          to come up, then fails as REJECTED (refunded, with a receipt)
 * @param earlyReceiptHold  a receipt that names an upstream id not yet known (the SMSC sent it before its
 *                          submit_sm_resp) is kept this long for the acknowledgement, then counted unmatched
 */
public record RoutingConfig(Duration holdTimeout, Duration earlyReceiptHold) {
    /** Every setting at its default. */
    public static final RoutingConfig DEFAULTS = new RoutingConfig(Duration.ofMinutes(5), Duration.ofSeconds(10));

    static RoutingConfig from(ConfigNode n) {
        RoutingConfig config = new RoutingConfig(
                n.duration("hold-timeout", DEFAULTS.holdTimeout(), Duration.ofSeconds(1), Duration.ofDays(2)),
                n.duration("early-receipt-hold", DEFAULTS.earlyReceiptHold(), Duration.ZERO, Duration.ofHours(1)));
        n.finish();
        return config;
    }
}
