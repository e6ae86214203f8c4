package io.ringway.server.smpp;

import io.ringway.config.AccountConfig;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Account;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.ring.Engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    /** One call of the engine's dispatcher into the server's customer sink. */
    record Delivery(long messageId, String account, boolean delivered) {
    }

    private TestServer(RingwayConfig config) {
        Accounts accounts = new Accounts();
        for (AccountConfig account : config.accounts()) {
            accounts.add(Account.from(account));
        }
        engine = new Engine(config, accounts);
        server = new SmppServer(config.smpp(), accounts, engine.ingress());
        upstream = new RecordingUpstream(engine.upstreamEvents());
        engine.start(Map.of(RecordingUpstream.NAME, upstream), this::deliver);
        server.start();
    }

    /**
     * Starts a server whose {@code smpp:} section holds {@code smppSettings} (YAML lines indented by four) and
     * whose accounts are {@code accounts} (system-id and max-binds; password {@link #PASSWORD} for all).
     */
    static TestServer start(Path journalDirectory, String smppSettings, Map<String, Integer> accounts) {
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
                .append("accounts:\n");
        accounts.forEach((systemId, maxBinds) -> yaml
                .append("  - system-id: ").append(systemId).append('\n')
                .append("    password-hash: ").append(PASSWORD_HASH).append('\n')
                .append("    max-binds: ").append(maxBinds).append('\n'));
        yaml.append("upstreams:\n")
                .append("  - name: ").append(RecordingUpstream.NAME).append('\n')
                .append("    host: 127.0.0.1\n")
                .append("    port: 2776\n")
                .append("    system-id: unused\n");
        return new TestServer(ConfigLoader.parse("test.yaml", yaml.toString()));
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
        upstream.close();
        engine.close();
    }
}
