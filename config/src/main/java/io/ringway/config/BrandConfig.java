package io.ringway.config;

import java.util.List;

/**
 * A brand an account sends commercial messages for: the unit consent is given to (Turkey's IYS keeps consent per
 * brand code). Brand names are unique across the node, because consent records and imports name them.
 *
 * @param name    brand name, as consent records and imports refer to it
 * @param senders sender ids that send for this brand; empty: every sender of the account
 * @param numbers numbers recipients reply to (MO); an opt-out keyword sent to one records an OPT_OUT for the brand
 * @param mode    {@code registry}: Ringway holds the consent; {@code integrator}: an external registry does
 */
public record BrandConfig(String name, List<String> senders, List<String> numbers, Mode mode) {

    /** Who is the source of truth for the brand's consent. */
    public enum Mode { REGISTRY, INTEGRATOR }

    public BrandConfig {
        senders = List.copyOf(senders);
        numbers = List.copyOf(numbers);
    }

    static BrandConfig from(ConfigNode n) {
        String name = n.requiredString("name");
        if (name.length() > 32) {
            throw n.error("name", "must be at most 32 characters");
        }
        List<String> numbers = n.strings("numbers", List.of());
        for (int i = 0; i < numbers.size(); i++) {
            if (!numbers.get(i).matches("\\+?[0-9]{3,15}")) {
                throw n.error("numbers[" + i + "]", "must be a number of 3 to 15 digits");
            }
        }
        BrandConfig config = new BrandConfig(name, n.strings("senders", List.of()), numbers,
                n.enumValue("mode", Mode.class, Mode.REGISTRY));
        n.finish();
        return config;
    }
}
