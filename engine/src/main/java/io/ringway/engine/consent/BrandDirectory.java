package io.ringway.engine.consent;

import io.ringway.config.AccountConfig;
import io.ringway.config.RingwayConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every brand of the node: which brand a commercial message is sent for, and which brand an inbound reply is
 * addressed to. Immutable after start-up; read by the business logic.
 */
public final class BrandDirectory {
    private final Map<String, List<Brand>> byAccount = new HashMap<>();
    private final Map<String, Brand> byName = new HashMap<>();
    private final Map<String, Brand> byNumber = new HashMap<>();

    public static BrandDirectory fromConfig(RingwayConfig config) {
        BrandDirectory directory = new BrandDirectory();
        for (AccountConfig account : config.accounts()) {
            List<Brand> brands = new ArrayList<>();
            account.brands().forEach(brand -> brands.add(Brand.from(account.systemId(), brand)));
            directory.byAccount.put(account.systemId(), brands);
            for (Brand brand : brands) {
                directory.byName.put(brand.name(), brand);
                brand.numbers().forEach(number -> directory.byNumber.put(number, brand));
            }
        }
        return directory;
    }

    /**
     * The brand {@code account} sends for when it sends as {@code sender}: the brand listing that sender, else its
     * only brand when it has exactly one that lists no senders; {@code null} when none applies.
     */
    public Brand forSender(String account, String sender) {
        List<Brand> brands = byAccount.get(account);
        if (brands == null) {
            return null;
        }
        Brand catchAll = null;
        int catchAlls = 0;
        for (Brand brand : brands) {
            if (brand.senders().contains(sender)) {
                return brand;
            }
            if (brand.senders().isEmpty()) {
                catchAll = brand;
                catchAlls++;
            }
        }
        return catchAlls == 1 ? catchAll : null;
    }

    /** The brand whose reply number is {@code number} (E.164, with or without '+'), or {@code null}. */
    public Brand forNumber(String number) {
        if (number == null) {
            return null;
        }
        return byNumber.get(number.startsWith("+") ? number.substring(1) : number);
    }

    public Brand named(String name) {
        return name == null ? null : byName.get(name);
    }
}
