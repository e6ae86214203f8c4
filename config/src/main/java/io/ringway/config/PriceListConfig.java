package io.ringway.config;

import java.util.Map;

/**
 * A price list: unit prices per destination prefix (longest match wins) and an optional default for every
 * other destination. Prices are per message segment, in micro-units of the currency.
 *
 * @param name          name accounts and user groups refer to
 * @param defaultPrice  price for destinations no prefix matches; {@code -1} when there is none (such
 *                      destinations are then refused)
 * @param prefixes      destination prefix (digits of the E.164 number, no '+') to unit price
 */
public record PriceListConfig(String name, long defaultPrice, Map<String, Long> prefixes) {
    /** The largest unit price accepted: 1,000.00 per segment. */
    public static final long MAX_PRICE = 1_000L * Money.ONE;
    public static final long NO_DEFAULT = -1;

    public PriceListConfig {
        prefixes = Map.copyOf(prefixes);
    }

    static PriceListConfig from(ConfigNode n) {
        String name = n.requiredString("name");
        long defaultPrice = n.has("default") ? n.micros("default", 0, 0, MAX_PRICE) : NO_DEFAULT;
        Map<String, Long> prefixes = n.map("prefixes", (node, prefix) -> {
            if (!prefix.matches("[0-9]{1,15}")) {
                throw node.error(prefix, "a prefix is 1 to 15 digits of an E.164 number");
            }
            return node.micros(prefix, 0, 0, MAX_PRICE);
        });
        n.finish();
        return new PriceListConfig(name, defaultPrice, prefixes);
    }
}
