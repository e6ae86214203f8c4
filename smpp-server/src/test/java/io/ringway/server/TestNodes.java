package io.ringway.server;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.PasswordHasher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Configurations for system tests: free ports, a journal in a temporary directory, fast password hashes. */
final class TestNodes {
    static final String SYSTEM_ID = "demo";
    static final String PASSWORD = "demo123";
    /** Opening balance of the test account; every destination the tests use is priced. */
    static final String OPENING_BALANCE = "1000.00";

    private TestNodes() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * YAML for a node with SMPP on {@code smppPort} routing to an SMSC simulator on {@code simulatorPort}, which
     * the node starts itself when {@code inProcessSimulator}.
     */
    static String yaml(Path data, int smppPort, int simulatorPort, boolean inProcessSimulator, String receiptDelay) {
        return """
                smpp:
                  port: %d
                http:
                  enabled: false
                journal:
                  directory: %s
                ring:
                  size: 4096
                simulator:
                  enabled: %s
                  port: %d
                  receipt-delay: %s
                  outcomes:
                    DELIVRD: 9
                    UNDELIV: 1
                price-lists:
                  - name: standard
                    prefixes: {"90": "0.0125", "905": "0.0100"}
                accounts:
                  - system-id: %s
                    password-hash: %s
                    max-binds: 4
                    price-list: standard
                    balance: "%s"
                upstreams:
                  - name: sim
                    host: 127.0.0.1
                    port: %d
                    system-id: ringway
                    password: sim-pass
                    binds: 2
                    window: 64
                """.formatted(smppPort, data.toString().replace("\\", "/"), inProcessSimulator, simulatorPort,
                receiptDelay, SYSTEM_ID, PasswordHasher.hash(PASSWORD, 1000), OPENING_BALANCE, simulatorPort);
    }

    static final String API_KEY = "demo-api-key";
    static final String WEBHOOK_SECRET = "test-webhook-secret-0123";
    static final String RESELLER = "acme";
    static final String RESELLER_KEY = "acme-api-key";
    static final String OTHER = "other";
    static final String OTHER_KEY = "other-api-key";
    static final String OPERATOR_KEY = "operator-api-key";

    /**
     * A node like {@link #yaml}'s (in-process simulator), with the HTTP API on {@code httpPort}; the demo account
     * has the API key {@link #API_KEY}, the webhook secret {@link #WEBHOOK_SECRET} and its access log on; a
     * reseller {@link #RESELLER} with a sub-account {@code acme-sub}, and an unrelated account {@link #OTHER}.
     * {@code http} holds extra lines for the http section (indented two spaces).
     */
    static RingwayConfig httpConfig(Path data, int smppPort, int httpPort, int simulatorPort, String receiptDelay,
                                    String http) {
        return ConfigLoader.parse("test.yaml", httpYaml(data, smppPort, httpPort, simulatorPort, receiptDelay, http));
    }

    /** The YAML of {@link #httpConfig}, for tests that add to it. */
    static String httpYaml(Path data, int smppPort, int httpPort, int simulatorPort, String receiptDelay,
                           String http) {
        String base = yaml(data, smppPort, simulatorPort, true, receiptDelay);
        String withHttp = base.replace("http:\n  enabled: false\n", "http:\n  enabled: true\n  port: " + httpPort
                + "\n  operator-api-key-hash: " + PasswordHasher.hash(OPERATOR_KEY, 1000) + "\n" + http);
        String demo = "    balance: \"" + OPENING_BALANCE + "\"\n";
        String accounts = demo
                + "    api-key-hash: " + PasswordHasher.hash(API_KEY, 1000) + "\n"
                + "    webhook-secret: " + WEBHOOK_SECRET + "\n"
                + "    api-access-log: true\n"
                + "  - system-id: " + RESELLER + "\n"
                + "    password-hash: " + PasswordHasher.hash("acme-pass", 1000) + "\n"
                + "    api-key-hash: " + PasswordHasher.hash(RESELLER_KEY, 1000) + "\n"
                + "    price-list: standard\n"
                + "    balance: \"100.00\"\n"
                + "  - system-id: acme-sub\n"
                + "    password-hash: " + PasswordHasher.hash("sub-pass", 1000) + "\n"
                + "    parent: " + RESELLER + "\n"
                + "    price-list: standard\n"
                + "    balance: \"10.00\"\n"
                + "  - system-id: " + OTHER + "\n"
                + "    password-hash: " + PasswordHasher.hash("other-pass", 1000) + "\n"
                + "    api-key-hash: " + PasswordHasher.hash(OTHER_KEY, 1000) + "\n"
                + "    price-list: standard\n"
                + "    balance: \"0.01\"\n";
        return withHttp.replace(demo, accounts);
    }

    static RingwayConfig config(Path data, int smppPort, int simulatorPort, boolean inProcessSimulator,
                                String receiptDelay) {
        return ConfigLoader.parse("test.yaml", yaml(data, smppPort, simulatorPort, inProcessSimulator, receiptDelay));
    }
}
