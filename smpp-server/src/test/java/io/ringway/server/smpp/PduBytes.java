package io.ringway.server.smpp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built PDU bytes, field by field, for the malformed PDUs no library will encode. */
final class PduBytes {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** A bare 16-octet header whose command_length may lie about the PDU. */
    static byte[] header(long commandLength, int commandId, int sequence) {
        PduBytes header = new PduBytes();
        header.int32((int) commandLength).int32(commandId).int32(0).int32(sequence);
        return header.body.toByteArray();
    }

    /**
     * A submit_sm body up to and including the destination address, with the given source address bytes (which
     * may lack their NUL) and then every mandatory field up to sm_length.
     */
    static PduBytes submitSmWithSource(byte[] sourceAddress) {
        PduBytes pdu = new PduBytes();
        pdu.cString("").octet(5).octet(0).bytes(sourceAddress)
                .octet(1).octet(1).cString("447700900123")
                .octet(0).octet(0).octet(0).cString("").cString("")
                .octet(1).octet(0).octet(0).octet(0);
        return pdu;
    }

    static PduBytes submitSm() {
        return submitSmWithSource("Ringway\0".getBytes(StandardCharsets.ISO_8859_1));
    }

    PduBytes octet(int value) {
        body.write(value);
        return this;
    }

    PduBytes int16(int value) {
        return octet(value >>> 8).octet(value);
    }

    PduBytes int32(int value) {
        return int16(value >>> 16).int16(value);
    }

    PduBytes bytes(byte[] value) {
        body.writeBytes(value);
        return this;
    }

    PduBytes cString(String value) {
        return bytes(value.getBytes(StandardCharsets.ISO_8859_1)).octet(0);
    }

    /** The whole PDU: a header with the true command_length, then the body written so far. */
    byte[] pdu(int commandId, int sequence) {
        byte[] bodyBytes = body.toByteArray();
        PduBytes whole = new PduBytes();
        whole.int32(16 + bodyBytes.length).int32(commandId).int32(0).int32(sequence).bytes(bodyBytes);
        return whole.body.toByteArray();
    }
}
