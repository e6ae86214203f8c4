package io.ringway.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One entry of an account's {@code allowed-addresses}: a single IP address or a CIDR block, IPv4 or IPv6, read
 * from its literal text alone. A name is never resolved: the file is validated once at start, and what an entry
 * admits must not depend on a resolver's answer that day. Immutable.
 */
public final class AddressBlock {
    private static final int IPV4_OCTETS = 4;

    private final byte[] network;
    private final int prefixBits;

    private AddressBlock(byte[] network, int prefixBits) {
        this.network = network;
        this.prefixBits = prefixBits;
    }

    /**
     * Reads {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code 2001:db8::/32} or {@code ::1}. IPv4 is four decimal
     * octets of 0-255 without leading zeros: the short and octal forms some resolvers accept ({@code 10.1} for
     * 10.0.0.1, {@code 010.0.0.1}) are refused rather than guessed at.
     *
     * @throws IllegalArgumentException saying what is wrong, for anything else
     */
    public static AddressBlock parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] octets = address.indexOf(':') >= 0 ? ipv6(address) : ipv4(address);
        int maxBits = octets.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            String prefix = trimmed.substring(slash + 1);
            bits = prefix.matches("[0-9]{1,3}") ? Integer.parseInt(prefix) : -1;
            if (bits < 0 || bits > maxBits) {
                throw new IllegalArgumentException("the prefix length must be 0 to " + maxBits);
            }
        }
        return new AddressBlock(octets, bits);
    }

    private static byte[] ipv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != IPV4_OCTETS) {
            throw new IllegalArgumentException("not an IPv4 address (four numbers 0-255) or an IPv6 address");
        }
        byte[] octets = new byte[IPV4_OCTETS];
        for (int i = 0; i < IPV4_OCTETS; i++) {
            String part = parts[i];
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("not an IPv4 address (four numbers 0-255) or an IPv6 address");
            }
            octets[i] = (byte) Integer.parseInt(part);
        }
        return octets;
    }

    /**
     * An IPv6 literal. {@link InetAddress#getByName} takes a text with a ':' as a literal only and never asks a
     * resolver (a host name cannot hold one); the character check keeps zone ids ({@code %eth0}), which would
     * look up an interface, out.
     */
    private static byte[] ipv6(String address) {
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
        if (!(parsed instanceof Inet6Address)) { // ::ffff:a.b.c.d, which Java turns into IPv4
            throw new IllegalArgumentException("an IPv4-mapped IPv6 address: write it as IPv4");
        }
        return parsed.getAddress();
    }

    /** The address's octets (4 or 16); a copy. */
    public byte[] network() {
        return network.clone();
    }

    public int prefixBits() {
        return prefixBits;
    }
}
