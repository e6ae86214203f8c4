package io.ringway.server.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiving client that stops reading while receipts are owed to it (issue 6, case 15), over a raw socket with
 * a small receive buffer. What goes out to it is bounded twice: by the session's receipt window, and, with a
 * window too large to matter, by Netty's write-buffer high-water mark (the channel turns unwritable and the
 * dispatcher stops handing it receipts). The engine keeps every receipt it could not hand over, and takes back
 * the unanswered ones after the response timeout, so all of them arrive once the client reads again or a reading
 * session of the account binds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NonReadingClientSystemTest {
    private static final String ACCOUNT = "hoarder";
    private static final int MESSAGES = 2_000;
    /**
     * Receipts of some 7 MB on the wire: more than the kernel's send buffer on loopback grows to (at most
     * {@code tcp_wmem}'s 4 MB) plus the write buffer's high-water mark, so the channel must turn unwritable.
     */
    private static final int MANY_MESSAGES = 40_000;
    /** Small enough that the kernel holds only a few deliver_sm for the client. */
    private static final int CLIENT_RECEIVE_BUFFER = 4_096;

    @Test
    void shouldSendANonReadingReceiverNoMoreReceiptsThanItsWindowAndDeliverAllOnceItReads(@TempDir Path journal)
            throws Exception {
        try (TestServer ringway = TestServer.start(journal, """
                    receipt-window: 16
                    response-timeout: 20s
                """, Map.of(ACCOUNT, 2));
             RawSmppClient receiver = stalledReceiver(ringway.port())) {
            Set<String> submitted = submitWithReceipts(ringway, MESSAGES);

            assertThat(settledHandOvers(ringway, MESSAGES)).isEqualTo(16);
            assertThat(readAndAcknowledgeReceipts(receiver, MESSAGES)).isEqualTo(submitted);
        }
    }

    @Test
    void shouldStopWritingReceiptsToANonReadingReceiverAtTheHighWaterMarkAndDeliverAllToAReaderThatBindsLater(
            @TempDir Path journal) throws Exception {
        try (TestServer ringway = TestServer.start(journal, """
                    receipt-window: 65536
                    response-timeout: 2s
                """, Map.of(ACCOUNT, 3));
             RawSmppClient stalled = stalledReceiver(ringway.port())) {
            Set<String> submitted = submitWithReceipts(ringway, MANY_MESSAGES);

            int handedOver = settledHandOvers(ringway, MANY_MESSAGES);

            assertThat(handedOver).isPositive().isLessThan(MANY_MESSAGES);
            try (RawSmppClient reader = new RawSmppClient(ringway.port())) {
                assertThat(reader.bind(RawSmppClient.BIND_RECEIVER, ACCOUNT, TestServer.PASSWORD)
                        .getCommandStatus()).isZero();
                // The stalled session's receipts come back to the engine after the response timeout (2 s).
                assertThat(readAndAcknowledgeReceipts(reader, MANY_MESSAGES)).isEqualTo(submitted);
            }
        }
    }

    /**
     * A client that sends requests and never reads the answers (enquire_link, which needs no bind either) is not read
     * beyond what its unread answers allow: the octets the server takes level off. They used to grow until the
     * heap was full of answers (an outside audit filled a 512 MB heap in seconds, and the node hung).
     */
    @Test
    void shouldStopReadingAClientThatSendsRequestsWithoutReadingTheAnswers(@TempDir Path journal) throws Exception {
        try (TestServer ringway = TestServer.start(journal, "", Map.of(ACCOUNT, 1));
             SocketChannel flooder = SocketChannel.open()) {
            flooder.setOption(StandardSocketOptions.SO_RCVBUF, CLIENT_RECEIVE_BUFFER);
            flooder.setOption(StandardSocketOptions.SO_SNDBUF, CLIENT_RECEIVE_BUFFER);
            flooder.connect(new InetSocketAddress("127.0.0.1", ringway.port()));
            RawSmppClient session = new RawSmppClient(flooder.socket());
            assertThat(session.bind(RawSmppClient.BIND_TRANSCEIVER, ACCOUNT, TestServer.PASSWORD).getCommandStatus())
                    .isZero(); // bound: no bind timeout ends the connection
            flooder.configureBlocking(false);
            ByteBuffer requests = enquireLinks(4_096);
            long taken = 0;
            long levelFrom = 0;
            long levelSince = System.nanoTime();
            long deadline = levelSince + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() - levelSince < TimeUnit.SECONDS.toNanos(2)) {
                if (!requests.hasRemaining()) {
                    requests.rewind();
                }
                int written = flooder.write(requests);
                taken += written;
                if (taken - levelFrom > 64 * 1024) {
                    levelFrom = taken;
                    levelSince = System.nanoTime();
                }
                assertThat(taken).as("octets the server took from a client that reads nothing")
                        .isLessThan(96L << 20);
                assertThat(System.nanoTime()).as("still reading after %d octets", taken).isLessThan(deadline);
                if (written == 0) {
                    Thread.sleep(1);
                }
            }
            assertThat(taken).as("the server answered some before it stopped").isGreaterThan(16 * 4_096);
        }
    }

    /** {@code count} enquire_link PDUs back to back, sequence numbers 1 to count. */
    private static ByteBuffer enquireLinks(int count) {
        ByteBuffer requests = ByteBuffer.allocate(16 * count);
        for (int i = 1; i <= count; i++) {
            requests.putInt(16).putInt(SmppConstants.CMD_ID_ENQUIRE_LINK).putInt(0).putInt(i);
        }
        return requests.flip();
    }

    /** A bound receiver with a small socket receive buffer that reads nothing after its bind_resp. */
    private static RawSmppClient stalledReceiver(int port) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(CLIENT_RECEIVE_BUFFER);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        RawSmppClient receiver = new RawSmppClient(socket);
        assertThat(receiver.bind(RawSmppClient.BIND_RECEIVER, ACCOUNT, TestServer.PASSWORD).getCommandStatus())
                .isZero();
        return receiver;
    }

    /** Submits {@code count} messages asking for receipts on a transmitter of the same account; their ids. */
    private static Set<String> submitWithReceipts(TestServer ringway, int count) throws Exception {
        Set<String> messageIds = new HashSet<>();
        try (RawSmppClient transmitter = new RawSmppClient(ringway.port())) {
            assertThat(transmitter.bind(RawSmppClient.BIND_TRANSMITTER, ACCOUNT, TestServer.PASSWORD)
                    .getCommandStatus()).isZero();
            for (int i = 0; i < count; i++) {
                Pdu response = transmitter.call(RawSmppClient.submitSm("receipt wanted " + i));
                while (response.getCommandStatus() == SmppConstants.STATUS_THROTTLED) {
                    Thread.sleep(1); // the ring is full of receipts for a moment; retry as a client would
                    response = transmitter.call(RawSmppClient.submitSm("receipt wanted " + i));
                }
                assertThat(response.getCommandStatus()).isZero();
                messageIds.add(((SubmitSmResp) response).getMessageId());
            }
        }
        assertThat(messageIds).hasSize(count);
        return messageIds;
    }

    /**
     * Receipts the engine handed to the stalled session, once every message has reached the upstream and the
     * count has stopped moving: the upstream reports each receipt 50 ms after the message.
     */
    private static int settledHandOvers(TestServer ringway, int messages) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ringway.upstream.messages.size() < messages && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ringway.upstream.messages).hasSize(messages);
        int before;
        int after = handedOver(ringway);
        do {
            before = after;
            Thread.sleep(1_500); // longer than the engine's timer tick, which offers waiting receipts again
            after = handedOver(ringway);
        } while (after != before);
        return after;
    }

    private static int handedOver(TestServer ringway) {
        return (int) ringway.deliveries.stream().filter(TestServer.Delivery::delivered).count();
    }

    /** Reads deliver_sm and answers each with deliver_sm_resp OK until {@code count} distinct receipts came. */
    private static Set<String> readAndAcknowledgeReceipts(RawSmppClient receiver, int count) throws Exception {
        Set<String> receipted = new HashSet<>();
        while (receipted.size() < count) {
            Pdu pdu = receiver.read();
            if (pdu instanceof DeliverSm deliver) {
                byte[] id = deliver.getOptionalParameter(SmppConstants.TAG_RECEIPTED_MSG_ID).getValue();
                receipted.add(new String(id, 0, id.length - 1, StandardCharsets.US_ASCII));
                receiver.send(deliver.createResponse());
            }
        }
        return receipted;
    }
}
