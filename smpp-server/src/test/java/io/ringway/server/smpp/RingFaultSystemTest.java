package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import com.cloudhopper.smpp.pdu.SubmitSmResp;
import com.cloudhopper.smpp.type.Address;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ring handler that throws, seen from an SMPP client (issue 6, case 19): the engine's fault-injection seam
 * makes the business logic fail on one recipient; that submission is dead-lettered and answered ESME_RSYSERR,
 * and the processor goes on deciding the submissions after it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RingFaultSystemTest {
    private static final String POISONED_RECIPIENT = "447700900666";
    private static final int ESME_RSYSERR = 0x08;

    @TempDir
    static Path journal;
    private static TestServer ringway;
    private static LogCapture logs;

    @BeforeAll
    static void startServer() {
        logs = new LogCapture();
        ringway = TestServer.start(TestServer.config(journal, "", """
                  - system-id: faulty
                    max-binds: 2
                """, null), RingFaultSystemTest::failOnPoisonedRecipient);
    }

    @AfterAll
    static void stopServer() {
        ringway.close();
        logs.close();
    }

    /** The dispatcher runs beside the responder, so a message may reach the upstream just after its answer. */
    private static void awaitUpstreamMessages(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ringway.upstream.messages.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void failOnPoisonedRecipient(MessageEvent submission) {
        if (POISONED_RECIPIENT.equals(submission.destinationAddress)) {
            throw new IllegalStateException("injected fault for " + POISONED_RECIPIENT);
        }
    }

    @Test
    void shouldAnswerASubmissionWhoseHandlerThrowsWithSystemErrorAndKeepDecidingTheNextOnes() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            assertThat(client.bind(RawSmppClient.BIND_TRANSMITTER, "faulty", TestServer.PASSWORD)
                    .getCommandStatus()).isZero();
            SubmitSm poisoned = RawSmppClient.submitSm("poisoned");
            poisoned.setDestAddress(new Address((byte) 1, (byte) 1, POISONED_RECIPIENT));

            Pdu failed = client.call(poisoned);
            List<Integer> after = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                after.add(client.call(RawSmppClient.submitSm("after the fault " + i)).getCommandStatus());
            }

            awaitUpstreamMessages(3);

            assertThat(failed).isInstanceOf(SubmitSmResp.class);
            assertThat(failed.getSequenceNumber()).isEqualTo(poisoned.getSequenceNumber());
            assertThat(failed.getCommandStatus()).isEqualTo(ESME_RSYSERR);
            assertThat(((SubmitSmResp) failed).getMessageId()).as("no body on error (SMPP 3.4 §4.4.2)").isNull();
            assertThat(after).containsExactly(0, 0, 0);
            assertThat(ringway.engine.counters().handlerExceptions.get()).isEqualTo(1);
            assertThat(ringway.upstream.messages).hasSize(3)
                    .noneMatch(message -> message.destinationAddress().equals(POISONED_RECIPIENT));
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("ringway.dead-letters "))
                    .singleElement().asString().contains("injected fault for " + POISONED_RECIPIENT);
        }
    }
}
