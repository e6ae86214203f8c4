package io.ringway.engine.billing;

import io.ringway.config.PriceListConfig;

import java.util.Map;

/**
 * Unit prices by destination prefix, longest match first, in a digit trie so that a lookup walks the number
 * once and allocates nothing. Immutable once built; a tariff change builds a new list.
 */
public final class PriceList {
    /** Returned when no prefix matches and there is no default price. */
    public static final long NO_PRICE = -1;

    private final String name;
    private final String owner;
    private final Node root = new Node();
    private final long defaultPrice;
    private final int size;

    public PriceList(String name, String owner, long defaultPrice, Map<String, Long> prefixes) {
        this.name = name;
        this.owner = owner;
        this.defaultPrice = defaultPrice;
        for (Map.Entry<String, Long> tariff : prefixes.entrySet()) {
            insert(tariff.getKey(), tariff.getValue());
        }
        this.size = prefixes.size();
    }

    public static PriceList from(PriceListConfig config) {
        return new PriceList(config.name(), null, config.defaultPrice(), config.prefixes());
    }

    public String name() {
        return name;
    }

    /** The account that defined it (a reseller's own list), or {@code null} for the operator's lists. */
    public String owner() {
        return owner;
    }

    public int size() {
        return size;
    }

    /** Unit price per segment for {@code destination} (E.164, optional '+'), or {@link #NO_PRICE}. */
    public long unitPrice(String destination) {
        long best = defaultPrice;
        Node node = root;
        for (int i = destination.startsWith("+") ? 1 : 0; i < destination.length(); i++) {
            int digit = destination.charAt(i) - '0';
            if (digit < 0 || digit > 9 || node.children == null || node.children[digit] == null) {
                break;
            }
            node = node.children[digit];
            if (node.price != NO_PRICE) {
                best = node.price;
            }
        }
        return best;
    }

    private void insert(String prefix, long price) {
        Node node = root;
        for (int i = 0; i < prefix.length(); i++) {
            int digit = prefix.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("prefix must be digits: " + prefix);
            }
            if (node.children == null) {
                node.children = new Node[10];
            }
            if (node.children[digit] == null) {
                node.children[digit] = new Node();
            }
            node = node.children[digit];
        }
        node.price = price;
    }

    private static final class Node {
        Node[] children;
        long price = NO_PRICE;
    }
}
