package io.ringway.engine.consent;

import io.ringway.config.BrandConfig;

import java.util.Set;

/**
 * A brand of an account: the senders that send for it, the numbers its recipients reply to, and who holds its
 * consent. Immutable.
 */
public record Brand(String name, String account, Set<String> senders, Set<String> numbers, BrandConfig.Mode mode) {

    public Brand {
        senders = Set.copyOf(senders);
        numbers = Set.copyOf(numbers);
    }

    static Brand from(String account, BrandConfig config) {
        return new Brand(config.name(), account, Set.copyOf(config.senders()),
                Set.copyOf(config.numbers().stream().map(number -> number.startsWith("+") ? number.substring(1) : number)
                        .toList()), config.mode());
    }
}
