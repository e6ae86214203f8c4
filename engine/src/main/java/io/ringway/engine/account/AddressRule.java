package io.ringway.engine.account;

import io.ringway.config.AddressBlock;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;

/** One entry of an account's bind allow-list: a single address or a CIDR block, IPv4 or IPv6. Immutable. */
public final class AddressRule {
    private final byte[] network;
    private final int prefixBits;

    private AddressRule(byte[] network, int prefixBits) {
        this.network = network;
        this.prefixBits = prefixBits;
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 192.168.1.7} or {@code ::1} as the configuration validates it
     * ({@link AddressBlock}): only literal addresses, never a DNS lookup.
     *
     * @throws IllegalArgumentException when {@code text} is not an IP address or CIDR block
     */
    public static AddressRule parse(String text) {
        AddressBlock block = AddressBlock.parse(text);
        return new AddressRule(block.network(), block.prefixBits());
    }

    public boolean matches(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixBits / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainder = prefixBits % 8;
        if (remainder == 0) {
            return true;
        }
        int mask = 0xFF << (8 - remainder);
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** Writes the parsed rule (address octets and prefix length), not its text: that is what it matches by. */
    void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeBytes(network);
        out.writeInt(prefixBits);
    }

    static AddressRule readSnapshot(SnapshotInput in) throws IOException {
        byte[] network = in.readBytes();
        int prefixBits = in.readInt();
        if (network == null || network.length != 4 && network.length != 16 || prefixBits < 0
                || prefixBits > network.length * 8) {
            throw new SnapshotFormatException("bad address rule: " + (network == null ? -1 : network.length)
                    + " octets, /" + prefixBits);
        }
        return new AddressRule(network, prefixBits);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRule rule && prefixBits == rule.prefixBits
                && Arrays.equals(network, rule.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixBits;
    }
}
