package io.ringway.server.smpp;

import io.ringway.config.TlsConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made at test time with the JDK's own {@code keytool}, so that no key material
 * lives in the repository, and a client context that trusts exactly that certificate.
 */
public final class TestKeystore {
    public static final String PASSWORD = "keystore-secret";
    private static final String ALIAS = "ringway";

    private TestKeystore() {
    }

    /** Generates a PKCS12 keystore (EC P-256, CN=localhost, SAN 127.0.0.1) in {@code directory}. */
    public static TlsConfig generate(Path directory) throws Exception {
        Path keystore = directory.resolve("server.p12");
        Process keytool = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return new TlsConfig(keystore.toString(), PASSWORD);
    }

    /** A client context trusting only the certificate in {@code tls}'s keystore. */
    public static SSLContext trusting(TlsConfig tls) throws Exception {
        java.security.KeyStore server = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(tls.keystore()))) {
            server.load(in, tls.keystorePassword().toCharArray());
        }
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, server.getCertificate(ALIAS));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
