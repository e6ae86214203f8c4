package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.Pdu;
import com.cloudhopper.smpp.pdu.SubmitSm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.ringway.connectors.smpp.wire.SmppPduCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bound client that trickles a PDU a byte at a time, over a raw socket (issue 6, case 14): the inactivity
 * timeout counts whole PDUs, so the trickle does not keep the session alive.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientSystemTest {
    @TempDir
    static Path journal;
    private static TestServer ringway;

    @BeforeAll
    static void startServer() {
        ringway = TestServer.start(journal, """
                    inactivity-timeout: 1s
                    bind-failure-limit: 1000
                """, Map.of("tricklers", 10));
    }

    @AfterAll
    static void stopServer() {
        ringway.close();
    }

    @Test
    void shouldCloseABoundSessionTricklingAPduOneByteAtATimeWhenTheInactivityTimeoutExpires() throws Exception {
        try (RawSmppClient client = new RawSmppClient(ringway.port())) {
            Pdu bound = client.bind(RawSmppClient.BIND_TRANSMITTER, "tricklers", TestServer.PASSWORD);
            assertThat(bound.getCommandStatus()).isZero();
            byte[] submit = encoded(RawSmppClient.submitSm("one byte every 200 ms"), client.nextSequence());
            long boundAt = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < submit.length; sent++) {
                    client.sendRaw(new byte[] {submit[sent]});
                    Thread.sleep(200);
                }
            } catch (IOException closedByServer) {
                // the server closed the connection under the trickle, as it should
            }

            assertThat(client.closedByServerWithin(5_000)).isTrue();
            assertThat(sent).isLessThan(submit.length);
            assertThat(System.nanoTime() - boundAt).isLessThan(TimeUnit.SECONDS.toNanos(4));
        }
    }

    private static byte[] encoded(SubmitSm submit, int sequence) throws Exception {
        submit.setSequenceNumber(sequence);
        ByteBuf bytes = SmppPduCodec.transcoder().encode(submit);
        try {
            return ByteBufUtil.getBytes(bytes);
        } finally {
            bytes.release();
        }
    }
}
