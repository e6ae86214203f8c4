package io.ringway.server.smpp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.config.TlsConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.server.tls.TlsContexts;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real engine and SMPP server on an ephemeral port, wired as Main wires them, with {@link RecordingUpstream} in
 * place of the connector. Every delivery attempt the engine makes is recorded, so that tests can tell a receipt
 * that found no session from one that was delivered.
 */
final class TestServer implements AutoCloseable {
    static final String PASSWORD = "secret";
    /** Few iterations: these tests are about SMPP, not about PBKDF2's cost. */
    static final String PASSWORD_HASH = PasswordHasher.hash(PASSWORD, 1000);

    final Engine engine;
    final SmppServer server;
    final RecordingUpstream upstream;
    /** The event loops of a server with a TLS listener (the other servers own theirs). */
    private final EventLoopGroup tlsGroup;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    /** One call of the engine's dispatcher into the server's customer sink. */
    record Delivery(long messageId, String account, boolean delivered) {
    }

    private TestServer(RingwayConfig config, Consumer<MessageEvent> submissionInspector) {
        Accounts accounts = Accounts.fromConfig(config);
        engine = submissionInspector == null ? new Engine(config, accounts)
                : Engine.withSubmissionInspector(config, accounts, submissionInspector);
        boolean tls = config.smpp().tlsPort() != 0;
        tlsGroup = tls ? new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory()) : null;
        server = tls ? new SmppServer(config.smpp(), accounts, engine.ingress(), tlsGroup,
                TlsContexts.server(config.tls())) : new SmppServer(config.smpp(), accounts, engine.ingress());
        upstream = new RecordingUpstream(engine.upstreamEvents());
        engine.start(Map.of(RecordingUpstream.NAME, upstream), this::deliver);
        server.start();
    }

    /**
     * Starts a server whose {@code smpp:} section holds {@code smppSettings} (YAML lines indented by four) and
     * whose accounts are {@code accounts} (system-id and max-binds; password {@link #PASSWORD} for all).
     */
    static TestServer start(Path journalDirectory, String smppSettings, Map<String, Integer> accounts) {
        StringBuilder lines = new StringBuilder();
        accounts.forEach((systemId, maxBinds) -> lines
                .append("  - system-id: ").append(systemId).append('\n')
                .append("    max-binds: ").append(maxBinds).append('\n'));
        return start(journalDirectory, smppSettings, lines.toString(), null);
    }

    /**
     * Starts a server whose {@code smpp:} section holds {@code smppSettings} and whose {@code accounts:} list is
     * {@code accountsYaml} (entries at indent two, without password hashes: each gets {@link #PASSWORD}'s), with
     * {@code tls} as its {@code tls:} section ({@code null}: none), for the listener of {@code smpp.tls-port}.
     */
    static TestServer start(Path journalDirectory, String smppSettings, String accountsYaml, TlsConfig tls) {
        return start(config(journalDirectory, smppSettings, accountsYaml, tls));
    }

    /** The configuration {@link #start(Path, String, String, TlsConfig)} starts a server with. */
    static RingwayConfig config(Path journalDirectory, String smppSettings, String accountsYaml, TlsConfig tls) {
        StringBuilder yaml = new StringBuilder()
                .append("smpp:\n")
                .append("    host: 127.0.0.1\n")
                .append("    port: 0\n")
                .append("    system-id: ringway-test\n")
                .append(smppSettings)
                .append("journal:\n")
                .append("    directory: ").append(journalDirectory.toAbsolutePath()).append('\n')
                .append("ring:\n")
                .append("    size: 1024\n")
                .append("simulator:\n")
                .append("    enabled: false\n")
                .append(tls == null ? "" : "tls:\n    keystore: " + tls.keystore() + "\n    keystore-password: "
                        + tls.keystorePassword() + "\n")
                .append("accounts:\n")
                .append(accountsYaml.replace("  - system-id: ", "  - password-hash: " + PASSWORD_HASH
                        + "\n    system-id: "));
        yaml.append("upstreams:\n")
                .append("  - name: ").append(RecordingUpstream.NAME).append('\n')
                .append("    host: 127.0.0.1\n")
                .append("    port: 2776\n")
                .append("    system-id: unused\n");
        return ConfigLoader.parse("test.yaml", yaml.toString());
    }

    /** Starts a server exactly as {@code config} describes it (its upstream must be {@link RecordingUpstream#NAME}). */
    static TestServer start(RingwayConfig config) {
        return new TestServer(config, null);
    }

    /**
     * Starts a server as {@code config} describes it whose engine hands each journaled submission to
     * {@code submissionInspector} on the business-logic thread first (the engine's fault-injection seam).
     */
    static TestServer start(RingwayConfig config, Consumer<MessageEvent> submissionInspector) {
        return new TestServer(config, submissionInspector);
    }

    int port() {
        return server.port();
    }

    private boolean deliver(CustomerReceipt receipt) {
        boolean delivered = server.customerSink().deliver(receipt);
        deliveries.add(new Delivery(receipt.messageId(), receipt.account(), delivered));
        return delivered;
    }

    @Override
    public void close() {
        server.close();
        if (tlsGroup != null) {
            tlsGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        upstream.close();
        engine.close();
    }
}
