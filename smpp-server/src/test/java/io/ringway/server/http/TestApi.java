package io.ringway.server.http;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringway.config.AccountApiConfig;
import io.ringway.config.AccountConfig;
import io.ringway.engine.account.Account;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.ring.ConsentImporter;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The HTTP API of one account ({@value #ACCOUNT}, SMPP password {@value #PASSWORD}, API key {@value #API_KEY}) over a
 * ring no consumer drains, on an {@link EmbeddedChannel}: what a request puts on the ring stays there to be read, and
 * a request the edge refuses puts nothing. The clock stands at {@link #NOW}.
 */
final class TestApi {
    static final String ACCOUNT = "kannel";
    static final String PASSWORD = "pw";
    static final String API_KEY = "test-api-key";
    static final long NOW = 1_700_000_000_000L;
    /** The body cap of {@link #wire()}'s pipeline. */
    static final int MAX_BODY_BYTES = 4096;

    final RingBuffer<MessageEvent> ring = RingBuffer.createMultiProducer(MessageEvent::new, 64);
    final RingIngress ingress = RingIngress.over(ring, () -> NOW);
    private final ApiRouter router;
    private final ApiMetrics metrics = new ApiMetrics();

    /** @param maxTps the account's max-tps, 0 for none */
    TestApi(int maxTps) {
        ring.addGatingSequences(new Sequence()); // a consumer that never moves: published events stay
        String passwordHash = PasswordHasher.hash(PASSWORD, 1000);
        String keyHash = PasswordHasher.hash(API_KEY, 1000);
        Accounts accounts = new Accounts();
        accounts.add(new Account(ACCOUNT, passwordHash, 1, List.of(), keyHash));
        AccountConfig config = new AccountConfig(ACCOUNT, passwordHash, 1, List.of(), null, 0, 0, null, null, 0,
                Set.of(), Duration.ofHours(1), "transactional", List.of(), List.of(),
                new AccountApiConfig(keyHash, null, null, false, maxTps), false, maxTps);
        AccountDirectory directory = new AccountDirectory(List.of(config));
        ApiAuthenticator authenticator = new ApiAuthenticator(accounts, null, Runnable::run);
        Submissions submissions = new Submissions(ingress, directory,
                new RateLimits(directory, new SubmitRates(System::nanoTime)), metrics, () -> NOW);
        router = new ApiRouter(authenticator, submissions, new EngineQueries(ingress, "EUR"),
                new Administration(ingress, null, null, Runnable::run),
                new Consents(ingress, new ConsentImporter(ingress, null), Runnable::run),
                new KannelSendSms(authenticator, submissions), new AccessLog(directory, 10), metrics);
    }

    /** A connection that takes decoded requests ({@code FullHttpRequest}s) and gives responses. */
    EmbeddedChannel channel() {
        return new EmbeddedChannel(new HttpConnection(router, metrics, Duration.ofSeconds(1)));
    }

    /** A connection that takes bytes as a client sends them, through the server's codec and body cap. */
    EmbeddedChannel wire() {
        return new EmbeddedChannel(new HttpCodec(8192, 16384), new BodyAggregator(MAX_BODY_BYTES),
                new HttpConnection(router, metrics, Duration.ofSeconds(1)));
    }

    /** Events put on the ring so far. */
    long published() {
        return ring.getCursor() + 1;
    }
}
