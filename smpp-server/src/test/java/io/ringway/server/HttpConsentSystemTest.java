package io.ringway.server;

import io.ringway.config.ConfigLoader;
import io.ringway.server.HttpClients.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The consent endpoints: record, read, refuse foreign brands and bad records, import CSV with per-row reasons. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpConsentSystemTest {
    @TempDir
    static Path data;
    static RingwayNode node;
    static HttpClients http;

    @BeforeAll
    static void start() {
        String yaml = TestNodes.httpYaml(data, 0, 0, TestNodes.freePort(), "50ms", "")
                .replace("    api-access-log: true\n", "    api-access-log: true\n    brands: [{name: DEMOBRAND}]\n")
                .replace("    balance: \"0.01\"\n", "    balance: \"0.01\"\n    brands: [{name: OTHERBRAND}]\n");
        node = new RingwayNode(ConfigLoader.parse("consent-http.yaml", yaml)).start();
        http = new HttpClients(node.httpPort());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void shouldRecordAConsentAndReadItBack() {
        Answer put = http.put("/api/v1/consents/+905321234567", TestNodes.API_KEY, """
                {"brand": "DEMOBRAND", "status": "OPT_IN", "date": "2026-03-01", "source": "WEB",
                 "recipient_type": "INDIVIDUAL"}""");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("status").asText()).isEqualTo("OPT_IN");

        Answer get = http.get("/api/v1/consents/905321234567?brand=DEMOBRAND", TestNodes.API_KEY);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("msisdn").asText()).isEqualTo("905321234567");
        assertThat(get.json().get("date").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(get.json().get("source").asText()).isEqualTo("WEB");
        assertThat(http.get("/api/v1/consents/905329999999?brand=DEMOBRAND", TestNodes.API_KEY).status())
                .isEqualTo(404);
    }

    @Test
    void shouldAnswerTheStandingRecordWhenAnOlderOneIsPut() {
        http.put("/api/v1/consents/905321230001", TestNodes.API_KEY, """
                {"brand": "DEMOBRAND", "status": "OPT_OUT", "date": "2026-05-01", "source": "SMS",
                 "recipient_type": "INDIVIDUAL"}""");

        Answer older = http.put("/api/v1/consents/905321230001", TestNodes.API_KEY, """
                {"brand": "DEMOBRAND", "status": "OPT_IN", "date": "2026-04-01", "source": "WEB",
                 "recipient_type": "INDIVIDUAL"}""");

        assertThat(older.status()).isEqualTo(200);
        assertThat(older.json().get("status").asText()).as("not what was put: the newer record stands")
                .isEqualTo("OPT_OUT");
        assertThat(older.json().get("date").asText()).isEqualTo("2026-05-01T00:00:00Z");
    }

    @Test
    void shouldRefuseAnotherAccountsBrandAndInvalidRecords() {
        Answer foreign = http.put("/api/v1/consents/905321234567", TestNodes.OTHER_KEY, """
                {"brand": "DEMOBRAND", "status": "OPT_OUT", "date": "2026-03-02", "source": "SMS",
                 "recipient_type": "INDIVIDUAL"}""");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("error").get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(http.get("/api/v1/consents/905321234567?brand=DEMOBRAND", TestNodes.OTHER_KEY).status())
                .isEqualTo(403);

        Answer future = http.put("/api/v1/consents/905321234567", TestNodes.API_KEY, """
                {"brand": "DEMOBRAND", "status": "OPT_IN", "date": "2099-01-01", "source": "WEB",
                 "recipient_type": "INDIVIDUAL"}""");
        assertThat(future.status()).isEqualTo(422);
        assertThat(future.json().get("error").get("message").asText()).isEqualTo("date is in the future");
        assertThat(http.put("/api/v1/consents/12ab", TestNodes.API_KEY, """
                {"brand": "DEMOBRAND", "status": "OPT_IN", "date": "2026-01-01", "source": "WEB",
                 "recipient_type": "INDIVIDUAL"}""").status()).isEqualTo(422);
        assertThat(http.put("/api/v1/consents/905321234567", TestNodes.API_KEY, "{\"brand\": \"DEMOBRAND\"}")
                .status()).isEqualTo(400);
        assertThat(http.get("/api/v1/consents/905321234567", TestNodes.API_KEY).status()).isEqualTo(400);
        // IYS records carry a channel type (MESAJ, ARAMA, EPOSTA): a call consent must not be taken as an SMS one.
        Answer unknown = http.put("/api/v1/consents/905321234567", TestNodes.API_KEY, """
                {"brand": "DEMOBRAND", "status": "OPT_IN", "date": "2026-01-01", "source": "WEB",
                 "recipient_type": "INDIVIDUAL", "type": "ARAMA"}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").get("message").asText()).startsWith("unknown field 'type'");
    }

    @Test
    void shouldImportACsvApplyingValidRowsAndReportingInvalidOnes() throws Exception {
        String csv = """
                msisdn,brand,status,date,source,type
                905331111111,DEMOBRAND,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                905332222222,OTHERBRAND,OPT_IN,2026-01-15,WEB,INDIVIDUAL
                905333333333,DEMOBRAND,ONAY,2026-01-15 10:00:00,HS_MESAJ,BIREYSEL
                """;
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/consents/import"))
                .header("Authorization", "Bearer " + TestNodes.API_KEY).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"rows\":3", "\"applied\":2", "\"rejected\":1",
                "{\"line\":3,\"reason\":\"unknown brand 'OTHERBRAND'\"}");
        assertThat(http.get("/api/v1/consents/905333333333?brand=DEMOBRAND", TestNodes.API_KEY).json()
                .get("source").asText()).isEqualTo("SMS");
    }
}
