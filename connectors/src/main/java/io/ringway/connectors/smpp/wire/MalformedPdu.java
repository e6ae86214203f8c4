package io.ringway.connectors.smpp.wire;

/**
 * A whole PDU (correctly framed) whose body could not be decoded. The session answers it: with the request's
 * own response type and {@code commandStatus} when the command is known, with {@code generic_nack} otherwise,
 * and keeps the session up; framing is intact, so the next PDU decodes normally.
 *
 * @param commandId      the PDU's command_id
 * @param sequenceNumber the PDU's sequence_number, for the answer
 * @param commandStatus  the SMPP error status to answer with
 * @param reason         what was wrong, for the log
 */
public record MalformedPdu(int commandId, int sequenceNumber, int commandStatus, String reason) {

    /** Responses (bit 31 set) are never answered. */
    public boolean isRequest() {
        return (commandId & 0x80000000) == 0;
    }
}
