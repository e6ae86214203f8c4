package io.ringway.server;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Account administration over HTTP: a reseller manages its own sub-accounts and only those. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpAdministrationSystemTest {
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
    void shouldLetAResellerCreateTopUpAndPriceItsOwnSubAccount() throws Exception {
        Answer list = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY,
                "{\"name\":\"acme-std\",\"default\":\"0.05\",\"prefixes\":{\"90\":\"0.02\"}}");
        Answer created = http.post("/api/v1/accounts", TestNodes.RESELLER_KEY, "{\"system_id\":\"acme-new\","
                + "\"password\":\"secret-1\",\"price_list\":\"acme-std\",\"coefficient\":\"1.5\"}");
        Answer topUp = http.post("/api/v1/accounts/acme-new/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"10.00\",\"reference\":\"invoice 42\"}");
        Answer limit = http.put("/api/v1/accounts/acme-new/credit-limit", TestNodes.RESELLER_KEY,
                "{\"credit_limit\":\"5.00\"}");
        Answer priceList = http.put("/api/v1/accounts/acme-sub/price-list", TestNodes.RESELLER_KEY,
                "{\"price_list\":\"acme-std\",\"coefficient\":\"1.1\"}");

        assertThat(list.status()).isEqualTo(201);
        assertThat(created.status()).isEqualTo(201);
        assertThat(topUp.status()).isEqualTo(200);
        assertThat(limit.status()).isEqualTo(200);
        assertThat(priceList.status()).isEqualTo(200);
        Answer balance = http.getBasic("/api/v1/balance", "acme-new", "secret-1");
        assertThat(balance.status()).isEqualTo(200);
        assertThat(balance.json().get("balance").asText()).isEqualTo("10.00");
        assertThat(balance.json().get("credit_limit").asText()).isEqualTo("5.00");
    }

    @Test
    void shouldForbidAResellerToTopUpAnAccountThatIsNotItsOwn() {
        Answer foreign = http.post("/api/v1/accounts/" + TestNodes.OTHER + "/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"10.00\"}");
        Answer unknown = http.post("/api/v1/accounts/nobody/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"10.00\"}");
        Answer notAnAmount = http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"ten\"}");

        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(unknown.status()).as("a reseller learns nothing of which accounts exist").isEqualTo(403);
        assertThat(unknown.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(notAnAmount.status()).isEqualTo(422);
    }

    @Test
    void shouldPriceTheAccountsOnAListByItsNewTariffsOnceItIsRedefined() throws Exception {
        http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY, "{\"name\":\"acme-re\",\"default\":\"0.02\"}");
        http.post("/api/v1/accounts", TestNodes.RESELLER_KEY,
                "{\"system_id\":\"acme-re1\",\"password\":\"secret-2\",\"price_list\":\"acme-re\"}");
        http.post("/api/v1/accounts/acme-re1/top-ups", TestNodes.RESELLER_KEY, "{\"amount\":\"10.00\"}");

        Answer redefined = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY,
                "{\"name\":\"acme-re\",\"default\":\"0.05\"}");
        Answer sent = http.postBasic("/api/v1/messages", "acme-re1", "secret-2",
                "{\"from\":\"ACME\",\"to\":\"+905321234567\",\"text\":\"hi\"}");

        assertThat(redefined.status()).isEqualTo(201);
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.json().get("messages").get(0).get("price").asText()).as("the new tariff").isEqualTo("0.05");
    }

    @Test
    void shouldRefuseAccountsAndTariffsThatCannotBeUsedAsGiven() {
        Answer spaced = http.post("/api/v1/accounts", TestNodes.RESELLER_KEY,
                "{\"system_id\":\"a b:c\",\"password\":\"secret-3\"}");
        Answer longPassword = http.post("/api/v1/accounts", TestNodes.RESELLER_KEY,
                "{\"system_id\":\"acme-pw\",\"password\":\"secret-123\"}");
        Answer hugeLimit = http.post("/api/v1/accounts", TestNodes.RESELLER_KEY,
                "{\"system_id\":\"acme-lim\",\"password\":\"secret-4\",\"credit_limit\":\"9223372036854.775807\"}");
        Answer injected = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY,
                "{\"name\":\"acme-inj\",\"default\":\"0.01;90=0.0\"}");
        Answer twice = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY,
                "{\"name\":\"acme-dup\",\"prefixes\":{\"90\":\"0.01\",\"90\":\"0.02\"}}");

        assertThat(spaced.status()).isEqualTo(422);
        assertThat(spaced.errorCode()).isEqualTo("INVALID_SYSTEM_ID");
        assertThat(longPassword.status()).as("SMPP carries 8 characters").isEqualTo(422);
        assertThat(longPassword.errorCode()).isEqualTo("INVALID_PASSWORD");
        assertThat(hugeLimit.status()).isEqualTo(422);
        assertThat(injected.status()).isEqualTo(422);
        assertThat(twice.status()).as("a name given twice").isEqualTo(400);
    }

    @Test
    void shouldAnswerEveryAmountNotWrittenAsADecimalOrOutOfRangeWith422NamingTheField() {
        // The smallest long is an amount Money can read, and was the edge's "error answered" mark: no answer at all.
        Answer smallestLimit = http.post("/api/v1/accounts", TestNodes.RESELLER_KEY,
                "{\"system_id\":\"acme-min\",\"password\":\"secret-5\",\"credit_limit\":\"-9223372036854.775808\"}");
        Answer smallestCoefficient = http.put("/api/v1/accounts/acme-sub/price-list", TestNodes.RESELLER_KEY,
                "{\"price_list\":\"acme-std\",\"coefficient\":\"-9223372036854.775808\"}");
        Answer smallestTopUp = http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"-9223372036854.775808\"}");
        Answer exponent = http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"1e3\"}");
        Answer blanks = http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\" 5 \"}");
        Answer plus = http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY, "{\"amount\":\"+5\"}");
        Answer zero = http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY, "{\"amount\":\"0\"}");
        Answer beyondATrillion = http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"1000000000000.000001\"}");
        Answer negativeLimit = http.put("/api/v1/accounts/acme-sub/credit-limit", TestNodes.RESELLER_KEY,
                "{\"credit_limit\":\"-1\"}");
        Answer zeroCoefficient = http.put("/api/v1/accounts/acme-sub/price-list", TestNodes.RESELLER_KEY,
                "{\"price_list\":\"acme-std\",\"coefficient\":\"0\"}");

        assertThat(smallestLimit.status()).isEqualTo(422);
        assertThat(smallestLimit.body()).contains("'credit_limit'");
        assertThat(smallestCoefficient.status()).isEqualTo(422);
        assertThat(smallestCoefficient.body()).contains("'coefficient'");
        for (Answer answer : new Answer[] {smallestTopUp, exponent, blanks, plus, zero, beyondATrillion}) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(422);
            assertThat(answer.errorCode()).isEqualTo("INVALID_AMOUNT");
            assertThat(answer.json().path("error").path("message").asText())
                    .isEqualTo("'amount' must be a decimal string from 0.000001 to 1000000000000.00 with at most 6 "
                            + "decimal places");
        }
        assertThat(negativeLimit.status()).isEqualTo(422);
        assertThat(negativeLimit.body()).contains("'credit_limit' must be a decimal string from 0.00 to");
        assertThat(zeroCoefficient.status()).as("0 was taken for absent: charged at 1.0").isEqualTo(422);
        assertThat(zeroCoefficient.body()).contains("'coefficient' must be a decimal string from 0.000001 to 1000.00");
        assertThat(http.getBasic("/api/v1/balance", "acme-min", "secret-5").status()).as("not created")
                .isEqualTo(401);
    }

    @Test
    void shouldRefuseATopUpThatWouldTakeTheBalancePastOneTrillion() {
        http.post("/api/v1/accounts", TestNodes.RESELLER_KEY,
                "{\"system_id\":\"acme-cap\",\"password\":\"secret-7\"}");

        Answer full = http.post("/api/v1/accounts/acme-cap/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"1000000000000\"}");
        Answer more = http.post("/api/v1/accounts/acme-cap/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"0.000001\"}");

        assertThat(full.status()).isEqualTo(200);
        assertThat(more.status()).isEqualTo(422);
        assertThat(more.errorCode()).isEqualTo("INVALID_AMOUNT");
        assertThat(more.json().path("error").path("message").asText()).isEqualTo("'amount' would take the balance "
                + "past 1000000000000.00 (counting the charges it has reserved as refunded)");
        assertThat(http.getBasic("/api/v1/balance", "acme-cap", "secret-7").json().get("balance").asText())
                .isEqualTo("1000000000000.00");
    }

    @Test
    void shouldRefuseAnAdministrationFieldItDoesNotHaveRatherThanIgnoreIt() {
        Answer coefficient = http.post("/api/v1/accounts", TestNodes.RESELLER_KEY,
                "{\"system_id\":\"acme-typo\",\"password\":\"secret-6\",\"coeficient\":\"0.8\"}");
        Answer reference = http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"1.00\",\"refrence\":\"invoice 7\"}");
        Answer limit = http.put("/api/v1/accounts/acme-sub/credit-limit", TestNodes.RESELLER_KEY,
                "{\"credit_limit\":\"1.00\",\"currency\":\"USD\"}");
        Answer priceList = http.put("/api/v1/accounts/acme-sub/price-list", TestNodes.RESELLER_KEY,
                "{\"price_list\":\"acme-std\",\"coefficent\":\"2\"}");
        Answer tariff = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY,
                "{\"name\":\"acme-typo\",\"defualt\":\"0.01\",\"prefixes\":{\"90\":\"0.01\"}}");

        for (Answer answer : new Answer[] {coefficient, reference, limit, priceList, tariff}) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("INVALID_REQUEST");
        }
        assertThat(coefficient.body()).contains("unknown field 'coeficient'");
        assertThat(tariff.body()).contains("unknown field 'defualt'");
        assertThat(http.getBasic("/api/v1/balance", "acme-typo", "secret-6").status()).as("not created")
                .isEqualTo(401);
    }

    @Test
    void shouldNameThePriceThatMakesAPriceListInvalid() {
        Answer negative = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY,
                "{\"name\":\"acme-bad\",\"prefixes\":{\"90\":\"0.01\",\"905\":\"-0.01\"}}");
        Answer exponent = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY,
                "{\"name\":\"acme-bad\",\"default\":\"1e-2\"}");
        Answer prefix = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY,
                "{\"name\":\"acme-bad\",\"prefixes\":{\"default\":\"0.02\"}}");
        Answer empty = http.post("/api/v1/price-lists", TestNodes.RESELLER_KEY, "{\"name\":\"acme-bad\"}");

        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.errorCode()).isEqualTo("INVALID_TARIFF");
        assertThat(negative.json().path("error").path("message").asText()).isEqualTo("'prefixes' entry \"905\" "
                + "must be a decimal string from 0.00 to 1000.00 with at most 6 decimal places");
        assertThat(exponent.status()).isEqualTo(422);
        assertThat(exponent.body()).contains("'default' must be a decimal string");
        assertThat(prefix.status()).as("not a second way to write the default price").isEqualTo(422);
        assertThat(prefix.json().path("error").path("message").asText())
                .isEqualTo("'prefixes' entry \"default\": a prefix is 1 to 15 digits");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).contains("needs a 'default' price or 'prefixes'");
    }

    @Test
    void shouldLetTheOperatorTopUpAnyAccount() {
        Answer topUp = http.post("/api/v1/accounts/" + TestNodes.OTHER + "/top-ups", TestNodes.OPERATOR_KEY,
                "{\"amount\":\"1.00\"}");

        assertThat(topUp.status()).isEqualTo(200);
    }

    @Test
    void shouldExportAStatementAsCsvToTheResellerButNotToStrangers() throws Exception {
        http.post("/api/v1/accounts/acme-sub/top-ups", TestNodes.RESELLER_KEY,
                "{\"amount\":\"2.50\",\"reference\":\"statement test\"}");
        String credentials = Base64.getEncoder().encodeToString("acme-sub:sub-pass".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/messages"))
                .header("Authorization", "Basic " + credentials)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"from\":\"RINGWAY\",\"to\":\"+905321234567\",\"text\":\"code 1\",\"type\":\"otp\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).isEqualTo(202);

        Answer statement = http.get("/api/v1/accounts/acme-sub/statement.csv", TestNodes.RESELLER_KEY);
        Answer stranger = http.get("/api/v1/accounts/acme-sub/statement.csv", TestNodes.OTHER_KEY);

        assertThat(statement.status()).isEqualTo(200);
        assertThat(statement.header("content-type")).startsWith("text/csv");
        assertThat(statement.body()).startsWith("time,type,message_id,amount,balance_after,reference,upstream,cost,margin\r\n")
                .contains(",TOP_UP,,2.50,").contains("statement test")
                .as("a RESERVE line names the upstream, its cost and the margin").contains(",RESERVE,")
                .contains(",905321234567,sim,0.00,0.01\r\n");
        assertThat(stranger.status()).isEqualTo(403);
    }

}
