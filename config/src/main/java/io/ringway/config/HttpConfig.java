package io.ringway.config;

/**
 * The HTTP API (JSON, Kannel-compatible sendsms, metrics).
 *
 * @param enabled      whether the HTTP server starts at all
 * @param host         address to listen on
 * @param port         TCP port
 * @param maxBodyBytes request bodies larger than this are answered 413 without being buffered
 */
public record HttpConfig(boolean enabled, String host, int port, int maxBodyBytes) {

    static HttpConfig from(ConfigNode n) {
        HttpConfig config = new HttpConfig(
                n.bool("enabled", true),
                n.string("host", "0.0.0.0"),
                n.integer("port", 8080, 0, 65535),
                n.integer("max-body-bytes", 4 << 20, 1024, 256 << 20));
        n.finish();
        return config;
    }
}
