package io.ringway.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.ringway.config.RingwayConfig;
import io.ringway.config.UpstreamConfig;
import io.ringway.connectors.consent.HttpConsentRegistry;
import io.ringway.connectors.http.HttpProviderUpstream;
import io.ringway.connectors.simulator.SmscSimulator;
import io.ringway.connectors.smpp.SmppUpstream;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.consent.ExternalConsentRegistry;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.routing.Upstream;
import io.ringway.server.http.HttpApiServer;
import io.ringway.server.smpp.SmppServer;
import io.ringway.server.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Ringway node assembled from its configuration: the optional in-process SMSC simulator, the engine with
 * its journal, the upstreams (SMPP bind pools and HTTP providers), the external consent registry's client when
 * one is configured, the customer SMPP server and the HTTP API, all sharing one Netty event-loop group.
 * {@link Main} runs one; system tests run them in-process or in a child JVM.
 */
public final class RingwayNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RingwayNode.class);

    private final RingwayConfig config;
    private final EventLoopGroup group;
    private SmscSimulator simulator;
    private Engine engine;
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private HttpConsentRegistry consentRegistry;
    private SmppServer smppServer;
    private HttpApiServer httpApi;
    private Engine.Recovery recovery;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public RingwayNode(RingwayConfig config) {
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(
                config.network().ioThreadsFor(Runtime.getRuntime().availableProcessors()),
                NioIoHandler.newFactory());
    }

    /**
     * Starts everything in dependency order: simulator, engine (journal replay and recovery), upstream binds,
     * then the customer-facing server last, so that nothing is accepted before it can be journaled and sent.
     */
    public RingwayNode start() {
        try {
            Accounts accounts = Accounts.fromConfig(config);
            engine = new Engine(config, accounts); // first: it locks the data directory against a second node
            if (config.simulator().enabled()) {
                simulator = new SmscSimulator(config.simulator()).start();
            }
            for (UpstreamConfig upstream : config.upstreams()) {
                upstreams.put(upstream.name(), upstream.isHttp()
                        ? new HttpProviderUpstream(upstream, engine.upstreamEvents())
                        : new SmppUpstream(upstream, engine.upstreamEvents(), group));
            }
            // One bucket per account for both interfaces: max-tps holds for SMPP and HTTP together.
            SubmitRates submitRates = new SubmitRates(System::nanoTime);
            smppServer = new SmppServer(config.smpp(), accounts, engine.ingress(), group,
                    config.smpp().tlsPort() != 0 ? TlsContexts.server(config.tls()) : null, submitRates);
            CustomerSink customers = smppServer.customerSink();
            if (config.http().enabled()) {
                httpApi = new HttpApiServer(config, accounts, engine, group, customers, submitRates);
                customers = httpApi.customerSink();
            }
            if (config.consent().registry().configured()) {
                consentRegistry = new HttpConsentRegistry(config.consent().registry(), engine.consentRegistryEvents());
            }
            recovery = engine.start(upstreams, customers,
                    consentRegistry != null ? consentRegistry : ExternalConsentRegistry.NONE);
            upstreams.values().forEach(Upstream::start);
            smppServer.start();
            if (httpApi != null) {
                httpApi.start(upstreams, smppServer, consentRegistry);
            }
            return this;
        } catch (Exception e) { // Netty rethrows a listener's BindException unchecked-style: caught here too
            close();
            throw e;
        }
    }

    public int smppPort() {
        return smppServer.port();
    }

    /** The HTTP API's port; only when {@code http.enabled}. */
    public int httpPort() {
        return httpApi.port();
    }

    public Engine engine() {
        return engine;
    }

    public Engine.Recovery recovery() {
        return recovery;
    }

    public Map<String, Upstream> upstreams() {
        return upstreams;
    }

    /** The in-process simulator, or {@code null} when it is disabled. */
    public SmscSimulator simulator() {
        return simulator;
    }

    /**
     * Stops in reverse order: HTTP clients are disconnected and SMPP customers unbound first (no new input), upstreams unbind (messages they still
     * hold are dispatched again after a restart), the ring drains into the journal, and the journal closes.
     * Closing again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(httpApi, "HTTP API");
        closeQuietly(smppServer, "SMPP server");
        upstreams.values().forEach(upstream -> closeQuietly(upstream, "upstream " + upstream.name()));
        closeQuietly(consentRegistry, "consent registry client");
        closeQuietly(engine, "engine");
        closeQuietly(simulator, "simulator");
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static void closeQuietly(AutoCloseable closeable, String what) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing the {} failed", what, e);
        }
    }
}
