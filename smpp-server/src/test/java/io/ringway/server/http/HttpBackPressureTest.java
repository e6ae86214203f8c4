package io.ringway.server.http;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.ringway.config.AccountApiConfig;
import io.ringway.config.AccountConfig;
import io.ringway.engine.account.Account;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.ring.ConsentImporter;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A full ring and an account's max-tps both answer 429 with Retry-After, and nothing reaches the ring half-done. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HttpBackPressureTest {
    private static final String KEY = "limited-key";
    private static final String BODY = "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"hi\"}";

    private final RingBuffer<MessageEvent> ring = RingBuffer.createMultiProducer(MessageEvent::new, 64);
    private final RingIngress ingress = RingIngress.over(ring, () -> 1_700_000_000_000L);

    HttpBackPressureTest() {
        ring.addGatingSequences(new Sequence()); // a consumer that never moves: published events stay
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenTheRingIsFull() {
        EmbeddedChannel channel = channel(0);
        MessageEvent event;
        while ((event = ingress.tryClaim(EventKind.NOOP)) != null) {
            ingress.publish(event);
        }

        FullHttpResponse response = submit(channel, BODY);

        assertThat(response.status().code()).isEqualTo(429);
        assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"code\":\"THROTTLED\"");
    }

    @Test
    void shouldAnswer429WhenTheAccountsMaxTpsIsReached() {
        EmbeddedChannel channel = channel(2);

        FullHttpResponse tooMany = submit(channel, "{\"from\":\"RINGWAY\",\"to\":[\"905321234567\",\"905321234568\","
                + "\"905321234569\"],\"text\":\"hi\"}");

        assertThat(tooMany.status().code()).isEqualTo(429);
        assertThat(tooMany.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(tooMany.content().toString(StandardCharsets.UTF_8)).contains("RATE_LIMITED");
        assertThat(ring.getCursor()).isEqualTo(-1); // nothing was put on the ring
    }

    private EmbeddedChannel channel(int maxTps) {
        Accounts accounts = new Accounts();
        accounts.add(new Account("limited", PasswordHasher.hash("pw", 1000), 1, List.of(),
                PasswordHasher.hash(KEY, 1000)));
        AccountConfig config = new AccountConfig("limited", PasswordHasher.hash("pw", 1000), 1, List.of(), null, 0, 0,
                null, null, 0, Set.of(), Duration.ofHours(1), "transactional", List.of(), List.of(),
                new AccountApiConfig(null, null, null, false, maxTps), false, maxTps);
        AccountDirectory directory = new AccountDirectory(List.of(config));
        ApiMetrics metrics = new ApiMetrics();
        ApiAuthenticator authenticator = new ApiAuthenticator(accounts, null, Runnable::run);
        Submissions submissions = new Submissions(ingress, directory, new RateLimits(directory, new SubmitRates(System::nanoTime)),
                metrics, System::currentTimeMillis);
        ApiRouter router = new ApiRouter(authenticator, submissions, new EngineQueries(ingress, "EUR"),
                new Administration(ingress, null, null, Runnable::run),
                new Consents(ingress, new ConsentImporter(ingress, null), Runnable::run),
                new KannelSendSms(authenticator, submissions),
                new AccessLog(directory, 10), metrics);
        return new EmbeddedChannel(new HttpConnection(router, metrics, Duration.ofSeconds(1)));
    }

    private static FullHttpResponse submit(EmbeddedChannel channel, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/messages",
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + KEY);
        channel.writeInbound(request);
        channel.runPendingTasks();
        return channel.readOutbound();
    }
}
