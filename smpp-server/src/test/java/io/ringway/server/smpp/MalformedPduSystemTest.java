package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server answers to broken PDUs sent over a raw socket: a framing error (command_length) is nacked and
 * the connection closed, because the byte stream can no longer be trusted; a body error is answered with the
 * request's own response and the exact SMPP status, and the session carries on.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MalformedPduSystemTest {
    private static final int GENERIC_NACK = 0x80000000;
    private static final int SUBMIT_SM = 0x00000004;
    private static final int SUBMIT_SM_RESP = 0x80000004;

    @TempDir
    static Path journal;
    private static TestServer ringway;

    @BeforeAll
    static void startServer() {
        ringway = TestServer.start(journal, """
                    bind-timeout: 300ms
                    bind-failure-limit: 1000
                """, Map.of("erin", 100));
    }

    @AfterAll
    static void stopServer() {
        ringway.close();
    }

    @Test
    void shouldNackACommandLengthBelowTheHeaderAndClose() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            client.sendRaw(PduBytes.header(8, 0x15, 7));

            Pdu nack = client.read();

            assertThat(nack.getCommandId()).isEqualTo(GENERIC_NACK);
            assertThat(nack.getCommandStatus()).isEqualTo(0x02);
            assertThat(nack.getSequenceNumber()).isEqualTo(7);
            assertThat(client.closedByServerWithin(5_000)).isTrue();
        }
    }

    @Test
    void shouldNackACommandLengthAboveTheCapAndClose() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            client.sendRaw(PduBytes.header(100_000, SUBMIT_SM, 9));

            Pdu nack = client.read();

            assertThat(nack.getCommandId()).isEqualTo(GENERIC_NACK);
            assertThat(nack.getCommandStatus()).isEqualTo(0x02);
            assertThat(nack.getSequenceNumber()).isEqualTo(9);
            assertThat(client.closedByServerWithin(5_000)).isTrue();
        }
    }

    @Test
    void shouldNackAnUnknownCommandIdAndStayUp() throws Exception {
        try (RawSmppClient client = boundClient()) {
            client.sendRaw(new PduBytes().pdu(0x00000077, 11));

            Pdu nack = client.read();

            assertThat(nack.getCommandId()).isEqualTo(GENERIC_NACK);
            assertThat(nack.getCommandStatus()).isEqualTo(0x03);
            assertThat(nack.getSequenceNumber()).isEqualTo(11);
            assertStillServing(client);
        }
    }

    @Test
    void shouldAnswerAShortMessageLongerThanThePduWithInvalidMessageLengthAndStayUp() throws Exception {
        try (RawSmppClient client = boundClient()) {
            byte[] tenBytes = "0123456789".getBytes(StandardCharsets.ISO_8859_1);
            client.sendRaw(PduBytes.submitSm().octet(50).bytes(tenBytes).pdu(SUBMIT_SM, 12));

            assertSubmitRefused(client.read(), 12, 0x01);
            assertStillServing(client);
        }
    }

    @Test
    void shouldAnswerASourceAddressOfThirtyCharactersWithInvalidSourceAndStayUp() throws Exception {
        try (RawSmppClient client = boundClient()) {
            byte[] thirtyChars = ("A".repeat(30) + "\0").getBytes(StandardCharsets.ISO_8859_1);
            client.sendRaw(PduBytes.submitSmWithSource(thirtyChars).octet(2).cString("h").pdu(SUBMIT_SM, 13));

            assertSubmitRefused(client.read(), 13, 0x0A);
            assertStillServing(client);
        }
    }

    @Test
    void shouldAnswerAnUnterminatedSourceAddressWithInvalidSourceAndStayUp() throws Exception {
        try (RawSmppClient client = boundClient()) {
            byte[] unterminated = new byte[40];
            Arrays.fill(unterminated, (byte) 'B');
            client.sendRaw(new PduBytes().cString("").octet(5).octet(0).bytes(unterminated).pdu(SUBMIT_SM, 14));

            assertSubmitRefused(client.read(), 14, 0x0A);
            assertStillServing(client);
        }
    }

    @Test
    void shouldAnswerATlvRunningPastThePduWithInvalidParameterLengthAndStayUp() throws Exception {
        try (RawSmppClient client = boundClient()) {
            byte[] hello = "hello".getBytes(StandardCharsets.ISO_8859_1);
            byte[] pdu = PduBytes.submitSm().octet(hello.length).bytes(hello)
                    .int16(0x0424).int16(100).octet('a').octet('b').octet('c')
                    .pdu(SUBMIT_SM, 15);
            client.sendRaw(pdu);

            assertSubmitRefused(client.read(), 15, 0xC2);
            assertStillServing(client);
        }
    }

    @Test
    void shouldCloseAConnectionThatDoesNotBindWithinTheBindTimeout() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            long connectedAt = System.nanoTime();

            boolean closed = client.closedByServerWithin(5_000);

            assertThat(closed).isTrue();
            assertThat(System.nanoTime() - connectedAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        }
    }

    private static RawSmppClient boundClient() throws Exception {
        RawSmppClient client = new RawSmppClient(ringway.port());
        assertThat(client.bind(RawSmppClient.BIND_TRANSMITTER, "erin", TestServer.PASSWORD).getCommandStatus())
                .isZero();
        return client;
    }

    private static void assertSubmitRefused(Pdu response, int sequence, int status) {
        assertThat(response.getCommandId()).isEqualTo(SUBMIT_SM_RESP);
        assertThat(response.getSequenceNumber()).isEqualTo(sequence);
        assertThat(response.getCommandStatus()).isEqualTo(status);
        assertThat(((SubmitSmResp) response).getMessageId()).isEmpty();
    }

    /** The same connection still answers: it was neither closed nor desynchronised. */
    private static void assertStillServing(RawSmppClient client) throws Exception {
        EnquireLink enquireLink = new EnquireLink();
        Pdu answer = client.call(enquireLink);
        assertThat(answer.getCommandId()).isEqualTo(0x80000015);
        assertThat(answer.getSequenceNumber()).isEqualTo(enquireLink.getSequenceNumber());
        assertThat(answer.getCommandStatus()).isZero();
    }
}
