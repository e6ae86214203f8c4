package io.ringway.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {
    private static final String MINIMAL = """
            accounts:
              - system-id: demo
                password-hash: pbkdf2-sha256$1000$c2FsdA$aGFzaA
            upstreams:
              - name: sim
                host: 127.0.0.1
                system-id: ringway
            """;

    @Test
    void shouldLoadTheDefaultFileWithTheDocumentedPortsAccountAndUpstream() {
        RingwayConfig config = ConfigLoader.load(Path.of("ringway.yaml"));
        assertThat(config.smpp().port()).isEqualTo(2775);
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.simulator().enabled()).isTrue();
        assertThat(config.simulator().port()).isEqualTo(2776);
        assertThat(config.accounts()).extracting(AccountConfig::systemId).containsExactly("demo");
        assertThat(config.accounts().get(0).maxBinds()).isEqualTo(4);
        assertThat(config.upstreams()).extracting(UpstreamConfig::name).containsExactly("sim");
        assertThat(config.upstreams().get(0).binds()).isEqualTo(2);
        assertThat(config.upstreams().get(0).window()).isEqualTo(64);
        assertThat(config.ring().waitStrategy()).isEqualTo(RingConfig.WaitStrategy.BLOCKING);
        AccountConfig demo = config.accounts().get(0);
        assertThat(demo.priceList()).isEqualTo("standard");
        assertThat(demo.balance()).isEqualTo(1_000_000L * Money.ONE);
        assertThat(demo.defaultType()).isEqualTo("transactional");
        assertThat(demo.senders()).containsExactly("RINGWAY");
        assertThat(demo.brands()).extracting(BrandConfig::name).containsExactly("RINGWAY");
        assertThat(config.consent().optOutKeywords()).contains("STOP", "IPTAL", "RET");
    }

    @Test
    void shouldShipTheDefaultFileInsideTheJar() {
        assertThat(ConfigLoader.loadEmbeddedDefault()).isEqualTo(ConfigLoader.load(Path.of("ringway.yaml")));
    }

    @Test
    void shouldFillDefaultsForEverySettingNotWritten() {
        RingwayConfig config = ConfigLoader.parse("min.yaml", MINIMAL);
        assertThat(config.smpp().maxCommandLength()).isEqualTo(8192);
        assertThat(config.smpp().bindTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.journal().directory()).isEqualTo("./data");
        assertThat(config.simulator().outcomes()).containsEntry("DELIVRD", 95).containsEntry("UNDELIV", 5);
        assertThat(config.ring().idempotencyWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.ring().idempotencyKeys()).isEqualTo(1_000_000);
    }

    @Test
    void shouldReadTheIdempotencyWindowAndKeyCount() {
        RingwayConfig config = ConfigLoader.parse("keys.yaml",
                "ring: {idempotency-window: 2h, idempotency-keys: 5000}\n" + MINIMAL);
        assertThat(config.ring().idempotencyWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(config.ring().idempotencyKeys()).isEqualTo(5000);
    }

    @Test
    void shouldRefuseAnIdempotencyWindowOrKeyCountOutOfRange() {
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "ring: {idempotency-window: 0}\n" + MINIMAL))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bad.yaml: ring.idempotency-window: must be between 1s and 7d, was 0");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "ring: {idempotency-window: 8d}\n" + MINIMAL))
                .hasMessage("bad.yaml: ring.idempotency-window: must be between 1s and 7d, was 8d");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "ring: {idempotency-keys: 0}\n" + MINIMAL))
                .hasMessage("bad.yaml: ring.idempotency-keys: must be between 1 and 100000000, was 0");
    }

    @Test
    void shouldRefuseAKeyWrittenTwiceNamingItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("twice.yaml",
                "smpp:\n  bind-timeout: 10s\n  port: 2775\n  bind-timeout: 20s\n" + MINIMAL))
                .isInstanceOf(ConfigException.class)
                .hasMessage("twice.yaml: smpp.bind-timeout: written twice (again at line 4); a setting may appear "
                        + "only once");
        assertThatThrownBy(() -> ConfigLoader.parse("twice.yaml", MINIMAL.replace(
                "    password-hash:", "    max-binds: 4\n    max-binds: 1\n    password-hash:")))
                .hasMessage("twice.yaml: accounts[0].max-binds: written twice (again at line 4); a setting may "
                        + "appear only once");
        assertThatThrownBy(() -> ConfigLoader.parse("twice.yaml", MINIMAL + "accounts: []\n"))
                .hasMessageStartingWith("twice.yaml: accounts: written twice");
    }

    @Test
    void shouldTakeAllowedAddressesThatAreLiteralAddressesOrCidrBlocks() {
        RingwayConfig config = ConfigLoader.parse("ok.yaml", MINIMAL.replace("    password-hash:",
                "    allowed-addresses: [10.0.0.0/8, 192.168.1.7, ' 172.16.0.1 ', 2001:db8::/32, '::1', 0.0.0.0/0]\n"
                        + "    password-hash:"));

        assertThat(config.accounts().get(0).allowedAddresses()).hasSize(6);
        AddressBlock block = AddressBlock.parse("2001:db8::/32");
        assertThat(block.network()).hasSize(16).startsWith(0x20, 0x01, 0x0d, 0xb8);
        assertThat(block.prefixBits()).isEqualTo(32);
        assertThat(AddressBlock.parse("192.168.1.7").network()).containsExactly(192, 168, 1, 7);
        assertThat(AddressBlock.parse("192.168.1.7").prefixBits()).isEqualTo(32);
    }

    @Test
    void shouldRefuseAnAllowedAddressThatIsNoLiteralAddressNamingItsPathAndNeverResolvingIt() {
        assertThat(allowedAddressError("10.0.0.0/33")).isEqualTo("bad.yaml: accounts[0].allowed-addresses[0]: must "
                + "be an IP address or CIDR block such as 10.0.0.0/8 or 2001:db8::/32, was '10.0.0.0/33' (the prefix "
                + "length must be 0 to 32)");
        assertThat(allowedAddressError("10.0.0.300/8")).endsWith("was '10.0.0.300/8' (not an IPv4 address (four "
                + "numbers 0-255) or an IPv6 address)");
        assertThat(allowedAddressError("localhost")).contains("was 'localhost'");
        assertThat(allowedAddressError("cafe")).as("hex digits only: once handed to the resolver")
                .contains("was 'cafe'");
        assertThat(allowedAddressError("10.1")).as("the short form Java reads as 10.0.0.1").contains("was '10.1'");
        assertThat(allowedAddressError("010.0.0.1")).as("octal to some resolvers").contains("was '010.0.0.1'");
        assertThat(allowedAddressError("2001:db8::/129")).endsWith("(the prefix length must be 0 to 128)");
        assertThat(allowedAddressError("fe80::1%eth0")).endsWith("(not an IPv6 address)");
        assertThat(allowedAddressError("::ffff:10.0.0.1")).endsWith("(an IPv4-mapped IPv6 address: write it as IPv4)");
        assertThat(allowedAddressError("10.0.0.0/")).endsWith("(the prefix length must be 0 to 32)");
    }

    private static String allowedAddressError(String entry) {
        String yaml = MINIMAL.replace("    password-hash:", "    allowed-addresses: ['" + entry + "']\n"
                + "    password-hash:");
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("bad.yaml", yaml)).getMessage();
    }

    @Test
    void shouldWriteADurationsRangeInTheUnitsTheFileUses() {
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "smpp: {bind-timeout: 2h}\n" + MINIMAL))
                .hasMessage("bad.yaml: smpp.bind-timeout: must be between 100ms and 1h, was 2h");
        assertThat(ConfigNode.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ConfigNode.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ConfigNode.format(Duration.ofDays(30))).isEqualTo("30d");
    }

    @Test
    void shouldReadAnUpstreamsCountryCodeForNationalNumbersAndRefuseOneThatIsNoCallingCode() {
        assertThat(ConfigLoader.parse("ok.yaml", MINIMAL).upstreams().get(0).countryCode()).isEmpty();
        assertThat(ConfigLoader.parse("ok.yaml", MINIMAL + "    country-code: \"90\"\n").upstreams().get(0)
                .countryCode()).isEqualTo("90");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", MINIMAL + "    country-code: \"+90\"\n"))
                .hasMessage("bad.yaml: upstreams[0].country-code: a country calling code is 1 to 3 digits, the first "
                        + "not 0 (e.g. \"90\")");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", MINIMAL + "    country-code: \"0090\"\n"))
                .hasMessageStartingWith("bad.yaml: upstreams[0].country-code: a country calling code");
    }

    @Test
    void shouldNameFilePathAndProblemOfABadValue() {
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", MINIMAL + """
                  - name: second
                    host: h
                    system-id: x
                    window: 0
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bad.yaml: upstreams[1].window: must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "ring:\n  size: 1000\n" + MINIMAL))
                .hasMessage("bad.yaml: ring.size: must be a power of two, was 1000");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "smpp:\n  bind-timeout: soon\n" + MINIMAL))
                .hasMessageStartingWith("bad.yaml: smpp.bind-timeout: must be a duration");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "smpp:\n  prot: 1\n" + MINIMAL))
                .hasMessage("bad.yaml: smpp.prot: unknown setting");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "simulator:\n  outcomes:\n    LOST: 1\n" + MINIMAL))
                .hasMessageStartingWith("bad.yaml: simulator.outcomes.LOST: unknown receipt state");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", MINIMAL.replace("pbkdf2-sha256$1000$c2FsdA$aGFzaA", "demo123")))
                .hasMessageStartingWith("bad.yaml: accounts[0].password-hash: must be a hash");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "smpp: [1, 2]\n" + MINIMAL))
                .hasMessage("bad.yaml: smpp: must be a mapping");
        assertThatThrownBy(() -> ConfigLoader.parse("bad.yaml", "smpp:\n  port: [\n"))
                .hasMessageStartingWith("bad.yaml: not valid YAML at line");
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("no-such.yaml")))
                .hasMessage("no-such.yaml: file not found");
    }

    @Test
    void shouldRejectDuplicateNames() {
        assertThatThrownBy(() -> ConfigLoader.parse("dup.yaml", MINIMAL + """
                  - name: sim
                    host: h
                    system-id: x
                """)).hasMessage("dup.yaml: upstreams[1].name: duplicate 'sim'");
    }

    @Test
    void shouldParseMoneyWithoutBinaryFloatingPoint() {
        assertThat(Money.parse("0.0125")).isEqualTo(12_500L);
        assertThat(Money.parse("1000000.00")).isEqualTo(1_000_000_000_000L);
        assertThat(Money.format(12_500L)).isEqualTo("0.0125");
        assertThat(Money.format(1_000_000L)).isEqualTo("1.00");
        assertThatThrownBy(() -> Money.parse("0.0000001")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Money.parse("abc")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void shouldLeaveTlsAndAccountLimitsOffByDefault() {
        RingwayConfig config = ConfigLoader.parse("min.yaml", MINIMAL);
        assertThat(config.smpp().tlsPort()).isZero();
        assertThat(config.tls().configured()).isFalse();
        assertThat(config.accounts().get(0).requireTls()).isFalse();
        assertThat(config.accounts().get(0).maxTps()).isZero();
        assertThat(config.journal().minFreeMegabytes()).isEqualTo(64);
    }

    @Test
    void shouldPrefaultTheJournalUnlessTurnedOff() {
        assertThat(ConfigLoader.parse("min.yaml", MINIMAL).journal().prefault()).isTrue();
        RingwayConfig off = ConfigLoader.parse("off.yaml", "journal:\n  prefault: false\n" + MINIMAL);
        assertThat(off.journal().prefault()).isFalse();
        assertThat(off.withJournalDirectory("/tmp/elsewhere").journal().prefault()).isFalse();
    }

    @Test
    void shouldStartHalfTheCoresAsEventLoopsUnlessTold() {
        NetworkConfig automatic = ConfigLoader.parse("min.yaml", MINIMAL).network();
        assertThat(automatic.ioThreadsFor(1)).isEqualTo(1);
        assertThat(automatic.ioThreadsFor(2)).isEqualTo(1);
        assertThat(automatic.ioThreadsFor(8)).isEqualTo(4);
        NetworkConfig three = ConfigLoader.parse("io.yaml", "network:\n  io-threads: 3\n" + MINIMAL).network();
        assertThat(three.ioThreadsFor(2)).isEqualTo(3);
        assertThatThrownBy(() -> ConfigLoader.parse("io.yaml", "network:\n  io-threads: -1\n" + MINIMAL))
                .hasMessageContaining("network.io-threads");
    }

    @Test
    void shouldRequireAKeystoreWhenTheTlsPortIsSet() {
        assertThatThrownBy(() -> ConfigLoader.parse("tls.yaml", "smpp:\n  tls-port: 2776\n" + MINIMAL))
                .hasMessage("tls.yaml: tls.keystore: is required when smpp.tls-port is set");
    }

    @Test
    void shouldRequireAKeystoreWhenTheHttpsPortIsSet() {
        assertThatThrownBy(() -> ConfigLoader.parse("https.yaml", "http:\n  tls-port: 8443\n" + MINIMAL))
                .hasMessage("https.yaml: tls.keystore: is required when http.tls-port is set");
    }

    @Test
    void shouldKeepTheKeystorePasswordOutOfTheConfigurationsText() {
        RingwayConfig config = ConfigLoader.parse("tls.yaml", """
                tls:
                  keystore: /etc/ringway/server.p12
                  keystore-password: hunter22
                """ + MINIMAL);
        assertThat(config.tls().keystorePassword()).isEqualTo("hunter22");
        assertThat(config.toString()).doesNotContain("hunter22").contains("/etc/ringway/server.p12");
    }

    @Test
    void shouldReadAnHttpUpstreamWithoutSmppSettingsAndWithItsProfileDefaults() {
        RingwayConfig config = ConfigLoader.parse("http.yaml", MINIMAL + """
                  - name: infobip
                    type: http
                    tps: 50
                    http:
                      profile: infobip
                      url: http://127.0.0.1:9000/sms/2/text/advanced
                      auth: {header: Authorization, value: App secret-key}
                      status-url: http://127.0.0.1:9000/sms/1/reports
                  - name: mapped
                    type: http
                    http:
                      url: https://sms.example.com/send
                      auth: {user: ringway, password: pw}
                      status-url: https://sms.example.com/status/{id}
                      poll-interval: 2s
                      mapping:
                        to-field: msisdn
                        id-path: /result/id
                        statuses: {OK: DELIVRD, FAIL: UNDELIV}
                """);
        UpstreamConfig sim = config.upstreams().get(0);
        assertThat(sim.isHttp()).isFalse();
        UpstreamConfig infobip = config.upstreams().get(1);
        assertThat(infobip.isHttp()).isTrue();
        assertThat(infobip.tps()).isEqualTo(50);
        assertThat(infobip.http().profile()).isEqualTo(HttpUpstreamConfig.Profile.INFOBIP);
        assertThat(infobip.http().authValue()).isEqualTo("App secret-key");
        assertThat(infobip.http().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(infobip.http().mapping()).isNull();
        HttpUpstreamConfig mapped = config.upstreams().get(2).http();
        assertThat(mapped.profile()).isEqualTo(HttpUpstreamConfig.Profile.GENERIC);
        assertThat(mapped.username()).isEqualTo("ringway");
        assertThat(mapped.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(mapped.mapping().toField()).isEqualTo("msisdn");
        assertThat(mapped.mapping().textField()).isEqualTo("text");
        assertThat(mapped.mapping().idPath()).isEqualTo("/result/id");
        assertThat(mapped.mapping().statuses()).containsOnly(
                java.util.Map.entry("OK", "DELIVRD"), java.util.Map.entry("FAIL", "UNDELIV"));
    }

    @Test
    void shouldNameThePathOfABadHttpUpstreamSetting() {
        assertThatThrownBy(() -> ConfigLoader.parse("http.yaml", MINIMAL + """
                  - name: mapped
                    type: http
                    http:
                      url: https://sms.example.com/send
                      mapping: {statuses: {OK: DELIVERED}}
                """)).hasMessage("http.yaml: upstreams[1].http.mapping.statuses.OK: must be one of DELIVRD, UNDELIV, "
                + "EXPIRED, REJECTD, DELETED, UNKNOWN, was 'DELIVERED'");
        assertThatThrownBy(() -> ConfigLoader.parse("http.yaml", MINIMAL + """
                  - name: mapped
                    type: http
                    http: {url: "ftp://sms.example.com/send"}
                """)).hasMessage("http.yaml: upstreams[1].http.url: must be an http:// or https:// URL, was "
                + "'ftp://sms.example.com/send'");
        assertThatThrownBy(() -> ConfigLoader.parse("http.yaml", MINIMAL + """
                  - name: smsc
                    http: {url: "http://sms.example.com/send"}
                """)).hasMessage("http.yaml: upstreams[1].host: is required");
        assertThatThrownBy(() -> ConfigLoader.parse("http.yaml", MINIMAL + """
                  - name: mapped
                    type: http
                    http: {url: "http://sms.example.com/send", auth: {header: Host, value: x}}
                """)).hasMessage("http.yaml: upstreams[1].http.auth.header: must be a header name other than "
                + "Connection, Content-Length, Expect, Host and Upgrade, was 'Host'");
        assertThatThrownBy(() -> ConfigLoader.parse("http.yaml", MINIMAL + """
                  - name: mapped
                    type: http
                    http: {url: "http://sms.example.com/send", webhook-secret: short}
                """)).hasMessage("http.yaml: upstreams[1].http.webhook-secret: must be at least 16 characters");
    }

    @Test
    void shouldRefuseAReplyNumberOfTwoBrandsAndASenderOfTwoBrandsOfOneAccount() {
        String accounts = """
                upstreams:
                  - {name: sim, host: 127.0.0.1, system-id: ringway}
                accounts:
                  - system-id: shop
                    password-hash: pbkdf2-sha256$1000$c2FsdA$aGFzaA
                    brands:
                      - {name: SHOP, senders: [SHOP], numbers: ["3434"]}
                      - {name: SHOPSALE, senders: [%s], numbers: ["905550000001"]}
                  - system-id: other
                    password-hash: pbkdf2-sha256$1000$c2FsdA$aGFzaA
                    brands:
                      - {name: OTHER, senders: [SHOP], numbers: [%s]}
                """;
        assertThat(ConfigLoader.parse("brands.yaml", accounts.formatted("SALE", "\"905550000002\"")).accounts())
                .as("another account's brand may use the same sender").hasSize(2);
        assertThatThrownBy(() -> ConfigLoader.parse("brands.yaml", accounts.formatted("SALE", "\"3434\"")))
                .hasMessage("brands.yaml: accounts[1].brands[0].numbers[0]: number '3434' is also brand 'SHOP''s: "
                        + "which brand a reply to it is for could not be told");
        assertThatThrownBy(() -> ConfigLoader.parse("brands.yaml", accounts.formatted("SALE", "\"+905550000001\"")))
                .as("with or without '+', one number")
                .hasMessage("brands.yaml: accounts[1].brands[0].numbers[0]: number '+905550000001' is also brand "
                        + "'SHOPSALE''s: which brand a reply to it is for could not be told");
        assertThatThrownBy(() -> ConfigLoader.parse("brands.yaml", accounts.formatted("SALE, SHOP", "\"905550000003\"")))
                .hasMessage("brands.yaml: accounts[0].brands[1].senders[1]: sender 'SHOP' also sends for brand "
                        + "'SHOP': which brand's consent a commercial message from it needs could not be told");
    }

    @Test
    void shouldReadTheConsentRegistryAndRefuseAnIntegratorBrandWithoutOne() {
        String integrator = """
                accounts:
                  - system-id: shop
                    password-hash: pbkdf2-sha256$1000$c2FsdA$aGFzaA
                    brands: [{name: SHOP, mode: integrator}]
                upstreams:
                  - {name: sim, host: 127.0.0.1, system-id: ringway}
                """;
        assertThatThrownBy(() -> ConfigLoader.parse("consent.yaml", integrator)).hasMessage("consent.yaml: "
                + "accounts[0].brands[0].mode: integrator mode needs consent.registry.url (the registry that holds the "
                + "brand's consent)");
        RingwayConfig config = ConfigLoader.parse("consent.yaml", """
                consent:
                  registry:
                    url: "https://iys.example.com/api/"
                    api-key: secret-registry-key
                    timeout: 500ms
                    cache-ttl: 1h
                """ + integrator);
        ConsentRegistryConfig registry = config.consent().registry();
        assertThat(registry.configured()).isTrue();
        assertThat(registry.baseUrl()).isEqualTo("https://iys.example.com/api");
        assertThat(registry.timeout()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(registry.cacheTtl()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(registry.pushBatch()).isEqualTo(500);
        assertThat(config.toString()).as("no secret in the configuration's text")
                .doesNotContain("secret-registry-key")
                .contains("apiKey=***");
        assertThat(ConfigLoader.parse("minimal.yaml", MINIMAL).consent().registry().configured()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse("consent.yaml", "consent:\n  registry: {url: \"iys.example\"}\n"
                + MINIMAL)).hasMessage("consent.yaml: consent.registry.url: must be an http:// or https:// URL, was "
                + "'iys.example'");
    }
}
