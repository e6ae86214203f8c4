package io.ringway.server.http;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.ringway.engine.account.Account;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.ring.ConsentImporter;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /cgi-bin/sendsms} refuses a text of more parts than a concatenated message carries before anything reaches
 * the ring. (Over the wire the 8 KiB request line keeps such texts out already; the check does not rely on it.)
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class KannelSendSmsTest {
    private final RingBuffer<MessageEvent> ring = RingBuffer.createMultiProducer(MessageEvent::new, 64);
    private final RingIngress ingress = RingIngress.over(ring, () -> 1_700_000_000_000L);

    KannelSendSmsTest() {
        ring.addGatingSequences(new Sequence()); // a consumer that never moves: published events stay
    }

    @Test
    void shouldRefuseATextOfMoreThan255PartsInKannelsWords() {
        EmbeddedChannel channel = channel();

        FullHttpResponse response = sendsms(channel, "ş".repeat(20_000)); // UCS-2: 40,000 octets, 299 parts

        assertThat(response).as("answered at once, not after the ring").isNotNull();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
                .isEqualTo("Message too long (299 parts, at most 255), rejected");
        assertThat(ring.getCursor()).as("nothing was put on the ring").isEqualTo(-1);
    }

    @Test
    void shouldTakeATextOf255Parts() {
        EmbeddedChannel channel = channel();

        sendsms(channel, "ş".repeat(255 * 67));

        assertThat(ring.getCursor()).as("the submission went to the ring").isEqualTo(0);
        assertThat(ring.get(0).payload).hasSize(255 * 134);
    }

    private EmbeddedChannel channel() {
        Accounts accounts = new Accounts();
        accounts.add(new Account("kannel", PasswordHasher.hash("pw", 1000), 1, List.of(), null));
        AccountDirectory directory = new AccountDirectory(List.of());
        ApiMetrics metrics = new ApiMetrics();
        ApiAuthenticator authenticator = new ApiAuthenticator(accounts, null, Runnable::run);
        Submissions submissions = new Submissions(ingress, directory,
                new RateLimits(directory, new SubmitRates(System::nanoTime)), metrics, System::currentTimeMillis);
        ApiRouter router = new ApiRouter(authenticator, submissions, new EngineQueries(ingress, "EUR"),
                new Administration(ingress, null, null, Runnable::run),
                new Consents(ingress, new ConsentImporter(ingress, null), Runnable::run),
                new KannelSendSms(authenticator, submissions), new AccessLog(directory, 10), metrics);
        return new EmbeddedChannel(new HttpConnection(router, metrics, Duration.ofSeconds(1)));
    }

    private static FullHttpResponse sendsms(EmbeddedChannel channel, String text) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/cgi-bin/sendsms?username=kannel&password=pw&from=RINGWAY&to=905321234567&text="
                        + URLEncoder.encode(text, StandardCharsets.UTF_8)));
        channel.runPendingTasks();
        return channel.readOutbound();
    }
}
