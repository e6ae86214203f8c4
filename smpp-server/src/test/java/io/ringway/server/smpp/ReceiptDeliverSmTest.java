package io.ringway.server.smpp;

import com.cloudhopper.smpp.pdu.DeliverSm;
import io.ringway.engine.dlr.CustomerReceipt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptDeliverSmTest {
    @Test
    void shouldWriteAReceiptAsAnSmscDeliveryReceiptFromTheRecipientToTheSender() {
        CustomerReceipt receipt = TestReceipts.delivered(0x1f, "alice");

        DeliverSm deliver = ReceiptDeliverSm.of(receipt, true);

        assertThat(deliver.getEsmClass()).isEqualTo((byte) 0x04);
        assertThat(deliver.getDataCoding()).isZero();
        assertThat(deliver.getSourceAddress().getAddress()).isEqualTo(TestReceipts.RECIPIENT);
        assertThat(deliver.getSourceAddress().getTon()).isEqualTo((byte) 1);
        assertThat(deliver.getSourceAddress().getNpi()).isEqualTo((byte) 1);
        assertThat(deliver.getDestAddress().getAddress()).isEqualTo(TestReceipts.SENDER);
        assertThat(deliver.getDestAddress().getTon()).isEqualTo((byte) 5);
        assertThat(deliver.getDestAddress().getNpi()).isEqualTo((byte) 0);
        assertThat(new String(deliver.getShortMessage(), StandardCharsets.ISO_8859_1)).isEqualTo(receipt.text());
        assertThat(deliver.getOptionalParameter((short) 0x001E).getValue())
                .isEqualTo("000000000000001f\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(deliver.getOptionalParameter((short) 0x0427).getValue()).containsExactly(2);
        assertThat(deliver.getReferenceObject()).isEqualTo(new ReceiptDeliverSm.Offered(receipt.messageId(),
                receipt.handOver()));
    }

    @Test
    void shouldLeaveTheOptionalParametersOutForAnEsmeOfAnEarlierVersionThanThreeFour() {
        CustomerReceipt receipt = TestReceipts.delivered(0x1f, "alice");

        DeliverSm deliver = ReceiptDeliverSm.of(receipt, false);

        assertThat(deliver.getOptionalParameters()).isNullOrEmpty();
        assertThat(new String(deliver.getShortMessage(), StandardCharsets.ISO_8859_1)).isEqualTo(receipt.text());
    }
}
