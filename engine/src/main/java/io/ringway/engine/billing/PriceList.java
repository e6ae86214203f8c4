package io.ringway.engine.billing;

import io.ringway.config.PriceListConfig;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.HashMap;
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

    /** Writes the whole list: name, owner, default price and every prefix with its price, in ascending order. */
    void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeString(name);
        out.writeString(owner);
        out.writeLong(defaultPrice);
        out.writeCount(countPrices(root));
        writePrices(root, new StringBuilder(), out);
    }

    /** The list {@link #writeSnapshot} wrote. */
    static PriceList readSnapshot(SnapshotInput in) throws IOException {
        String name = in.readString();
        String owner = in.readString();
        long defaultPrice = in.readLong();
        int count = in.readCount();
        Map<String, Long> prefixes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String prefix = in.readString();
            long price = in.readLong();
            if (prefix == null || price == NO_PRICE || prefixes.put(prefix, price) != null) {
                throw new SnapshotFormatException("price list " + name + " has a bad prefix " + prefix);
            }
        }
        if (name == null) {
            throw new SnapshotFormatException("a price list without a name");
        }
        try {
            return new PriceList(name, owner, defaultPrice, prefixes);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("price list " + name + ": " + e.getMessage());
        }
    }

    private static int countPrices(Node node) {
        int count = node.price == NO_PRICE ? 0 : 1;
        if (node.children != null) {
            for (Node child : node.children) {
                count += child == null ? 0 : countPrices(child);
            }
        }
        return count;
    }

    /** Depth first in digit order, so that a prefix comes before the longer ones it starts. */
    private static void writePrices(Node node, StringBuilder prefix, SnapshotOutput out) throws IOException {
        if (node.price != NO_PRICE) {
            out.writeString(prefix.toString());
            out.writeLong(node.price);
        }
        if (node.children == null) {
            return;
        }
        for (int digit = 0; digit < 10; digit++) {
            if (node.children[digit] != null) {
                prefix.append((char) ('0' + digit));
                writePrices(node.children[digit], prefix, out);
                prefix.setLength(prefix.length() - 1);
            }
        }
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
