package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.tlv.Tlv;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamReceiptTest {
    private static final long NOW = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();
    private static final String TEXT =
            "id:998877 sub:001 dlvrd:001 submit date:2502281159 done date:2502281201 stat:UNDELIV err:034 text:hi";

    @Test
    void shouldPreferReceiptedMessageIdTlvOverTheTextId() throws Exception {
        DeliverSm deliver = receipt(TEXT);
        deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID, "0F3A\0".getBytes(StandardCharsets.US_ASCII)));

        UpstreamReceipt receipt = UpstreamReceipt.from(deliver, NOW);

        assertThat(receipt).isEqualTo(new UpstreamReceipt("0F3A", "UNDELIV", 34,
                Instant.parse("2025-02-28T12:01:00Z").toEpochMilli()));
    }

    @Test
    void shouldReadTheIdFromTheTextWithoutTlv() throws Exception {
        assertThat(UpstreamReceipt.from(receipt(TEXT), NOW).upstreamMessageId()).isEqualTo("998877");
    }

    @Test
    void shouldAcceptReceiptedMessageIdWithoutItsNul() throws Exception {
        DeliverSm deliver = receipt(TEXT);
        deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID, "abc".getBytes(StandardCharsets.US_ASCII)));

        assertThat(UpstreamReceipt.from(deliver, NOW).upstreamMessageId()).isEqualTo("abc");
    }

    @Test
    void shouldTakeTheStateFromMessageStateWhenTheTextHasNone() throws Exception {
        DeliverSm deliver = receipt("id:55 done date:2502281201");
        deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_MSG_STATE, new byte[] {8}));

        assertThat(UpstreamReceipt.from(deliver, NOW).stat()).isEqualTo("REJECTD");
    }

    @Test
    void shouldReadAReceiptMarkedOnlyByItsTlvAndCarriedInMessagePayload() throws Exception {
        DeliverSm deliver = new DeliverSm();
        deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_RECEIPTED_MSG_ID, "77\0".getBytes(StandardCharsets.US_ASCII)));
        deliver.addOptionalParameter(new Tlv(SmppConstants.TAG_MESSAGE_PAYLOAD, "id:77 stat:delivrd err:000".getBytes(StandardCharsets.US_ASCII)));

        assertThat(UpstreamReceipt.from(deliver, NOW)).isEqualTo(new UpstreamReceipt("77", "DELIVRD", 0, NOW));
    }

    @Test
    void shouldFallBackToNowForAMissingOrUnreadableDoneDate() {
        assertThat(UpstreamReceipt.doneAt(null, NOW)).isEqualTo(NOW);
        assertThat(UpstreamReceipt.doneAt("25130199", NOW)).isEqualTo(NOW);
        assertThat(UpstreamReceipt.doneAt("2513019999", NOW)).isEqualTo(NOW);
        assertThat(UpstreamReceipt.doneAt("25022812a1", NOW)).isEqualTo(NOW);
        assertThat(UpstreamReceipt.doneAt("250228120130", NOW)).isEqualTo(Instant.parse("2025-02-28T12:01:30Z").toEpochMilli());
    }

    @Test
    void shouldReportNoMessageIdWhenTheReceiptNamesNone() throws Exception {
        assertThat(UpstreamReceipt.from(receipt("stat:DELIVRD"), NOW).upstreamMessageId()).isNull();
    }

    @Test
    void shouldNotTakeAMobileOriginatedMessageForAReceipt() throws Exception {
        DeliverSm mobileOriginated = new DeliverSm();
        mobileOriginated.setShortMessage("id:1 stat:DELIVRD".getBytes(StandardCharsets.US_ASCII));

        assertThat(UpstreamReceipt.from(mobileOriginated, NOW)).isNull();
    }

    private static DeliverSm receipt(String text) throws Exception {
        DeliverSm deliver = new DeliverSm();
        deliver.setEsmClass((byte) 0x04);
        deliver.setShortMessage(text.getBytes(StandardCharsets.US_ASCII));
        return deliver;
    }
}
