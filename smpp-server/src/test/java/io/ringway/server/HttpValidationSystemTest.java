package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.server.HttpClients.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client values at the edges of what the JSON API parses: Jackson's input limits, trailing content, instants beyond
 * what milliseconds hold, JSON types, doubled '+' signs, texts of more parts than a concatenated message can have.
 * Each is a 400 or 422 JSON error, never a 500, and nothing is submitted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpValidationSystemTest {
    private static final String BASE = "{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"x\"";

    @TempDir
    static Path data;
    static RingwayNode node;
    static HttpClients http;

    @BeforeAll
    static void start() {
        node = new RingwayNode(TestNodes.httpConfig(data, 0, 0, TestNodes.freePort(), "50ms", "")).start();
        http = new HttpClients(node.httpPort());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void shouldAnswer400ForJsonOverJacksonsInputLimits() {
        String deep = BASE + ",\"extra\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}";
        String longNumber = BASE + ",\"validity_seconds\":" + "1".repeat(1_001) + "}";
        String longName = BASE + ",\"" + "n".repeat(50_001) + "\":1}";

        for (String body : new String[] {deep, longNumber, longName}) {
            Answer answer = submit(body);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("INVALID_JSON");
        }
    }

    @Test
    void shouldAnswer400ForContentAfterTheJsonObject() {
        Answer garbage = submit(BASE + "} garbage");
        Answer twoObjects = submit(BASE + "}" + BASE + "}");

        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.errorCode()).isEqualTo("INVALID_JSON");
        assertThat(twoObjects.status()).isEqualTo(400);
        assertThat(twoObjects.errorCode()).isEqualTo("INVALID_JSON");
    }

    /** A misspelt option would be ignored and the message sent as its client did not mean it. */
    @Test
    void shouldRefuseAFieldASubmissionDoesNotHaveNamingIt() {
        Answer misspelt = submit(BASE + ",\"validity\":3600}");
        Answer camelCase = submit(BASE + ",\"sendAt\":\"2030-01-01T00:00:00Z\"}");

        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.errorCode()).isEqualTo("INVALID_REQUEST");
        assertThat(misspelt.body()).contains("unknown field 'validity'").contains("validity_seconds");
        assertThat(camelCase.status()).isEqualTo(400);
        assertThat(camelCase.body()).contains("unknown field 'sendAt'");
    }

    @Test
    void shouldAnswer422ForASendAtBeyondWhatMillisecondsHold() {
        for (String sendAt : new String[] {"+1000000000-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z"}) {
            Answer answer = submit(BASE + ",\"send_at\":\"" + sendAt + "\"}");
            assertThat(answer.status()).as(sendAt).isEqualTo(422);
            assertThat(answer.errorCode()).isEqualTo("INVALID_SEND_AT");
        }
    }

    @Test
    void shouldAnswer422ForAConsentDateBeyondWhatMillisecondsHold() {
        Answer answer = http.put("/api/v1/consents/905321234567", TestNodes.API_KEY, """
                {"brand": "DEMOBRAND", "status": "OPT_IN", "date": "-999999999-01-01T00:00:00Z", "source": "WEB",
                 "recipient_type": "INDIVIDUAL"}""");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.errorCode()).isEqualTo("INVALID_CONSENT");
        assertThat(answer.json().get("error").get("message").asText()).startsWith("date must be");
    }

    @Test
    void shouldAnswer400ForOptionsOfTheWrongJsonTypeAnd422ForOutOfRange() {
        for (String option : new String[] {"\"validity_seconds\":\"60\"", "\"validity_seconds\":true",
                "\"validity_seconds\":60.5", "\"send_at\":123", "\"send_at\":{}"}) {
            Answer answer = submit(BASE + "," + option + "}");
            assertThat(answer.status()).as(option).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("INVALID_REQUEST");
        }
        assertThat(submit(BASE + ",\"validity_seconds\":604801}").errorCode()).isEqualTo("INVALID_VALIDITY");
        assertThat(submit(BASE + ",\"validity_seconds\":99999999999}").errorCode()).isEqualTo("INVALID_VALIDITY");
    }

    @Test
    void shouldRefuseADestinationWithTwoPlusSigns() {
        Answer single = submit("{\"from\":\"RINGWAY\",\"to\":\"++905321234567\",\"text\":\"x\"}");
        Answer list = submit("{\"from\":\"RINGWAY\",\"to\":[\"+905321234567\",\"++905321234567\"],\"text\":\"x\"}");

        assertThat(single.status()).isEqualTo(422);
        assertThat(single.errorCode()).isEqualTo("INVALID_DESTINATION");
        assertThat(list.status()).isEqualTo(202);
        JsonNode messages = list.json().get("messages");
        assertThat(messages.get(0).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(messages.get(1).get("status").asText()).isEqualTo("REJECTED");
        assertThat(messages.get(1).get("error").get("code").asText()).isEqualTo("INVALID_DESTINATION");
    }

    @Test
    void shouldRefuseATextOfMorePartsThanAConcatenatedMessageCarries() {
        BigDecimal before = balance();

        Answer tooLong = submit("{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"" + "ş".repeat(20_000)
                + "\"}");
        Answer longest = submit("{\"from\":\"RINGWAY\",\"to\":\"905321234567\",\"text\":\"" + "ş".repeat(255 * 67)
                + "\"}");

        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.errorCode()).isEqualTo("INVALID_MESSAGE_LENGTH");
        assertThat(tooLong.json().get("error").get("message").asText()).contains("299 parts").contains("255");
        assertThat(longest.status()).isEqualTo(202);
        assertThat(longest.json().get("messages").get(0).get("parts").asInt()).isEqualTo(255);
        assertThat(balance()).as("only the 255-part message was charged")
                .isEqualByComparingTo(before.subtract(new BigDecimal("2.55")));
    }

    private static BigDecimal balance() {
        return new BigDecimal(http.get("/api/v1/balance", TestNodes.API_KEY).json().get("balance").asText());
    }

    private static Answer submit(String body) {
        return http.post("/api/v1/messages", TestNodes.API_KEY, body);
    }
}
