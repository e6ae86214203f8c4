package io.ringway.config;

/**
 * The server certificate that Ringway's TLS listeners present (SMPP over TLS on {@code smpp.tls-port}, HTTPS on
 * {@code http.tls-port}). One keystore for every listener, so that a certificate is rotated in one place.
 *
 * @param keystore         path of a PKCS12 keystore holding one private key and its certificate chain; {@code null}
 *                         when no listener uses TLS
 * @param keystorePassword password of the keystore and of its key (PKCS12 uses one for both); never logged
 */
public record TlsConfig(String keystore, String keystorePassword) {

    static TlsConfig from(ConfigNode n) {
        TlsConfig config = new TlsConfig(n.string("keystore", null), n.string("keystore-password", ""));
        n.finish();
        return config;
    }

    /** True when a keystore is configured. */
    public boolean configured() {
        return keystore != null && !keystore.isBlank();
    }

    /** Keeps the password out of logs and error messages that print the configuration. */
    @Override
    public String toString() {
        return "TlsConfig[keystore=" + keystore + ", keystorePassword=***]";
    }
}
