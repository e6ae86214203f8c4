package io.ringway.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full ring and an account's max-tps both answer 429 with Retry-After, and nothing reaches the ring half-done; a
 * request with more recipients than max-tps allows in a second, which no retry could get through, is refused for good.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HttpBackPressureTest {
    private static final String BODY = "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"hi\"}";

    @Test
    void shouldAnswer429WithRetryAfterWhenTheRingIsFull() {
        TestApi api = new TestApi(0);
        MessageEvent event;
        while ((event = api.ingress.tryClaim(EventKind.NOOP)) != null) {
            api.ingress.publish(event);
        }

        FullHttpResponse response = submit(api.channel(), BODY);

        assertThat(response.status().code()).isEqualTo(429);
        assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"code\":\"THROTTLED\"");
    }

    @Test
    void shouldAnswer429WhenTheAccountsMaxTpsIsReached() {
        TestApi api = new TestApi(2);
        String twoRecipients = "{\"from\":\"RINGWAY\",\"to\":[\"905321234567\",\"905321234568\"],\"text\":\"hi\"}";
        assertThat(submit(api.channel(), twoRecipients)).as("on the ring, answered once decided").isNull();

        FullHttpResponse tooMany = submit(api.channel(), twoRecipients);

        assertThat(tooMany.status().code()).isEqualTo(429);
        assertThat(tooMany.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(tooMany.content().toString(StandardCharsets.UTF_8)).contains("RATE_LIMITED");
        assertThat(api.published()).as("only the first request's two recipients").isEqualTo(2);
    }

    @Test
    void shouldRefuseForGoodARequestWithMoreRecipientsThanTheMaxTpsAllowsInASecond() {
        TestApi api = new TestApi(2);

        FullHttpResponse never = submit(api.channel(), "{\"from\":\"RINGWAY\",\"to\":[\"905321234567\","
                + "\"905321234568\",\"905321234569\"],\"text\":\"hi\"}");

        assertThat(never.status().code()).as("not 429: a retry could never be admitted").isEqualTo(422);
        assertThat(never.headers().get(HttpHeaderNames.RETRY_AFTER)).isNull();
        assertThat(never.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":{\"code\":"
                + "\"TOO_MANY_RECIPIENTS\",\"message\":\"3 recipients, but the account may submit at most 2 a second "
                + "(max-tps) and a request is admitted whole: it never can be; send at most 2 recipients a request\"}}");
        assertThat(api.published()).as("nothing was put on the ring").isZero();
    }

    /** The response, or {@code null} when the request went to the ring and awaits the engine's decision. */
    private static FullHttpResponse submit(EmbeddedChannel channel, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/messages",
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + TestApi.API_KEY);
        channel.writeInbound(request);
        channel.runPendingTasks();
        return channel.readOutbound();
    }
}
