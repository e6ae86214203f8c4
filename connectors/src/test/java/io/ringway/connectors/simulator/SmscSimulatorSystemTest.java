package io.ringway.connectors.simulator;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BindReceiver;
import com.cloudhopper.smpp.pdu.BindTransceiver;
import com.cloudhopper.smpp.pdu.BindTransmitter;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.pdu.EnquireLink;
import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.pdu.Unbind;
import com.cloudhopper.smpp.pdu.UnbindResp;
import com.cloudhopper.smpp.tlv.Tlv;
import com.cloudhopper.smpp.type.Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ringway.config.SimulatorConfig;
import io.ringway.connectors.smpp.wire.SmppPduCodec;
import io.ringway.engine.dlr.ReceiptFields;
import io.ringway.engine.message.MessageIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class SmscSimulatorSystemTest {
    private static final String SYSTEM_ID = "ringway";
    private static final String PASSWORD = "sim-pass";

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @AfterEach
    void closeEverything() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    @Test
    void shouldRefuseBindWithWrongPasswordAndClose() throws Exception {
        SmppTestClient client = client(simulator(config()));

        assertThat(client.bind(new BindTransceiver(), SYSTEM_ID, "wrong")).isEqualTo(SmppConstants.STATUS_INVPASWD);
        assertThat(client.awaitClosed(5_000)).isTrue();
    }

    @Test
    void shouldRefuseBindWithUnknownSystemId() throws Exception {
        SmppTestClient client = client(simulator(config()));

        assertThat(client.bind(new BindTransmitter(), "stranger", PASSWORD)).isEqualTo(SmppConstants.STATUS_INVSYSID);
    }

    @Test
    void shouldAnswerSubmitBeforeBindWithInvalidBindStatus() throws Exception {
        SmscSimulator simulator = simulator(config());
        SmppTestClient client = client(simulator);

        Pdu response = client.call(submit("447700900001"));

        assertThat(response).isInstanceOf(SubmitSmResp.class);
        assertThat(response.getCommandStatus()).isEqualTo(SmppConstants.STATUS_INVBNDSTS);
        assertThat(simulator.submitsReceived()).isZero();
    }

    @Test
    void shouldRefuseSecondBindOnTheSameSession() throws Exception {
        SmppTestClient client = client(simulator(config()));
        assertThat(client.bind(new BindTransceiver(), SYSTEM_ID, PASSWORD)).isEqualTo(SmppConstants.STATUS_OK);

        assertThat(client.bind(new BindTransceiver(), SYSTEM_ID, PASSWORD)).isEqualTo(SmppConstants.STATUS_ALYBND);
    }

    @Test
    void shouldAnswerEnquireLinkAndCloseAfterUnbind() throws Exception {
        SmppTestClient client = boundClient(simulator(config()), new BindTransceiver());

        assertThat(client.call(new EnquireLink()).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        assertThat(client.call(new Unbind())).isInstanceOf(UnbindResp.class);
        assertThat(client.awaitClosed(5_000)).isTrue();
    }

    @Test
    void shouldAcknowledgeSubmitThenSendReceiptCarryingItsMessageId() throws Exception {
        SmscSimulator simulator = simulator(config());
        SmppTestClient client = boundClient(simulator, new BindTransceiver());

        SubmitSmResp response = (SubmitSmResp) client.call(submit("447700900001"));
        DeliverSm receipt = client.nextReceipt();

        assertThat(response.getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        assertThat(response.getMessageId()).matches("[0-9]{17}");
        assertThat(MessageIds.parse(response.getMessageId())).isEqualTo(-1);
        assertThat(receipt).isNotNull();
        assertThat(receipt.getEsmClass()).isEqualTo((byte) 0x04);
        assertThat(receipt.getSourceAddress().getAddress()).isEqualTo("447700900001");
        assertThat(receipt.getDestAddress().getAddress()).isEqualTo("RINGWAY");
        assertThat(receiptedId(receipt)).isEqualTo(response.getMessageId());
        assertThat(messageState(receipt)).isEqualTo(2);
        String text = new String(receipt.getShortMessage(), StandardCharsets.ISO_8859_1);
        ReceiptFields fields = new ReceiptFields().read(receipt.getShortMessage());
        assertThat(fields.id()).isEqualTo(response.getMessageId());
        assertThat(fields.stat()).isEqualTo("DELIVRD");
        assertThat(text).contains(" err:000 ");
        assertThat(text).endsWith("text:hello");
        awaitCount(simulator::receiptsAcknowledged, 1);
        assertThat(simulator.receiptsSent()).isEqualTo(1);
    }

    @Test
    void shouldSendNoReceiptWhenNoneWasRequested() throws Exception {
        SmscSimulator simulator = simulator(config());
        SmppTestClient client = boundClient(simulator, new BindTransceiver());
        SubmitSm withoutReceipt = submit("447700900001");
        withoutReceipt.setRegisteredDelivery((byte) 0);

        assertThat(client.call(withoutReceipt).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        SubmitSmResp second = (SubmitSmResp) client.call(submit("447700900002"));

        assertThat(receiptedId(client.nextReceipt())).isEqualTo(second.getMessageId());
        assertThat(simulator.receiptsSent()).isEqualTo(1);
    }

    @Test
    void shouldReportBothOutcomesOfAnEvenMix() throws Exception {
        SmppTestClient client = boundClient(simulator(config(Map.of("DELIVRD", 1, "UNDELIV", 1), 0, 0, 7L)),
                new BindTransceiver());
        List<CompletableFuture<Pdu>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            responses.add(client.send(submit("4477009" + String.format("%05d", i))));
        }
        for (CompletableFuture<Pdu> response : responses) {
            assertThat(response.get(10, TimeUnit.SECONDS).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        }

        Map<String, Integer> stats = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            DeliverSm receipt = client.nextReceipt();
            String text = new String(receipt.getShortMessage(), StandardCharsets.ISO_8859_1);
            ReceiptFields fields = new ReceiptFields().read(receipt.getShortMessage());
            String stat = fields.stat();
            stats.merge(stat, 1, Integer::sum);
            assertThat(messageState(receipt)).as(text).isEqualTo(stat.equals("DELIVRD") ? 2 : 5);
            assertThat(fields.error()).as(text).isEqualTo(stat.equals("DELIVRD") ? 0 : 1);
        }

        assertThat(stats.keySet()).containsExactlyInAnyOrder("DELIVRD", "UNDELIV");
        assertThat(stats.get("DELIVRD") + stats.get("UNDELIV")).isEqualTo(200);
        assertThat(stats.get("DELIVRD")).isBetween(60, 140);
    }

    @Test
    void shouldDrawTheSameOutcomesForTheSameSeed() throws Exception {
        SimulatorConfig mix = config(Map.of("DELIVRD", 3, "UNDELIV", 1, "EXPIRED", 1, "REJECTD", 1), 0, 0, 1234L);

        List<String> first = outcomesInSubmissionOrder(simulator(mix), 60);
        List<String> second = outcomesInSubmissionOrder(simulator(mix), 60);

        assertThat(first).hasSize(60).isEqualTo(second);
        assertThat(first).contains("DELIVRD", "UNDELIV", "EXPIRED", "REJECTD");
    }

    @Test
    void shouldThrottleSubmitsAboveTheRate() throws Exception {
        SmscSimulator simulator = simulator(config(Map.of("DELIVRD", 1), 10, 0, 1L));
        SmppTestClient client = boundClient(simulator, new BindTransmitter());
        List<CompletableFuture<Pdu>> responses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            responses.add(client.send(submit("447700900001")));
        }

        Map<Integer, Integer> statuses = new HashMap<>();
        for (CompletableFuture<Pdu> response : responses) {
            statuses.merge(response.get(10, TimeUnit.SECONDS).getCommandStatus(), 1, Integer::sum);
        }

        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(
                Map.of(SmppConstants.STATUS_OK, 10, SmppConstants.STATUS_THROTTLED, 20));
        assertThat(simulator.submitsThrottled()).isEqualTo(20);
        assertThat(simulator.submitsAccepted()).isEqualTo(10);
    }

    @Test
    void shouldCloseTheConnectionAfterDropAfterSubmits() throws Exception {
        SimulatorConfig dropping = new SimulatorConfig(true, "127.0.0.1", 0, SYSTEM_ID, PASSWORD, Duration.ZERO,
                Duration.ofMinutes(1), Map.of("DELIVRD", 1), 0, 5, 1L);
        SmppTestClient client = boundClient(simulator(dropping), new BindTransceiver());
        List<CompletableFuture<Pdu>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(client.send(submit("447700900001")));
        }

        assertThat(client.awaitClosed(5_000)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(responses.get(i).get(1, TimeUnit.SECONDS).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        }
        assertThat(responses.subList(5, 8)).noneMatch(CompletableFuture::isDone);
    }

    @Test
    void shouldKeepReceiptUntilAReceiverBinds() throws Exception {
        SmscSimulator simulator = simulator(config());
        SmppTestClient transmitter = boundClient(simulator, new BindTransmitter());
        SubmitSmResp response = (SubmitSmResp) transmitter.call(submit("447700900001"));
        Thread.sleep(200); // well past the 10 ms receipt delay: the receipt is due and has nowhere to go

        SmppTestClient receiver = boundClient(simulator, new BindReceiver());

        assertThat(receiptedId(receiver.nextReceipt())).isEqualTo(response.getMessageId());
        assertThat(transmitter.receipts).isEmpty();
    }

    @Test
    void shouldResendReceiptLostWithItsConnection() throws Exception {
        SmscSimulator simulator = simulator(config());
        SmppTestClient first = boundClient(simulator, new BindTransceiver());
        first.answerReceipts = false;
        SubmitSmResp response = (SubmitSmResp) first.call(submit("447700900001"));
        assertThat(receiptedId(first.nextReceipt())).isEqualTo(response.getMessageId());
        first.close();

        SmppTestClient second = boundClient(simulator, new BindReceiver());

        assertThat(receiptedId(second.nextReceipt())).isEqualTo(response.getMessageId());
        awaitCount(simulator::receiptsAcknowledged, 1);
        assertThat(simulator.receiptsSent()).isEqualTo(2);
    }

    @Test
    void shouldResendReceiptRefusedWithAnError() throws Exception {
        SmscSimulator simulator = simulator(config());
        SmppTestClient client = boundClient(simulator, new BindTransceiver());
        client.refusals.set(1);

        SubmitSmResp response = (SubmitSmResp) client.call(submit("447700900001"));

        assertThat(receiptedId(client.nextReceipt())).isEqualTo(response.getMessageId());
        assertThat(receiptedId(client.nextReceipt())).isEqualTo(response.getMessageId());
        awaitCount(simulator::receiptsAcknowledged, 1);
        assertThat(simulator.receiptsSent()).isEqualTo(2);
    }

    @Test
    void shouldAnswerUnknownCommandWithGenericNackAndStayBound() throws Exception {
        SmppTestClient client = boundClient(simulator(config()), new BindTransceiver());
        ByteBuf unknown = Unpooled.buffer(16).writeInt(16).writeInt(0x00000099).writeInt(0).writeInt(77);

        Pdu nack = client.sendRaw(77, unknown).get(5, TimeUnit.SECONDS);

        assertThat(nack).isInstanceOf(com.cloudhopper.smpp.pdu.GenericNack.class);
        assertThat(nack.getCommandStatus()).isEqualTo(SmppConstants.STATUS_INVCMDID);
        assertThat(client.call(submit("447700900001")).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
    }

    @Test
    void shouldAnswerMalformedSubmitWithItsOwnResponse() throws Exception {
        SmppTestClient client = boundClient(simulator(config()), new BindTransceiver());
        SubmitSm overlong = submit("4477009000011112222333344445555");
        overlong.setSequenceNumber(91);
        ByteBuf bytes = SmppPduCodec.transcoder().encode(overlong);

        Pdu response = client.sendRaw(91, bytes).get(5, TimeUnit.SECONDS);

        assertThat(response).isInstanceOf(SubmitSmResp.class);
        assertThat(response.getCommandStatus()).isEqualTo(SmppConstants.STATUS_INVDSTADR);
        assertThat(client.call(submit("447700900001")).getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
    }

    @Test
    void shouldRefuseConfiguredDestinationsWithoutReceipt() throws Exception {
        SmscSimulator simulator = new SmscSimulator(config(), Map.of("447700900999", SmppConstants.STATUS_INVDSTADR)).start();
        resources.push(simulator);
        SmppTestClient client = boundClient(simulator, new BindTransceiver());

        Pdu refused = client.call(submit("447700900999"));
        SubmitSmResp accepted = (SubmitSmResp) client.call(submit("447700900001"));

        assertThat(refused.getCommandStatus()).isEqualTo(SmppConstants.STATUS_INVDSTADR);
        assertThat(receiptedId(client.nextReceipt())).isEqualTo(accepted.getMessageId());
        assertThat(simulator.submitsAccepted()).isEqualTo(1);
        assertThat(simulator.receiptsSent()).isEqualTo(1);
    }

    @Test
    void shouldAnswerNoEarlierThanTheResponseLatency() throws Exception {
        SimulatorConfig slow = new SimulatorConfig(true, "127.0.0.1", 0, SYSTEM_ID, PASSWORD, Duration.ofMillis(200),
                Duration.ofMillis(10), Map.of("DELIVRD", 1), 0, 0, 1L);
        SmppTestClient client = boundClient(simulator(slow), new BindTransceiver());

        long started = System.nanoTime();
        Pdu response = client.call(submit("447700900001"));

        assertThat(response.getCommandStatus()).isEqualTo(SmppConstants.STATUS_OK);
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    private List<String> outcomesInSubmissionOrder(SmscSimulator simulator, int count) throws Exception {
        SmppTestClient client = boundClient(simulator, new BindTransceiver());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(((SubmitSmResp) client.call(submit("447700900001"))).getMessageId());
        }
        Map<String, String> statById = new HashMap<>();
        for (int i = 0; i < count; i++) {
            DeliverSm receipt = client.nextReceipt();
            statById.put(receiptedId(receipt), new ReceiptFields().read(receipt.getShortMessage()).stat());
        }
        return ids.stream().map(statById::get).toList();
    }

    private static SimulatorConfig config() {
        return config(Map.of("DELIVRD", 1), 0, 0, 42L);
    }

    private static SimulatorConfig config(Map<String, Integer> outcomes, int throttlePerSecond, int dropAfter, long seed) {
        return new SimulatorConfig(true, "127.0.0.1", 0, SYSTEM_ID, PASSWORD, Duration.ZERO, Duration.ofMillis(10),
                outcomes, throttlePerSecond, dropAfter, seed);
    }

    private SmscSimulator simulator(SimulatorConfig config) {
        SmscSimulator simulator = new SmscSimulator(config).start();
        resources.push(simulator);
        return simulator;
    }

    private SmppTestClient client(SmscSimulator simulator) {
        SmppTestClient client = new SmppTestClient(simulator.port());
        resources.push(client);
        return client;
    }

    private SmppTestClient boundClient(SmscSimulator simulator, com.cloudhopper.smpp.pdu.BaseBind<?> bind) throws Exception {
        SmppTestClient client = client(simulator);
        assertThat(client.bind(bind, SYSTEM_ID, PASSWORD)).isEqualTo(SmppConstants.STATUS_OK);
        return client;
    }

    private static SubmitSm submit(String destination) throws Exception {
        SubmitSm submit = new SubmitSm();
        submit.setSourceAddress(new Address((byte) 5, (byte) 0, "RINGWAY"));
        submit.setDestAddress(new Address((byte) 1, (byte) 1, destination));
        submit.setRegisteredDelivery((byte) 1);
        submit.setShortMessage("hello".getBytes(StandardCharsets.ISO_8859_1));
        return submit;
    }

    private static String receiptedId(DeliverSm receipt) {
        Tlv id = receipt.getOptionalParameter(SmppConstants.TAG_RECEIPTED_MSG_ID);
        byte[] value = id.getValue();
        assertThat(value[value.length - 1]).as("receipted_message_id is a C-octet string").isZero();
        return new String(value, 0, value.length - 1, StandardCharsets.ISO_8859_1);
    }

    private static int messageState(DeliverSm receipt) {
        return receipt.getOptionalParameter(SmppConstants.TAG_MSG_STATE).getValue()[0];
    }

    private static void awaitCount(java.util.function.LongSupplier counter, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(counter.getAsLong()).isEqualTo(expected);
    }
}
