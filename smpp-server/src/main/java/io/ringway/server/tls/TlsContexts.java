package io.ringway.server.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.ringway.config.TlsConfig;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Builds the server-side TLS context every Ringway listener uses (SMPP over TLS, HTTPS), from the PKCS12 keystore
 * of the {@code tls} section, so that all of them present the same certificate and accept the same protocols. The
 * JDK provider is used: no native library to ship, and the session layer (handshakes are rare, bulk traffic is
 * small PDUs) does not need OpenSSL's speed. Only TLS 1.3 and 1.2 are offered.
 *
 * <p>Called once at start-up; the returned context is immutable and shared by all channels. Put
 * {@code context.newHandler(channel.alloc())} first in a channel's pipeline.
 */
public final class TlsContexts {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /**
     * The server context for {@code tls}. Fails with an {@link IllegalStateException} naming the keystore (never
     * its password) when the file is missing, unreadable or holds no usable key.
     */
    public static SslContext server(TlsConfig tls) {
        if (!tls.configured()) {
            throw new IllegalStateException("tls.keystore is not configured");
        }
        char[] password = tls.keystorePassword().toCharArray();
        Path file = Path.of(tls.keystore());
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password);
            return SslContextBuilder.forServer(keys)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the TLS keystore " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the TLS keystore " + file + ": " + e.getMessage(), e);
        }
    }
}
