package io.ringway.server.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.pdu.Pdu;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receipt the customer accepts (deliver_sm_resp OK) is acknowledged to the engine, which then stops owing it;
 * one its session left unanswered when it closed is sent again at once.
 * A server of its own, so that the engine's counters count this test alone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReceiptAcknowledgementSystemTest {
    @TempDir
    Path journal;

    @Test
    void shouldSendAReceiptLeftUnansweredOnAClosedSessionAgainAtOnceWhenTheCustomerRebinds() throws Exception {
        try (TestServer ringway = TestServer.start(journal, "", Map.of("ivan", 2))) {
            String unanswered = null;
            try (RawSmppClient first = new RawSmppClient(ringway.port())) {
                first.bind(RawSmppClient.BIND_TRANSCEIVER, "ivan", TestServer.PASSWORD);
                first.send(RawSmppClient.submitSm("left unanswered"));
                while (unanswered == null) {
                    unanswered = receiptText(first.read());
                }
            } // the connection drops; the receipt's response timeout (30 s) is far off

            try (RawSmppClient second = new RawSmppClient(ringway.port())) {
                second.bind(RawSmppClient.BIND_RECEIVER, "ivan", TestServer.PASSWORD);

                assertThat(receiptText(second.read())).as("within five seconds").isEqualTo(unanswered);
            }
        }
    }

    /** The text of {@code pdu} if it is a deliver_sm, else {@code null}. */
    private static String receiptText(Pdu pdu) {
        return pdu.getCommandId() == SmppConstants.CMD_ID_DELIVER_SM
                ? new String(((BaseSm<?>) pdu).getShortMessage(), StandardCharsets.ISO_8859_1) : null;
    }

    @Test
    void shouldTellTheEngineThatTheCustomerAcceptedTheReceipt() throws Exception {
        try (TestServer ringway = TestServer.start(journal, "", Map.of("ivan", 1))) {
            BlockingQueue<DeliverSm> receipts = new LinkedBlockingQueue<>();
            SMPPSession session = new SMPPSession();
            session.setMessageReceiverListener(new SmppServerSystemTest.ReceiptCollector(receipts));
            session.connectAndBind("127.0.0.1", ringway.port(), new BindParameter(BindType.BIND_TRX, "ivan",
                    TestServer.PASSWORD, "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, ""));
            try {
                SmppServerSystemTest.submit(session, "ack me");
                assertThat(receipts.poll(10, TimeUnit.SECONDS)).isNotNull();

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (ringway.engine.counters().receiptsAcknowledged.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }

                assertThat(ringway.engine.counters().receiptsAcknowledged.get()).isEqualTo(1);
                assertThat(ringway.engine.counters().receipts.get()).isEqualTo(1);
            } finally {
                session.close();
            }
        }
    }
}
