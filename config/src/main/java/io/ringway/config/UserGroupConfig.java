package io.ringway.config;

/**
 * A user group: accounts in it buy from the same price list with the same coefficient, unless an account sets
 * its own.
 *
 * @param name        name accounts refer to
 * @param priceList   the price list its accounts are charged from
 * @param coefficient multiplier of that price list, in millionths ({@code 1_000_000} = 1.0)
 */
public record UserGroupConfig(String name, String priceList, long coefficient) {

    static UserGroupConfig from(ConfigNode n) {
        UserGroupConfig config = new UserGroupConfig(n.requiredString("name"), n.requiredString("price-list"),
                n.micros("coefficient", Money.ONE, 1, AccountConfig.MAX_COEFFICIENT));
        n.finish();
        return config;
    }
}
