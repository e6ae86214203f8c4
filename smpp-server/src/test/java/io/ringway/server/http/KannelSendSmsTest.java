package io.ringway.server.http;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /cgi-bin/sendsms} refuses what it cannot send as asked before anything reaches the ring: a text of more
 * parts than a concatenated message carries (over the wire the 8 KiB request line keeps such texts out already; the
 * check does not rely on it), and more receivers than the account's max-tps admits in a second.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class KannelSendSmsTest {
    private static final String SENDSMS = "/cgi-bin/sendsms?username=" + TestApi.ACCOUNT + "&password="
            + TestApi.PASSWORD + "&from=RINGWAY";

    @Test
    void shouldRefuseATextOfMoreThan255PartsInKannelsWords() {
        TestApi api = new TestApi(0);

        FullHttpResponse response = get(api.channel(), "&to=905321234567&text="
                + URLEncoder.encode("ş".repeat(20_000), StandardCharsets.UTF_8)); // UCS-2: 40,000 octets, 299 parts

        assertThat(response).as("answered at once, not after the ring").isNotNull();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(body(response)).isEqualTo("Message too long (299 parts, at most 255), rejected");
        assertThat(api.published()).as("nothing was put on the ring").isZero();
    }

    @Test
    void shouldTakeATextOf255Parts() {
        TestApi api = new TestApi(0);

        get(api.channel(), "&to=905321234567&text=" + URLEncoder.encode("ş".repeat(255 * 67), StandardCharsets.UTF_8));

        assertThat(api.published()).as("the submission went to the ring").isEqualTo(1);
        assertThat(api.ring.get(0).payload).hasSize(255 * 134);
    }

    @Test
    void shouldRefuseForGoodMoreReceiversThanTheAccountsMaxTpsAdmitsInASecond() {
        TestApi api = new TestApi(2);

        FullHttpResponse never = get(api.channel(), "&to=905321234567+905321234568+905321234569&text=hi");
        FullHttpResponse two = get(api.channel(), "&to=905321234567+905321234568&text=hi");
        FullHttpResponse again = get(api.channel(), "&to=905321234567+905321234568&text=hi");

        assertThat(never.status().code()).isEqualTo(400);
        assertThat(body(never)).isEqualTo("Too many receivers for the account's max-tps (3, at most 2 a second), "
                + "rejected");
        assertThat(two).as("on the ring, answered once the engine decides").isNull();
        assertThat(api.published()).isEqualTo(2);
        assertThat(again.status().code()).as("the second's budget is spent").isEqualTo(429);
        assertThat(again.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(body(again)).isEqualTo("Sending failed.");
    }

    /** The response, or {@code null} when the request went to the ring and awaits the engine's decision. */
    private static FullHttpResponse get(EmbeddedChannel channel, String parameters) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, SENDSMS + parameters));
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }
}
