package io.ringway.config;

import java.time.Duration;

/**
 * The customer-facing SMPP server.
 *
 * @param host                       address to listen on
 * @param port                       TCP port (2775 is the SMPP convention)
 * @param systemId                   system_id Ringway reports in bind responses
 * @param maxCommandLength           largest command_length accepted; larger PDUs get generic_nack and a close
 *                                   before the body is buffered
 * @param bindTimeout                a connection that has not bound within this time is closed
 * @param inactivityTimeout          a bound session with no inbound PDU (not even enquire_link) for this long is closed
 * @param requestWindow              submissions in flight (not yet answered) per session before ESME_RTHROTTLED
 * @param receiptWindow              deliver_sm sent to a customer and not yet answered, per session
 * @param responseTimeout            a deliver_sm the customer has not answered within this time frees its window slot
 *                                   and is resent later; also bounds each wait of an unbind (submissions still in
 *                                   flight, then the customer's unbind_resp)
 * @param maxConnections             open connections across all addresses
 * @param maxConnectionsPerAddress   open connections from one remote address
 * @param bindFailureLimit           failed binds from one address before it is refused for {@code bindFailureBackoff}
 * @param bindFailureBackoff         how long an address that failed too often is refused
 * @param tlsPort                    TCP port of SMPP over TLS (the same sessions behind a TLS handshake, keystore from
 *                                   the {@code tls} section); 0 is off
 */
public record SmppServerConfig(
        String host,
        int port,
        String systemId,
        int maxCommandLength,
        Duration bindTimeout,
        Duration inactivityTimeout,
        int requestWindow,
        int receiptWindow,
        Duration responseTimeout,
        int maxConnections,
        int maxConnectionsPerAddress,
        int bindFailureLimit,
        Duration bindFailureBackoff,
        int tlsPort) {

    static SmppServerConfig from(ConfigNode n) {
        SmppServerConfig config = new SmppServerConfig(
                n.string("host", "0.0.0.0"),
                n.integer("port", 2775, 0, 65535),
                n.string("system-id", "ringway"),
                n.integer("max-command-length", 8192, 512, 1 << 20),
                n.duration("bind-timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(1)),
                n.duration("inactivity-timeout", Duration.ofSeconds(90), Duration.ofMillis(100), Duration.ofDays(1)),
                n.integer("request-window", 512, 1, 65536),
                n.integer("receipt-window", 64, 1, 65536),
                n.duration("response-timeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
                n.integer("max-connections", 2000, 1, 1_000_000),
                n.integer("max-connections-per-address", 100, 1, 1_000_000),
                n.integer("bind-failure-limit", 5, 1, 1_000_000),
                n.duration("bind-failure-backoff", Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(1)),
                n.integer("tls-port", 0, 0, 65535));
        n.finish();
        return config;
    }
}
