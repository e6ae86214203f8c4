package io.ringway.server.smpp;

import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receipt the customer accepts (deliver_sm_resp OK) is acknowledged to the engine, which then stops owing it.
 * A server of its own, so that the engine's counters count this test alone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReceiptAcknowledgementSystemTest {
    @TempDir
    Path journal;

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
