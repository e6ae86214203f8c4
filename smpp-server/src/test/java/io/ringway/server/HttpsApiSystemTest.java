package io.ringway.server;

import io.ringway.config.ConfigLoader;
import io.ringway.config.TlsConfig;
import io.ringway.server.HttpClients.Answer;
import io.ringway.server.smpp.TestKeystore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP API over HTTPS on {@code http.tls-port}: the same answers as plain HTTP, behind the certificate of the
 * {@code tls} section (a self-signed one made by keytool for the test, which the client trusts alone).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsApiSystemTest {
    @TempDir
    static Path data;
    static RingwayNode node;
    static HttpClients http;
    static HttpClients https;
    static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        TlsConfig tls = TestKeystore.generate(data);
        httpsPort = TestNodes.freePort();
        String yaml = TestNodes.httpYaml(data, 0, 0, TestNodes.freePort(), "50ms", "  tls-port: " + httpsPort + "\n")
                + "tls:\n  keystore: " + tls.keystore() + "\n  keystore-password: " + tls.keystorePassword() + "\n";
        node = new RingwayNode(ConfigLoader.parse("https.yaml", yaml)).start();
        http = new HttpClients(node.httpPort());
        https = HttpClients.overTls(httpsPort, TestKeystore.trusting(tls));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void shouldAnswerOverHttpsWithTheSameJsonAsOverHttp() {
        Answer plain = http.get("/api/v1/balance", TestNodes.OTHER_KEY);
        Answer secure = https.get("/api/v1/balance", TestNodes.OTHER_KEY);

        assertThat(secure.status()).isEqualTo(200);
        assertThat(secure.raw().uri().getScheme()).isEqualTo("https");
        assertThat(secure.json()).isEqualTo(plain.json());
        assertThat(secure.json().get("balance").asText()).isEqualTo("0.01");
    }

    @Test
    void shouldRefuseAPlaintextRequestOnTheHttpsPort() {
        HttpClients plainToTlsPort = new HttpClients(httpsPort);

        assertThatThrownBy(() -> plainToTlsPort.get("/api/v1/balance", TestNodes.OTHER_KEY))
                .isInstanceOf(UncheckedIOException.class);
    }
}
