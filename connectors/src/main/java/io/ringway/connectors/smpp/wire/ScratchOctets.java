package io.ringway.connectors.smpp.wire;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * A per-thread array a PDU is copied into, or built in, with one bulk copy to or from its buffer: octet access to
 * a Netty buffer pays bounds, reference-count and capacity checks on every call, array access does not. Event
 * loops are Netty's own threads, where the lookup is an array index. An array only grows, up to the largest PDU
 * its thread has handled.
 */
final class ScratchOctets {
    private static final int INITIAL_LENGTH = 512;

    private final FastThreadLocal<byte[]> octets = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[INITIAL_LENGTH];
        }
    };

    /** This thread's array, at least {@code length} octets long; its content is whatever was left in it. */
    byte[] atLeast(int length) {
        byte[] array = octets.get();
        if (array.length < length) {
            array = new byte[Math.max(length, array.length * 2)];
            octets.set(array);
        }
        return array;
    }
}
