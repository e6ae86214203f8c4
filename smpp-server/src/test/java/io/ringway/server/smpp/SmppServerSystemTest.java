package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.BaseBindResp;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.Unbind;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server end to end, with jSMPP as an independent client (and a raw socket for what jSMPP will not send),
 * against a real engine whose upstream acknowledges and delivers every message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmppServerSystemTest {
    static final String DESTINATION = "447700900123";
    static final String SENDER = "Ringway";

    @TempDir
    static Path journal;
    private static TestServer ringway;

    private final List<SMPPSession> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        ringway = TestServer.start(journal, """
                    bind-failure-limit: 1000
                    response-timeout: 2s
                """, Map.of("alice", 4, "bob", 2, "carol", 2, "dave", 4, "erin", 2));
    }

    @AfterAll
    static void stopServer() {
        ringway.close();
    }

    /**
     * Closes without unbinding: jSMPP may drop an unbind_resp that arrives together with the server's close and
     * then wait out its timeout. Unbind itself is tested over a raw socket.
     */
    @AfterEach
    void closeClients() {
        clients.forEach(SMPPSession::close);
    }

    @Test
    void shouldAcceptASubmissionAndDeliverItsReceiptOnATransceiver() throws Exception {
        BlockingQueue<DeliverSm> receipts = new LinkedBlockingQueue<>();
        SMPPSession session = bind(BindType.BIND_TRX, "alice", TestServer.PASSWORD, receipts);

        String messageId = submit(session, "hello");

        assertThat(messageId).matches("[0-9a-f]{16}");
        DeliverSm receipt = receipts.poll(10, TimeUnit.SECONDS);
        assertThat(receipt).isNotNull();
        assertThat(receipt.getEsmClass()).isEqualTo((byte) 0x04);
        assertThat(receipt.getSourceAddr()).isEqualTo(DESTINATION);
        assertThat(receipt.getDestAddress()).isEqualTo(SENDER);
        assertThat(((OptionalParameter.COctetString) receipt.getOptionalParameter(
                OptionalParameter.Tag.RECEIPTED_MESSAGE_ID)).getValueAsString()).isEqualTo(messageId);
        assertThat(((OptionalParameter.Byte) receipt.getOptionalParameter(
                OptionalParameter.Tag.MESSAGE_STATE)).getValue()).isEqualTo((byte) 2);
        assertThat(new String(receipt.getShortMessage(), StandardCharsets.ISO_8859_1))
                .startsWith("id:" + messageId + " sub:001 dlvrd:001");
        long id = Long.parseLong(messageId, 16);
        assertThat(ringway.upstream.messages).anySatisfy(message -> {
            assertThat(message.id()).isEqualTo(id);
            assertThat(message.account()).isEqualTo("alice");
            assertThat(message.sourceAddress()).isEqualTo(SENDER);
            assertThat(message.destinationAddress()).isEqualTo(DESTINATION);
            assertThat(message.payload()).isEqualTo("hello".getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    @Test
    void shouldRefuseAWrongPasswordWithInvalidPassword() {
        assertThat(bindStatus("alice", "wrong")).isEqualTo(0x0E);
    }

    @Test
    void shouldRefuseAnUnknownSystemIdWithInvalidSystemId() {
        assertThat(bindStatus("mallory", TestServer.PASSWORD)).isEqualTo(0x0F);
    }

    @Test
    void shouldRefuseOneBindMoreThanTheAccountsMaxBinds() throws Exception {
        bind(BindType.BIND_TX, "bob", TestServer.PASSWORD, null);
        bind(BindType.BIND_TX, "bob", TestServer.PASSWORD, null);

        assertThat(bindStatus("bob", TestServer.PASSWORD)).isEqualTo(0x0D);
    }

    @Test
    void shouldAnswerTheBindWithItsSystemIdAndInterfaceVersion() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            BaseBindResp response = (BaseBindResp) client.bind(RawSmppClient.BIND_TRANSMITTER, "dave",
                    TestServer.PASSWORD);

            assertThat(response.getCommandStatus()).isZero();
            assertThat(response.getSystemId()).isEqualTo("ringway-test");
            assertThat(response.getOptionalParameter((short) 0x0210).getValue()).containsExactly(0x34);
        }
    }

    /** SMPP 3.4 §2.8, §5.3.2.25: an ESME bound as version 3.3 knows no optional parameters and gets none. */
    @Test
    void shouldSendNoOptionalParametersToAnEsmeBoundAsVersionThreeThree() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            Pdu bound = client.bind(RawSmppClient.BIND_TRANSCEIVER, "erin", TestServer.PASSWORD, (byte) 0x33);
            assertThat(bound.getCommandStatus()).isZero();
            assertThat(bound.getOptionalParameters()).isNullOrEmpty();

            String messageId = ((SubmitSmResp) client.call(RawSmppClient.submitSm("version 3.3"))).getMessageId();

            Pdu pdu = client.read();
            while (!(pdu instanceof com.cloudhopper.smpp.pdu.DeliverSm)) {
                pdu = client.read();
            }
            com.cloudhopper.smpp.pdu.DeliverSm receipt = (com.cloudhopper.smpp.pdu.DeliverSm) pdu;
            assertThat(receipt.getEsmClass()).isEqualTo((byte) 0x04);
            assertThat(receipt.getOptionalParameters()).isNullOrEmpty();
            assertThat(new String(receipt.getShortMessage(), StandardCharsets.ISO_8859_1))
                    .startsWith("id:" + messageId + " ").contains(" stat:DELIVRD ");
            client.send(receipt.createResponse());
        }
    }

    @Test
    void shouldRefuseASecondBindOnABoundSessionWithAlreadyBound() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            assertThat(client.bind(RawSmppClient.BIND_TRANSMITTER, "dave", TestServer.PASSWORD).getCommandStatus())
                    .isZero();

            Pdu second = client.bind(RawSmppClient.BIND_TRANSMITTER, "dave", TestServer.PASSWORD);

            assertThat(second.getCommandId()).isEqualTo(0x80000002);
            assertThat(second.getCommandStatus()).isEqualTo(0x05);
        }
    }

    @Test
    void shouldRefuseASubmissionBeforeBindWithInvalidBindStatus() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            Pdu response = client.call(RawSmppClient.submitSm("too early"));

            assertThat(response).isInstanceOf(SubmitSmResp.class);
            assertThat(response.getCommandStatus()).isEqualTo(0x04);
            assertThat(((SubmitSmResp) response).getMessageId()).as("no body on error (SMPP 3.4 §4.4.2)").isNull();
        assertThat(response.getCommandLength()).isEqualTo(16);
        }
    }

    @Test
    void shouldRefuseASubmissionOnAReceiverWithInvalidBindStatus() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            assertThat(client.bind(RawSmppClient.BIND_RECEIVER, "dave", TestServer.PASSWORD).getCommandStatus())
                    .isZero();

            Pdu response = client.call(RawSmppClient.submitSm("wrong direction"));

            assertThat(response).isInstanceOf(SubmitSmResp.class);
            assertThat(response.getCommandStatus()).isEqualTo(0x04);
        }
    }

    @Test
    void shouldAnswerEnquireLinkBeforeAndAfterBind() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            EnquireLink before = new EnquireLink();
            Pdu answerBefore = client.call(before);
            client.bind(RawSmppClient.BIND_TRANSMITTER, "dave", TestServer.PASSWORD);
            EnquireLink after = new EnquireLink();
            Pdu answerAfter = client.call(after);

            assertThat(answerBefore.getCommandId()).isEqualTo(0x80000015);
            assertThat(answerBefore.getSequenceNumber()).isEqualTo(before.getSequenceNumber());
            assertThat(answerBefore.getCommandStatus()).isZero();
            assertThat(answerAfter.getCommandId()).isEqualTo(0x80000015);
            assertThat(answerAfter.getSequenceNumber()).isEqualTo(after.getSequenceNumber());
        }
    }

    @Test
    void shouldAnswerUnbindAndThenClose() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            client.bind(RawSmppClient.BIND_TRANSMITTER, "dave", TestServer.PASSWORD);
            Unbind unbind = new Unbind();

            Pdu response = client.call(unbind);

            assertThat(response.getCommandId()).isEqualTo(0x80000006);
            assertThat(response.getSequenceNumber()).isEqualTo(unbind.getSequenceNumber());
            assertThat(response.getCommandStatus()).isZero();
            assertThat(client.closedByServerWithin(5_000)).isTrue();
        }
    }

    /** SMPP 3.4 §4.2: nothing follows the unbind_resp, not even answers to requests sent behind the unbind. */
    @Test
    void shouldAnswerNothingThatCameBehindAnUnbindOnceItIsAnswered() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            client.bind(RawSmppClient.BIND_TRANSMITTER, "dave", TestServer.PASSWORD);
            ByteArrayOutputStream together = new ByteArrayOutputStream();
            together.write(PduBytes.header(16, 0x00000006, 7));
            together.write(PduBytes.header(16, 0x00000015, 8));
            together.write(PduBytes.header(16, 0x00000015, 9));

            client.sendRaw(together.toByteArray());

            Pdu response = client.read();
            assertThat(response.getCommandId()).isEqualTo(0x80000006);
            assertThat(response.getSequenceNumber()).isEqualTo(7);
            assertThat(client.endOfStreamNextWithin(5_000)).isTrue();
        }
    }

    @Test
    void shouldDeliverAReceiptOwedToAnAccountOnceOneOfItsReceiversBinds() throws Exception {
        SMPPSession transmitter = bind(BindType.BIND_TX, "carol", TestServer.PASSWORD, null);
        String messageId = submit(transmitter, "for later");
        long id = Long.parseLong(messageId, 16);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ringway.deliveries.contains(new TestServer.Delivery(id, "carol", false))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ringway.deliveries).contains(new TestServer.Delivery(id, "carol", false));

        BlockingQueue<DeliverSm> receipts = new LinkedBlockingQueue<>();
        bind(BindType.BIND_RX, "carol", TestServer.PASSWORD, receipts);

        DeliverSm receipt = receipts.poll(10, TimeUnit.SECONDS);
        assertThat(receipt).isNotNull();
        assertThat(((OptionalParameter.COctetString) receipt.getOptionalParameter(
                OptionalParameter.Tag.RECEIPTED_MESSAGE_ID)).getValueAsString()).isEqualTo(messageId);
        assertThat(ringway.deliveries).contains(new TestServer.Delivery(id, "carol", true));
    }

    private SMPPSession bind(BindType type, String systemId, String password, BlockingQueue<DeliverSm> receipts)
            throws IOException {
        SMPPSession session = new SMPPSession();
        session.setTransactionTimer(5_000);
        if (receipts != null) {
            session.setMessageReceiverListener(new ReceiptCollector(receipts));
        }
        session.connectAndBind("127.0.0.1", ringway.port(), new BindParameter(type, systemId, password, "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, ""));
        clients.add(session);
        return session;
    }

    /** The command_status of a refused bind. */
    private int bindStatus(String systemId, String password) {
        SMPPSession session = new SMPPSession();
        session.setTransactionTimer(5_000);
        try {
            session.connectAndBind("127.0.0.1", ringway.port(), new BindParameter(BindType.BIND_TRX, systemId,
                    password, "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, ""));
            clients.add(session);
            throw new AssertionError("bind as " + systemId + " succeeded");
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof NegativeResponseException negative) {
                    return negative.getCommandStatus();
                }
            }
            throw new AssertionError("bind failed without a bind_resp status", e);
        } finally {
            session.close();
        }
    }

    static String submit(SMPPSession session, String text) throws Exception {
        return session.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, SENDER,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, DESTINATION, new ESMClass(), (byte) 0,
                (byte) 0, null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                new GeneralDataCoding(Alphabet.ALPHA_DEFAULT), (byte) 0,
                text.getBytes(StandardCharsets.ISO_8859_1)).getMessageId();
    }

    /** Collects the deliver_sm a jSMPP session receives; jSMPP answers each with deliver_sm_resp OK. */
    record ReceiptCollector(BlockingQueue<DeliverSm> receipts) implements MessageReceiverListener {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) {
            receipts.add(deliverSm);
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
            throw new UnsupportedOperationException("no data_sm expected");
        }
    }
}
