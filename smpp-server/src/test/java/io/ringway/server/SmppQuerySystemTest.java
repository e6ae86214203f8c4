package io.ringway.server;

import org.jsmpp.bean.MessageState;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.QuerySmResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * query_sm (SMPP 3.4 §4.8), asked by a client the team did not write (jSMPP): a finished message answers its
 * final state, the date it reached it and its error code; a message still waiting answers ENROUTE with no final
 * date; an id that is not one of ours is ESME_RINVMSGID, and one this account never submitted (another
 * account's, or none) ESME_RQUERYFAIL.
 */
@Timeout(60)
class SmppQuerySystemTest {
    private static final DateTimeFormatter SMPP_MINUTE = DateTimeFormatter.ofPattern("yyMMddHHmm")
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path data;

    @Test
    void shouldAnswerTheStateOfTheAccountsOwnMessages() throws Exception {
        int smppPort = TestNodes.freePort();
        try (RingwayNode node = new RingwayNode(TestNodes.httpConfig(data, smppPort, TestNodes.freePort(),
                TestNodes.freePort(), "10ms", "")).start();
             JsmppCustomer customer = new JsmppCustomer(smppPort, TestNodes.SYSTEM_ID, TestNodes.PASSWORD);
             JsmppCustomer other = new JsmppCustomer(smppPort, "acme-sub", "sub-pass")) {
            String id = customer.submit("905321234567", "Your code is 4711");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!customer.receipts.containsKey(id) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(customer.receipts).containsKey(id);

            QuerySmResult finished = customer.query(id);

            byte receiptState = customer.receiptStates.get(id);
            assertThat(finished.getMessageState().value()).as("the state its receipt reported")
                    .isEqualTo(receiptState);
            assertThat(finished.getMessageState()).isIn(MessageState.DELIVERED, MessageState.UNDELIVERABLE);
            assertThat(finished.getFinalDate()).matches("\\d{12}[0-9]00\\+");
            assertThat(finished.getFinalDate().substring(0, 10)).isIn(SMPP_MINUTE.format(Instant.now()),
                    SMPP_MINUTE.format(Instant.now().minusSeconds(60)));
            String receiptText = customer.receipts.get(id);
            int receiptError = Integer.parseInt(receiptText.replaceAll(".* err:(\\d{3}) .*", "$1"));
            assertThat(finished.getErrorCode() & 0xFF).isEqualTo(receiptError);

            String scheduled = customer.submitScheduled("905321234568", "Later", "000000010000000R");
            QuerySmResult waiting = customer.query(scheduled);
            assertThat(waiting.getMessageState()).isEqualTo(MessageState.ENROUTE);
            assertThat(waiting.getFinalDate()).isNullOrEmpty();

            assertThat(refusal(customer, "not-an-id")).isEqualTo(0x0C);
            assertThat(refusal(customer, "00000000000fffff")).as("never issued").isEqualTo(0x67);
            assertThat(refusal(customer, "8000000000000000")).as("in the form, never issued").isEqualTo(0x67);
            assertThat(refusal(customer, "0000000000000000")).as("in the form, never issued").isEqualTo(0x67);
            assertThat(refusal(other, id)).as("another account's message").isEqualTo(0x67);
        }
    }

    private static int refusal(JsmppCustomer customer, String messageId) {
        return catchThrowableOfType(() -> customer.query(messageId), NegativeResponseException.class)
                .getCommandStatus();
    }
}
