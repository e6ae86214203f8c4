package io.ringway.server.smpp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.ringway.config.SmppServerConfig;
import io.ringway.connectors.smpp.wire.SmppFrameDecoder;
import io.ringway.connectors.smpp.wire.SmppPduCodec;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.ring.RingIngress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The customer-facing SMPP server: accepts connections, caps them, and gives each an {@link SmppSession} behind
 * the shared wire codec ({@link SmppFrameDecoder}, {@link SmppPduCodec}). Submissions go onto the engine's ring
 * through the {@link RingIngress}; receipts come back through {@link #customerSink()}, which the engine's
 * dispatcher calls. With a TLS context and {@code smpp.tls-port} set, a second listener serves the same sessions
 * behind a TLS handshake (SMPP over TLS); accounts with {@code require-tls} bind only there.
 *
 * <p>Wiring, in this order: construct the server with the engine's ingress; start the engine with
 * {@code customerSink()}; {@link #start()} the server. On shutdown {@link #close()} the server before the engine,
 * so that submissions in flight are still answered.
 *
 * <p>Threading: {@link #start()} and {@link #close()} are for the thread that owns the server. Sessions run on
 * the event loops; bind checks on a small thread pool of their own.
 */
public final class SmppServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmppServer.class);
    /** Threads that verify bind passwords; PBKDF2 is CPU-bound, so more would only steal from the event loops. */
    private static final int BIND_CHECK_THREADS = 2;
    /** Binds waiting for a check before new ones are refused (ESME_RBINDFAIL). */
    private static final int BIND_CHECK_QUEUE = 256;
    /** Writes from the engine threads are flushed together, up to this many per flush. */
    private static final int WRITES_PER_FLUSH = 256;
    /**
     * Outbound bytes queued on a connection before it stops taking receipts (about 400 deliver_sm): a client that
     * stops reading backs up to here and no further; its receipts stay with the engine (issue 6, case 15).
     */
    private static final int WRITE_BUFFER_HIGH = 64 * 1024;
    /** Queued bytes below which a backed-up connection takes receipts again. */
    private static final int WRITE_BUFFER_LOW = 32 * 1024;

    private final SmppRefusals refusals = new SmppRefusals();
    /** Time to wait past the session's own timeouts when closing before the remaining connections are cut. */
    private static final long CLOSE_GRACE_MILLIS = 1_000;

    private final SmppServerConfig config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ConnectionLimiter limiter;
    private final BoundSessions sessions = new BoundSessions();
    private final BindAuthenticator authenticator;
    private final ThreadPoolExecutor bindChecks;
    private final SubmitSmTranslator submissions;
    private final RingIngress ingress;
    private final ChannelGroup connections = new DefaultChannelGroup("smpp-sessions", GlobalEventExecutor.INSTANCE);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SslContext tls;
    private Channel listener;
    private Channel tlsListener;

    /** A server with event loops of its own, one per core. */
    public SmppServer(SmppServerConfig config, Accounts accounts, RingIngress ingress) {
        this(config, accounts, ingress, new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("smpp-server"), NioIoHandler.newFactory()), true, null,
                new SubmitRates(System::nanoTime));
    }

    /** A server on the caller's event loops, which the caller also shuts down. */
    public SmppServer(SmppServerConfig config, Accounts accounts, RingIngress ingress, EventLoopGroup group) {
        this(config, accounts, ingress, group, false, null, new SubmitRates(System::nanoTime));
    }

    /**
     * A server on the caller's event loops that also listens on {@code smpp.tls-port} with {@code tls} (see
     * {@code TlsContexts}); {@code tls} may be {@code null} only when the TLS port is off.
     */
    public SmppServer(SmppServerConfig config, Accounts accounts, RingIngress ingress, EventLoopGroup group,
                      SslContext tls) {
        this(config, accounts, ingress, group, false, tls, new SubmitRates(System::nanoTime));
    }

    /**
     * Like {@link #SmppServer(SmppServerConfig, Accounts, RingIngress, EventLoopGroup, SslContext)}, drawing each
     * account's {@code max-tps} from {@code submitRates}, which the node shares with its HTTP API.
     */
    public SmppServer(SmppServerConfig config, Accounts accounts, RingIngress ingress, EventLoopGroup group,
                      SslContext tls, SubmitRates submitRates) {
        this(config, accounts, ingress, group, false, tls, submitRates);
    }

    private SmppServer(SmppServerConfig config, Accounts accounts, RingIngress ingress, EventLoopGroup group,
                       boolean ownsGroup, SslContext tls, SubmitRates submitRates) {
        if (config.tlsPort() != 0 && tls == null) {
            throw new IllegalArgumentException("smpp.tls-port is set but no TLS context was given");
        }
        this.tls = tls;
        this.config = config;
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.ingress = ingress;
        this.limiter = new ConnectionLimiter(config.maxConnections(), config.maxConnectionsPerAddress());
        this.bindChecks = new ThreadPoolExecutor(BIND_CHECK_THREADS, BIND_CHECK_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(BIND_CHECK_QUEUE), new DefaultThreadFactory("smpp-bind-check", true));
        this.bindChecks.allowCoreThreadTimeOut(true);
        BindFailureTracker failures = new BindFailureTracker(config.bindFailureLimit(),
                config.bindFailureBackoff().toNanos(), System::nanoTime);
        this.authenticator = new BindAuthenticator(accounts, failures, submitRates, bindChecks);
        this.submissions = new SubmitSmTranslator(ingress);
    }

    /** Binds the listening sockets; returns once connections are accepted. */
    public void start() {
        listener = listen(config.port(), false);
        LOG.info("SMPP server listening on {}:{} as '{}'", config.host(), port(), config.systemId());
        if (config.tlsPort() != 0) {
            tlsListener = listen(config.tlsPort(), true);
            LOG.info("SMPP over TLS listening on {}:{}", config.host(), config.tlsPort());
        }
    }

    private Channel listen(int port, boolean overTls) {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_BUFFER_LOW, WRITE_BUFFER_HIGH))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel, overTls);
                    }
                })
                .bind(config.host(), port).syncUninterruptibly().channel();
    }

    /** The port listened on (the bound one when the configuration asks for port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Where the engine's dispatcher delivers receipts to bound customer sessions. */
    public CustomerSink customerSink() {
        return sessions;
    }

    /** Submissions refused, by the command_status answered (for metrics). */
    public SmppRefusals refusals() {
        return refusals;
    }

    /** Open customer connections, bound or not (for metrics). */
    public int connections() {
        return limiter.open();
    }

    /** Bound customer sessions across all accounts (for metrics). */
    public int boundSessions() {
        return sessions.bound();
    }

    /**
     * Stops listening, unbinds every session (in-flight submissions are answered first; then unbind, then close
     * on unbind_resp), cuts whatever is still open after the response timeouts, and stops the bind checks and
     * the event loops the server owns. Later calls do nothing.
     */
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
        for (Channel channel : connections) {
            SmppSession session = channel.pipeline().get(SmppSession.class);
            if (session != null) {
                session.unbindAndClose();
            }
        }
        // Draining in-flight submissions and waiting for unbind_resp are bounded by one response timeout each.
        long waitMillis = 2 * config.responseTimeout().toMillis() + CLOSE_GRACE_MILLIS;
        if (!connections.newCloseFuture().awaitUninterruptibly(waitMillis)) {
            LOG.warn("{} SMPP sessions did not unbind within {} ms; closing them", connections.size(), waitMillis);
            connections.close().awaitUninterruptibly(CLOSE_GRACE_MILLIS);
        }
        bindChecks.shutdownNow();
        if (ownsGroup) {
            group.shutdownGracefully(0, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
        LOG.info("SMPP server stopped");
    }

    /** Event loop of the new connection: caps, then the pipeline (behind TLS for the TLS listener). */
    private void accept(SocketChannel channel, boolean overTls) {
        InetAddress remote = channel.remoteAddress().getAddress();
        if (!limiter.tryAcquire(remote)) {
            LOG.warn("connection from {} refused: over max-connections ({}) or max-connections-per-address ({})",
                    remote.getHostAddress(), config.maxConnections(), config.maxConnectionsPerAddress());
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> limiter.release(remote));
        connections.add(channel);
        if (overTls) {
            channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
        }
        channel.pipeline()
                .addLast("flush", new FlushConsolidationHandler(WRITES_PER_FLUSH, true))
                .addLast("frame", new SmppFrameDecoder(config.maxCommandLength()))
                .addLast("codec", new SmppPduCodec())
                .addLast("session", new SmppSession(config, authenticator, sessions, submissions, ingress, refusals));
    }
}
