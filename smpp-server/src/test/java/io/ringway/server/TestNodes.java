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

    static RingwayConfig config(Path data, int smppPort, int simulatorPort, boolean inProcessSimulator,
                                String receiptDelay) {
        return ConfigLoader.parse("test.yaml", yaml(data, smppPort, simulatorPort, inProcessSimulator, receiptDelay));
    }
}
