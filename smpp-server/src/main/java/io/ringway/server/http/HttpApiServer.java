package io.ringway.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.ringway.connectors.consent.HttpConsentRegistry;
import io.ringway.config.HttpConfig;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.consent.BrandDirectory;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.ring.ConsentImporter;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.routing.Upstream;
import io.ringway.server.smpp.SmppServer;
import io.ringway.server.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP API of a node: JSON submission, status and balance, account administration, a Kannel-compatible
 * {@code /cgi-bin/sendsms}, Prometheus {@code /metrics}, and the delivery-report callbacks of HTTP submissions.
 * It feeds the same ring as the SMPP server, so messages are rated, journaled and routed alike, and a full ring
 * answers 429.
 *
 * <p>With {@code http.tls-port} set, a second listener serves the same API over HTTPS with the {@code tls}
 * keystore ({@link TlsContexts}): the same pipeline behind an {@code SslHandler}, as SMPP over TLS does.
 *
 * <p>Pipeline per connection: {@link HttpCodec} (request line and headers capped), an idle timeout (slow and idle
 * clients are closed), the body cap and the checks on a request's head ({@link BodyAggregator}), then
 * {@link HttpConnection}.
 *
 * <p>Wiring, in this order: construct (before the engine starts, so that {@link #customerSink} can be given to
 * it); start the engine; {@link #start}. {@link #close} it before the SMPP server and the engine. Threading:
 * requests run on the shared event loops; PBKDF2 checks on two threads of their own; statements and password
 * hashing on one more; callbacks on the webhook sender's thread.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    private static final int MAX_INITIAL_LINE = 8192;
    /** How long a stop waits for the connections to answer what they read (the ring answers in milliseconds). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final int MAX_HEADERS = 16_384;
    private static final int AUTH_THREADS = 2;
    private static final int AUTH_QUEUE = 256;
    private static final int SLOW_QUEUE = 16;

    private final HttpConfig config;
    private final EventLoopGroup group;
    private final Engine engine;
    private final ThreadPoolExecutor authChecks;
    private final ThreadPoolExecutor slowWork;
    private final WebhookSender webhooks;
    private final ReceiptRouter receipts;
    private final ApiMetrics metrics = new ApiMetrics();
    private final ApiRouter router;
    private final ChannelGroup connections = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean closed = new AtomicBoolean();
    private Channel listener;
    /** The HTTPS context, or {@code null} when {@code http.tls-port} is off. */
    private final SslContext tls;
    private Channel tlsListener;

    /**
     * @param smppSessions where receipts that are not callbacks go (the SMPP server's sessions)
     * @param submitRates  each account's {@code max-tps}, shared with the SMPP server so the figure holds across both
     */
    public HttpApiServer(RingwayConfig config, Accounts accounts, Engine engine, EventLoopGroup group,
                         CustomerSink smppSessions, SubmitRates submitRates) {
        this.config = config.http();
        // Built here, before the engine starts, so that a bad keystore stops start-up with its path named.
        this.tls = this.config.tlsPort() != 0 ? TlsContexts.server(config.tls()) : null;
        this.group = group;
        this.engine = engine;
        this.authChecks = new ThreadPoolExecutor(AUTH_THREADS, AUTH_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(AUTH_QUEUE), new DefaultThreadFactory("http-auth", true));
        this.authChecks.allowCoreThreadTimeOut(true);
        this.slowWork = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(SLOW_QUEUE),
                new DefaultThreadFactory("http-slow-work", true));
        this.slowWork.allowCoreThreadTimeOut(true);
        AccountDirectory directory = new AccountDirectory(config.accounts());
        this.webhooks = new WebhookSender(this.config, directory, engine.ingress(), System::currentTimeMillis);
        this.receipts = new ReceiptRouter(smppSessions, webhooks);
        ApiAuthenticator authenticator = new ApiAuthenticator(accounts, this.config.operatorApiKeyHash(), authChecks);
        Submissions submissions = new Submissions(engine.ingress(), directory,
                new RateLimits(directory, submitRates), metrics, System::currentTimeMillis);
        this.router = new ApiRouter(authenticator, submissions,
                new EngineQueries(engine.ingress(), this.config.currency()),
                new Administration(engine.ingress(), config, engine.journal(), slowWork),
                new Consents(engine.ingress(), new ConsentImporter(engine.ingress(), BrandDirectory.fromConfig(config)),
                        slowWork),
                new KannelSendSms(authenticator, submissions),
                new AccessLog(directory, this.config.accessLogEntries()), metrics);
    }

    /** The node's receipt sink: callbacks for HTTP submissions, SMPP sessions for the rest. */
    public CustomerSink customerSink() {
        return receipts;
    }

    /** Binds the metrics and the listening sockets; returns once connections are accepted. */
    public void start(Map<String, Upstream> upstreams, SmppServer smppServer) {
        start(upstreams, smppServer, null);
    }

    /** As {@link #start(Map, SmppServer)}, with the consent registry's client ({@code null}: none) in the metrics. */
    public void start(Map<String, Upstream> upstreams, SmppServer smppServer, HttpConsentRegistry consentRegistry) {
        metrics.bind(engine, engine.ingress(), upstreams, smppServer, receipts, webhooks);
        if (consentRegistry != null) {
            metrics.bind(consentRegistry);
        }
        router.upstreams(upstreams);
        listener = listen(config.port(), false);
        LOG.info("HTTP API listening on {}:{}", config.host(), port());
        if (tls != null) {
            tlsListener = listen(config.tlsPort(), true);
            LOG.info("HTTPS API listening on {}:{}", config.host(), config.tlsPort());
        }
    }

    private Channel listen(int port, boolean overTls) {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        if (overTls) {
                            channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
                        }
                        channel.pipeline()
                                .addLast("codec", new HttpCodec(MAX_INITIAL_LINE, MAX_HEADERS))
                                .addLast("idle", new IdleStateHandler(config.idleTimeout().toNanos(), 0, 0,
                                        TimeUnit.NANOSECONDS))
                                .addLast("body", new BodyAggregator(config.maxBodyBytes()))
                                .addLast("api", new HttpConnection(router, metrics, config.idleTimeout()));
                    }
                })
                .bind(config.host(), port).syncUninterruptibly().channel();
    }

    /** The port listened on (the bound one when the configuration asks for port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Stops listening and closes every connection, then stops the callbacks (receipts not yet acknowledged stay
     * owed in the journal) and the helper threads. Later calls do nothing.
     */
    /**
     * Lets every connection answer the requests it has read before it closes, for at most {@link #STOP_WAIT}: the
     * engine still runs, and a submission on the ring may be journaled and charged already, so its client must
     * learn so (a client without an Idempotency-Key would otherwise send it again and pay twice).
     */
    private void answerWhatWasRead() {
        for (Channel channel : connections) {
            channel.eventLoop().execute(() -> {
                HttpConnection connection = channel.pipeline().get(HttpConnection.class);
                if (connection != null) {
                    connection.stopAfterAnswers();
                } else {
                    channel.close();
                }
            });
        }
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        if (tlsListener != null) {
            tlsListener.close().syncUninterruptibly();
        }
        answerWhatWasRead();
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        webhooks.close();
        authChecks.shutdownNow();
        slowWork.shutdownNow();
        LOG.info("HTTP API stopped");
    }
}
