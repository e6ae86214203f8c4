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
 * request's own response and the exact SMPP status, and the session carries on. Also what a client may do to the
 * byte stream: cut a frame short and hang up, trickle bytes, reuse a sequence number, flood enquire_link.
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
    void shouldAnswerSubmitMultiWithItsOwnResponseAndStayUp() throws Exception {
        try (RawSmppClient client = boundClient()) {
            // submit_multi (0x21): service_type, source, one SME destination, then the submit_sm fields.
            client.sendRaw(new PduBytes().cString("").octet(5).octet(0).cString("RINGWAY").octet(1).octet(1).octet(1)
                    .octet(1).cString("905321234567").octet(0).octet(0).octet(0).cString("").cString("")
                    .octet(0).octet(0).octet(0).octet(0).octet(2).cString("hi").pdu(0x00000021, 15));

            int[] header = client.readHeader();

            assertThat(header[1]).as("submit_multi_resp, not generic_nack").isEqualTo(0x80000021);
            assertThat(header[2]).as("ESME_RINVCMDID").isEqualTo(0x03);
            assertThat(header[3]).isEqualTo(15);
            assertThat(header[0]).as("no body with an error status").isEqualTo(16);
            assertStillServing(client);
        }
    }

    @Test
    void shouldNotAnswerAnOutbindOrAnAlertNotificationFromAClient() throws Exception {
        try (RawSmppClient client = boundClient()) {
            // An SMSC's requests, without a response in SMPP 3.4 (§4.1.7, §4.12).
            client.sendRaw(new PduBytes().cString("demo").cString("x").pdu(0x0000000B, 16));
            client.sendRaw(new PduBytes().octet(1).octet(1).cString("905321234567").octet(1).octet(1)
                    .cString("905329999999").pdu(0x00000102, 17));

            assertStillServing(client); // the next PDU read is the answer to the next request, not to these
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
        assertThat(((SubmitSmResp) response).getMessageId()).as("no body on error (SMPP 3.4 §4.4.2)").isNull();
        assertThat(response.getCommandLength()).isEqualTo(16);
    }

    /** The same connection still answers: it was neither closed nor desynchronised. */
    private static void assertStillServing(RawSmppClient client) throws Exception {
        EnquireLink enquireLink = new EnquireLink();
        Pdu answer = client.call(enquireLink);
        assertThat(answer.getCommandId()).isEqualTo(0x80000015);
        assertThat(answer.getSequenceNumber()).isEqualTo(enquireLink.getSequenceNumber());
        assertThat(answer.getCommandStatus()).isZero();
    }

    @Test
    void shouldCloseCleanlyOnATruncatedFrameFollowedByFinAndPutNothingOnTheRing() throws Exception {
        long submissionsBefore = ringway.engine.counters().submissions.get();
        try (RawSmppClient client = boundClient()) {
            byte[] whole = PduBytes.submitSm().octet(5).bytes("hello".getBytes(StandardCharsets.ISO_8859_1)).pdu(SUBMIT_SM, 21);

            client.sendRaw(Arrays.copyOf(whole, whole.length / 2));
            client.shutdownOutput();

            assertThat(client.closedByServerWithin(5_000)).isTrue();
        }
        Thread.sleep(200);
        assertThat(ringway.engine.counters().submissions.get()).isEqualTo(submissionsBefore);
    }

    @Test
    void shouldAnswerEverySubmissionSharingOneSequenceNumberWithItsOwnMessageId() throws Exception {
        try (RawSmppClient client = boundClient()) {
            byte[] submit = PduBytes.submitSm().octet(5).bytes("hello".getBytes(StandardCharsets.ISO_8859_1)).pdu(SUBMIT_SM, 31);
            client.sendRaw(concat(submit, submit, submit));

            java.util.Set<String> messageIds = new java.util.HashSet<>();
            for (int i = 0; i < 3; i++) {
                Pdu response = client.read();
                assertThat(response.getCommandId()).isEqualTo(SUBMIT_SM_RESP);
                assertThat(response.getSequenceNumber()).isEqualTo(31);
                assertThat(response.getCommandStatus()).isZero();
                messageIds.add(((SubmitSmResp) response).getMessageId());
            }

            assertThat(messageIds).hasSize(3).allMatch(id -> id.matches("[0-9a-f]{16}"));
            assertStillServing(client);
        }
    }

    @Test
    void shouldCloseASenderTricklingItsBindOneByteAtATimeWhenTheBindTimeoutExpires() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            byte[] bind = new PduBytes().cString("erin").cString(TestServer.PASSWORD).cString("")
                    .octet(0x34).octet(0).octet(0).cString("").pdu(RawSmppClient.BIND_TRANSMITTER, 41);
            long connectedAt = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < bind.length; sent++) {
                    client.sendRaw(new byte[] {bind[sent]});
                    Thread.sleep(100);
                }
            } catch (java.io.IOException closedByServer) {
                // the server closed the connection under the trickle, as it should
            }

            assertThat(client.closedByServerWithin(5_000)).isTrue();
            assertThat(sent).isLessThan(bind.length);
            assertThat(System.nanoTime() - connectedAt).isLessThan(TimeUnit.SECONDS.toNanos(3));
        }
    }

    @Test
    void shouldAnswerAFloodOfEnquireLinksInOrder() throws Exception {
        try (RawSmppClient client = boundClient()) {
            byte[][] flood = new byte[2_000][];
            for (int i = 0; i < flood.length; i++) {
                flood[i] = PduBytes.header(16, 0x15, 1_000 + i);
            }
            client.sendRaw(concat(flood));

            for (int i = 0; i < flood.length; i++) {
                Pdu answer = client.read();
                assertThat(answer.getCommandId()).isEqualTo(0x80000015);
                assertThat(answer.getSequenceNumber()).isEqualTo(1_000 + i);
            }
            assertStillServing(client);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
