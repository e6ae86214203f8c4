package io.ringway.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Segments;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /cgi-bin/sendsms} sends what Kannel 1.4.5's sendsms would put in its submit_sm for the same parameters (the
 * expected octets were taken from a Kannel 1.4.5 submitting to a logging SMSC), and refuses before anything reaches
 * the ring what it cannot send as asked: a parameter it does not support, a misformed value, a text of more parts
 * than a concatenated message carries (over the wire the 8 KiB request line keeps such texts out already; the check
 * does not rely on it), more receivers than the account's max-tps admits in a second.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class KannelSendSmsTest {
    private static final String CREDENTIALS = "username=" + TestApi.ACCOUNT + "&password=" + TestApi.PASSWORD;
    private static final String FROM_TO = "&from=RINGWAY&to=905321234567";
    private static final HexFormat HEX = HexFormat.of();

    private final TestApi api = new TestApi(0);

    @Test
    void shouldSendUcs2TextAsGivenInUtf16BeWithCoding2() {
        MessageEvent event = sent("&text=%00%5F%00%60&coding=2");

        assertThat(event.dataCoding).isEqualTo((byte) 0x08);
        assertThat(hex(event.payload)).isEqualTo("005f0060");
        assertThat(hex(sent("&text=%00%5F%00%60&coding=2&charset=UTF-16BE").payload)).isEqualTo("005f0060");
        assertThat(hex(sent("&text=%C5%9Fkil&coding=2&charset=UTF-8").payload)).isEqualTo("015f006b0069006c");
        assertThat(event.esmClass).isZero();
        assertThat(event.channel).isEqualTo(Channel.KANNEL);
    }

    @Test
    void shouldReadTheTextInItsCharset() {
        MessageEvent turkish = sent("&text=%FEkil&charset=ISO-8859-9");

        assertThat(turkish.dataCoding).as("ş: UCS-2, as the JSON API would").isEqualTo((byte) 0x08);
        assertThat(hex(turkish.payload)).isEqualTo("015f006b0069006c");
        MessageEvent utf8 = sent("&text=%C5%9Fkil");
        assertThat(hex(utf8.payload)).as("UTF-8 without a charset").isEqualTo("015f006b0069006c");
        MessageEvent latin = sent("&text=caf%E9+%FF&charset=ISO-8859-1");
        assertThat(latin.dataCoding).as("ÿ is not GSM: Latin-1").isEqualTo((byte) 0x03);
        assertThat(hex(latin.payload)).isEqualTo("636166e920ff");
    }

    @Test
    void shouldSendGsmTextWithCoding0AndRefuseWhatGsmLacks() {
        MessageEvent gsm = sent("&text=hi+%40&coding=0");

        assertThat(gsm.dataCoding).isZero();
        assertThat(hex(gsm.payload)).as("@ is GSM septet 0").isEqualTo("68692000");
        assertThat(refused("&text=%C5%9Fkil&coding=0")).isEqualTo("Text has characters the GSM 7-bit alphabet "
                + "lacks (coding 0); send it with coding 2, rejected");
    }

    @Test
    void shouldSend8BitDataAsTheOctetsGivenWithCoding1() {
        MessageEvent data = sent("&text=%01%02%FF&coding=1&charset=UTF-16BE");

        assertThat(data.dataCoding).isEqualTo((byte) 0x04);
        assertThat(hex(data.payload)).as("charset does not apply to data").isEqualTo("0102ff");
    }

    @Test
    void shouldRefuseTextThatIsNotTextInItsCharset() {
        assertThat(refused("&text=%FEkil")).as("not UTF-8").isEqualTo("Charset or body misformed, rejected");
        assertThat(refused("&text=hi&charset=NO-SUCH-CHARSET")).isEqualTo("Charset or body misformed, rejected");
        assertThat(refused("&text=%00%5F%00&coding=2")).as("odd UTF-16BE").isEqualTo("Charset or body misformed, "
                + "rejected");
    }

    @Test
    void shouldSendTheCustomersUdhWithUdhiAsOneMessage() {
        MessageEvent data = sent("&text=hi&udh=%05%00%03%01%02%01");

        assertThat(data.esmClass).isEqualTo((byte) 0x40);
        assertThat(data.dataCoding).as("8-bit, as Kannel without a coding").isEqualTo((byte) 0x04);
        assertThat(hex(data.payload)).isEqualTo("0500030102016869");
        MessageEvent text = sent("&text=hi&udh=%05%00%03%01%02%01&coding=0");
        assertThat(text.dataCoding).isZero();
        assertThat(hex(text.payload)).isEqualTo("0500030102016869");
        MessageEvent full = sent("&text=" + "a".repeat(153) + "&udh=%05%00%03%01%02%01&coding=0");
        assertThat(full.payload).as("153 septets after a 6-octet UDH: one segment").hasSize(6 + 153);
    }

    @Test
    void shouldRefuseAMisformedUdhAndATextOverTheOneSegmentItLeaves() {
        assertThat(refused("&text=hi&udh=%05%00%03")).isEqualTo("UDH field misformed, rejected");
        assertThat(refused("&text=" + "a".repeat(154) + "&udh=%05%00%03%01%02%01&coding=0"))
                .isEqualTo("Text too long for one message with its udh (154 septets, at most 153), rejected");
        assertThat(refused("&text=" + "a".repeat(135) + "&udh=%05%00%03%01%02%01"))
                .isEqualTo("Text too long for one message with its udh (135 octets, at most 134), rejected");
    }

    @Test
    void shouldSendTheMessageClassInTheCodingGroupKannelUses() {
        assertThat(sent("&text=hi&mclass=0").dataCoding).as("flash, 7-bit").isEqualTo((byte) 0xF0);
        assertThat(sent("&text=hi&mclass=3&coding=1").dataCoding).isEqualTo((byte) 0xF7);
        assertThat(sent("&text=hi&mclass=1&coding=2&charset=UTF-8").dataCoding).isEqualTo((byte) 0x19);
        assertThat(sent("&text=hi&alt-dcs=1").dataCoding).as("1111 group: class 1").isEqualTo((byte) 0xF1);
        assertThat(sent("&text=hi&mclass=2&alt-dcs=0").dataCoding).as("00 group").isEqualTo((byte) 0x12);
        assertThat(sent("&text=%FF&charset=ISO-8859-1&mclass=0").dataCoding).as("Latin-1 has no class: UCS-2")
                .isEqualTo((byte) 0x18);
        MessageEvent eightBitWithClass = sent("&text=hi&mclass=2&coding=1&alt-dcs=0");
        assertThat(eightBitWithClass.dataCoding).as("00 group, 8-bit").isEqualTo((byte) 0x16);
        assertThat(Segments.count(new byte[141], eightBitWithClass.dataCoding, (byte) 0))
                .as("charged and split as 8-bit data: 140 octets a segment").isEqualTo(2);
    }

    @Test
    void shouldTakeValidityAndDeferredInMinutesAsTheJsonApiTakesValidityAndSendAt() {
        assertThat(sent("&text=hi&validity=1").validityMillis).isEqualTo(60_000);
        assertThat(sent("&text=hi&validity=10080").validityMillis).as("7 days").isEqualTo(604_800_000);
        assertThat(sent("&text=hi&deferred=60").sendAt).isEqualTo(TestApi.NOW + 3_600_000);
        assertThat(sent("&text=hi&deferred=0").sendAt).as("now").isZero();
        MessageEvent plain = sent("&text=hi&validity=-1&deferred=");
        assertThat(plain.validityMillis).as("-1 and empty: not given, as in Kannel").isZero();
        assertThat(plain.sendAt).isZero();
        assertThat(refused("&text=hi&validity=0")).isEqualTo("Validity field misformed (1 to 10080), rejected");
        assertThat(refused("&text=hi&deferred=10081")).isEqualTo("Deferred field misformed (0 to 10080), rejected");
        assertThat(refused("&text=hi&validity=soon")).isEqualTo("Validity field misformed (1 to 10080), rejected");
    }

    @Test
    void shouldCountValidityFromTheRequestAsKannelDoesWhenTheMessageIsDeferred() {
        MessageEvent deferred = sent("&text=hi&validity=90&deferred=60");
        assertThat(deferred.sendAt).isEqualTo(TestApi.NOW + 3_600_000);
        assertThat(deferred.validityMillis).as("90 minutes from the request: 30 left at the send time")
                .isEqualTo(1_800_000);
        assertThat(sent("&text=hi&validity=90&deferred=0").validityMillis).isEqualTo(5_400_000);
        assertThat(refused("&text=hi&validity=60&deferred=60"))
                .isEqualTo("Validity ends before the deferred time, rejected");
    }

    @Test
    void shouldSendPidPriorityAndReplyPathUpstream() {
        MessageEvent event = sent("&text=hi&pid=64&priority=2&rpi=1");

        assertThat(event.protocolId).isEqualTo((byte) 0x40);
        assertThat(event.priorityFlag).isEqualTo((byte) 2);
        assertThat(event.esmClass).isEqualTo((byte) 0x80);
        assertThat(refused("&text=hi&pid=300")).isEqualTo("PID field misformed (0 to 255), rejected");
        assertThat(refused("&text=hi&priority=4")).isEqualTo("Priority field misformed (0 to 3), rejected");
        assertThat(refused("&text=hi&coding=3")).isEqualTo("Coding field misformed (0 to 2), rejected");
        assertThat(refused("&text=hi&mclass=4")).isEqualTo("MClass field misformed (0 to 3), rejected");
    }

    @Test
    void shouldRefuseTheParametersItCannotHonourNamingThem() {
        assertThat(refused("&text=hi&smsc=up1")).isEqualTo("Parameter smsc is not supported (Ringway routes by its "
                + "route table; an upstream cannot be named), rejected");
        for (String parameter : KannelSendSms.UNSUPPORTED.keySet()) {
            assertThat(refused("&text=hi&" + parameter + "=1")).startsWith("Parameter " + parameter
                    + " is not supported (");
        }
        assertThat(refused("&text=hi&compress=1")).startsWith("Parameter compress is not supported");
        assertThat(sent("&text=hi&compress=0&smsc=").dataCoding).as("off, and empty: nothing asked").isZero();
    }

    @Test
    void shouldTakeKannelsOlderNamesOfTheCredentials() {
        EmbeddedChannel channel = api.channel();
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/cgi-bin/sendsms?user="
                + TestApi.ACCOUNT + "&pass=" + TestApi.PASSWORD + "&from=RINGWAY&to=905321234567&text=hi"));
        channel.runPendingTasks();

        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(api.published()).isEqualTo(1);
    }

    @Test
    void shouldReadAFormBody() {
        FullHttpResponse response = post("", "application/x-www-form-urlencoded", CREDENTIALS
                + "&from=RINGWAY&to=905321234567&text=form+%FEkil&charset=ISO-8859-9&validity=5", Map.of());

        assertThat(response).as("on the ring, answered once decided").isNull();
        MessageEvent event = api.ring.get(0);
        assertThat(hex(event.payload)).isEqualTo("0066006f0072006d0020015f006b0069006c");
        assertThat(event.validityMillis).isEqualTo(300_000);
    }

    @Test
    void shouldReadKannelsPostWithTheTextInTheBodyAndTheParametersInHeaders() {
        Map<String, String> headers = Map.of("X-Kannel-Username", TestApi.ACCOUNT, "X-Kannel-Password",
                TestApi.PASSWORD, "X-Kannel-From", "RINGWAY", "X-Kannel-To", "905321234567", "X-Kannel-Coding", "2",
                "X-Kannel-UDH", "050003010201", "X-Kannel-Deferred", "10");

        assertThat(post("", "text/plain; charset=ISO-8859-9", "\u00FEkil", headers)).isNull();

        MessageEvent event = api.ring.get(0);
        assertThat(event.esmClass).isEqualTo((byte) 0x40);
        assertThat(event.dataCoding).isEqualTo((byte) 0x08);
        assertThat(hex(event.payload)).isEqualTo("050003010201015f006b0069006c");
        assertThat(event.sendAt).isEqualTo(TestApi.NOW + 600_000);
    }

    @Test
    void shouldTakeAnOctetStreamBodyAs8BitData() {
        assertThat(post("", "application/octet-stream", "\u0001\u0002", Map.of("X-Kannel-Username",
                TestApi.ACCOUNT, "X-Kannel-Password", TestApi.PASSWORD, "X-Kannel-From", "RINGWAY", "X-Kannel-To",
                "905321234567"))).isNull();

        assertThat(api.ring.get(0).dataCoding).isEqualTo((byte) 0x04);
        assertThat(hex(api.ring.get(0).payload)).isEqualTo("0102");
    }

    @Test
    void shouldRefuseAPostItCannotReadWhole() {
        assertThat(body(post("?" + CREDENTIALS, "text/plain", "hi", Map.of("X-Kannel-To", "905321234567"))))
                .isEqualTo("Parameters in the query string of a POST are not read; send them as X-Kannel-* headers "
                        + "or in a form body, rejected");
        assertThat(body(post("", "application/json", "{}", Map.of()))).isEqualTo("Invalid content-type");
        assertThat(body(post("", "application/x-www-form-urlencoded", CREDENTIALS + FROM_TO + "&text=50%off",
                Map.of()))).isEqualTo("Malformed %-escape in the form body, rejected");
        assertThat(body(post("", "text/xml", "<message/>", Map.of()))).startsWith("Content-type text/xml is not "
                + "supported");
        assertThat(api.published()).isZero();
    }

    @Test
    void shouldRefuseATextOfMoreThan255PartsInKannelsWords() {
        assertThat(refused("&text=" + URLEncoder.encode("ş".repeat(20_000), StandardCharsets.UTF_8)))
                .as("UCS-2: 40,000 octets, 299 parts").isEqualTo("Message too long (299 parts, at most 255), rejected");
    }

    @Test
    void shouldTakeATextOf255Parts() {
        assertThat(sent("&text=" + URLEncoder.encode("ş".repeat(255 * 67), StandardCharsets.UTF_8)).payload)
                .hasSize(255 * 134);
    }

    @Test
    void shouldRefuseForGoodMoreReceiversThanTheAccountsMaxTpsAdmitsInASecond() {
        TestApi limited = new TestApi(2);

        FullHttpResponse never = get(limited, "&from=RINGWAY&to=905321234567+905321234568+905321234569&text=hi");
        FullHttpResponse two = get(limited, "&from=RINGWAY&to=905321234567+905321234568&text=hi");
        FullHttpResponse again = get(limited, "&from=RINGWAY&to=905321234567+905321234568&text=hi");

        assertThat(never.status().code()).isEqualTo(400);
        assertThat(body(never)).isEqualTo("Too many receivers for the account's max-tps (3, at most 2 a second), "
                + "rejected");
        assertThat(two).as("on the ring, answered once the engine decides").isNull();
        assertThat(limited.published()).isEqualTo(2);
        assertThat(again.status().code()).as("the second's budget is spent").isEqualTo(429);
        assertThat(again.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(body(again)).isEqualTo("Sending failed.");
    }

    /** A GET to the one recipient that went to the ring: the event it put there. */
    private MessageEvent sent(String parameters) {
        long before = api.published();
        FullHttpResponse response = get(api, FROM_TO + parameters);
        assertThat(response).as("refused: %s", response == null ? "" : body(response)).isNull();
        assertThat(api.published()).isEqualTo(before + 1);
        return api.ring.get(before);
    }

    /** A GET refused with 400 before the ring: the answer's text. */
    private String refused(String parameters) {
        long before = api.published();
        FullHttpResponse response = get(api, FROM_TO + parameters);
        assertThat(response).as("sent").isNotNull();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(api.published()).as("nothing was put on the ring").isEqualTo(before);
        return body(response);
    }

    /** The response, or {@code null} when the request went to the ring and awaits the engine's decision. */
    private static FullHttpResponse get(TestApi api, String parameters) {
        EmbeddedChannel channel = api.channel();
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/cgi-bin/sendsms?"
                + CREDENTIALS + parameters));
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    /** A POST whose body is {@code body}'s chars as octets (ISO-8859-1); the response, or {@code null}. */
    private FullHttpResponse post(String query, String contentType, String body, Map<String, String> headers) {
        EmbeddedChannel channel = api.channel();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/cgi-bin/sendsms" + query, Unpooled.copiedBuffer(body, StandardCharsets.ISO_8859_1));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.forEach(request.headers()::set);
        channel.writeInbound(request);
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] octets) {
        return HEX.formatHex(octets);
    }
}
