package io.ringway.connectors.http;

import io.ringway.config.HttpUpstreamConfig;
import io.ringway.config.UpstreamConfig;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.TextEncoding;
import io.ringway.engine.routing.ReportAcknowledgement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP provider connector against provider APIs served by the test on ephemeral local ports: the two ready
 * profiles and a generic mapping send, acknowledge and learn delivery by polling or from pushed reports;
 * throttling and server errors are retried, client errors fail once, a provider that cannot be reached is reported
 * down until a retry is answered, and one that takes requests without answering them in time gets a message twice at
 * most.
 */
@Timeout(30)
class HttpProviderUpstreamSystemTest {
    private static final Duration POLL = Duration.ofMillis(50);

    @Test
    void shouldSendInfobipStyleJsonAndReportThePolledDeliveredReport() throws Exception {
        AtomicInteger reportPolls = new AtomicInteger();
        try (FakeProvider provider = new FakeProvider()
                .on("/sms/2/text/advanced", request -> new FakeProvider.Answer(200,
                        "{\"messages\":[{\"messageId\":\"ib-1\",\"status\":{\"groupName\":\"PENDING\"}}]}"))
                .on("/sms/1/reports", request -> new FakeProvider.Answer(200, reportPolls.incrementAndGet() == 1
                        ? "{\"results\":[]}"
                        : "{\"results\":[{\"messageId\":\"ib-1\",\"status\":{\"groupName\":\"DELIVERED\"},"
                                + "\"error\":{\"id\":0}}]}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.INFOBIP,
                    URI.create(provider.url("/sms/2/text/advanced")), "Authorization", "App test-key", null, null,
                    provider.url("/sms/1/reports"), POLL, Duration.ofSeconds(2), 4, null, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("infobip", http), events)) {
                upstream.start();
                upstream.submit(message(1L, "Merhaba", 1));

                await(() -> events.receipts().size() == 1);
                assertThat(events.submitted()).containsExactly(new RecordingEvents.Submitted(1L, 0, "infobip", "ib-1"));
                assertThat(events.receipts()).containsExactly(
                        new RecordingEvents.Receipt("infobip", "ib-1", "DELIVRD", 0));
                FakeProvider.Request send = provider.requests("/sms/2/text/advanced").get(0);
                assertThat(send.method()).isEqualTo("POST");
                assertThat(send.authorization()).isEqualTo("App test-key");
                assertThat(send.contentType()).isEqualTo("application/json");
                assertThat(send.body()).isEqualTo("{\"messages\":[{\"destinations\":[{\"to\":\"905321234567\"}],"
                        + "\"from\":\"RINGWAY\",\"text\":\"Merhaba\"}]}");
                assertThat(provider.requests("/sms/1/reports").get(0).authorization()).isEqualTo("App test-key");
            }
        }
    }

    @Test
    void shouldFetchTheNextBatchOfReportsAtOnceWhileABulkReportsUrlHandsOutReportsAwaited() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        AtomicInteger reportPolls = new AtomicInteger();
        List<Long> reportPollTimes = new CopyOnWriteArrayList<>();
        try (FakeProvider provider = new FakeProvider()
                .on("/sms/2/text/advanced", request -> new FakeProvider.Answer(200,
                        "{\"messages\":[{\"messageId\":\"ib-" + sends.incrementAndGet() + "\"}]}"))
                .on("/sms/1/reports", request -> { // one report a request, each once, as a batch size of one
                    reportPollTimes.add(System.nanoTime());
                    int next = reportPolls.incrementAndGet();
                    return new FakeProvider.Answer(200, next > 3 ? "{\"results\":[]}"
                            : "{\"results\":[{\"messageId\":\"ib-" + next + "\",\"status\":{\"groupName\":"
                                    + "\"DELIVERED\"},\"error\":{\"id\":0}}]}");
                })
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.INFOBIP,
                    URI.create(provider.url("/sms/2/text/advanced")), "Authorization", "App test-key", null, null,
                    provider.url("/sms/1/reports"), Duration.ofSeconds(2), Duration.ofSeconds(2), 4, null, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("infobip", http), events)) {
                upstream.start();
                for (long id = 1; id <= 3; id++) {
                    upstream.submit(message(20L + id, "batch " + id, 1));
                }

                await(() -> events.receipts().size() == 3);
                assertThat(reportPollTimes).hasSize(3);
                assertThat(TimeUnit.NANOSECONDS.toMillis(reportPollTimes.get(2) - reportPollTimes.get(0)))
                        .as("the three batches fetched one after the other, not a poll-interval (2 s) apart")
                        .isLessThan(1_000);
            }
        }
    }

    @Test
    void shouldFailAtOnceAMessageInfobipAnswersWithAStatusOfTheRejectedGroup() throws Exception {
        try (FakeProvider provider = new FakeProvider()
                .on("/sms/2/text/advanced", request -> new FakeProvider.Answer(200, "{\"bulkId\":\"b-1\","
                        + "\"messages\":[{\"to\":\"905321234567\",\"messageId\":\"ib-9\",\"status\":{\"groupId\":5,"
                        + "\"groupName\":\"REJECTED\",\"id\":12,\"name\":\"REJECTED_NOT_ENOUGH_CREDITS\"}}]}"))
                .on("/sms/1/reports", request -> new FakeProvider.Answer(200, "{\"results\":[]}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.INFOBIP,
                    URI.create(provider.url("/sms/2/text/advanced")), "Authorization", "App test-key", null, null,
                    provider.url("/sms/1/reports"), POLL, Duration.ofSeconds(2), 4, null, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("infobip", http), events)) {
                upstream.start();
                upstream.submit(message(11L, "no credit", 1));

                await(() -> events.failed().size() == 1);
                assertThat(events.failed()).containsExactly(new RecordingEvents.Failed(11L, 0, "infobip", 12));
                Thread.sleep(300); // a poll for its report would come within this
                assertThat(events.submitted()).isEmpty();
                assertThat(provider.requests("/sms/1/reports")).as("nothing awaits a report").isEmpty();
                assertThat(upstream.retries()).isZero();
            }
        }
    }

    @Test
    void shouldSendJetSmsStyleFormWithCredentialsAndPollTheStatusOfTheIdUntilFinal() throws Exception {
        AtomicInteger statusPolls = new AtomicInteger();
        try (FakeProvider provider = new FakeProvider()
                .on("/send", request -> new FakeProvider.Answer(200, "Status=0\r\nMessageIDs=js-7\r\n"))
                .on("/status/", request -> new FakeProvider.Answer(200, statusPolls.incrementAndGet() < 3
                        ? "{\"status\":\"PENDING\"}"
                        : "{\"status\":\"UNDELIVERED\",\"errorCode\":9}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.JETSMS,
                    URI.create(provider.url("/send")), null, null, "ringway", "s3cret&=",
                    provider.url("/status/{id}"), POLL, Duration.ofSeconds(2), 4,
                    HttpUpstreamConfig.FieldMapping.JETSMS, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("jetsms", http), events)) {
                upstream.start();
                upstream.submit(message(2L, "Kodunuz 1234", 1));

                await(() -> events.receipts().size() == 1);
                assertThat(events.submitted()).containsExactly(new RecordingEvents.Submitted(2L, 0, "jetsms", "js-7"));
                assertThat(events.receipts())
                        .containsExactly(new RecordingEvents.Receipt("jetsms", "js-7", "UNDELIV", 9));
                FakeProvider.Request send = provider.requests("/send").get(0);
                assertThat(send.contentType()).isEqualTo("application/x-www-form-urlencoded");
                assertThat(send.authorization()).isNull();
                assertThat(send.body()).isEqualTo("Username=ringway&Password=s3cret%26%3D&TransmissionID=RINGWAY"
                        + "&Msisdns=905321234567&Messages=Kodunuz+1234");
                assertThat(provider.requests("/status/")).extracting(FakeProvider.Request::path)
                        .containsOnly("/status/js-7").hasSize(3);
            }
        }
    }

    @Test
    void shouldFailAMessageJetSmsRefusesInItsTextAnswerAndSendAgainOneItCouldNotTakeForTheMoment() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        try (FakeProvider provider = new FakeProvider()
                .on("/send", request -> new FakeProvider.Answer(200, switch (sends.incrementAndGet()) {
                    case 1 -> "Status=-8\r\n";               // the number refused
                    case 2 -> "Status=-15\r\n";              // in trouble for the moment: nothing taken
                    default -> "Status=0\r\nMessageIDs=js-9\r\n";
                }))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.JETSMS,
                    URI.create(provider.url("/send")), null, null, "ringway", "s3cret", null, POLL,
                    Duration.ofSeconds(2), 1, HttpUpstreamConfig.FieldMapping.JETSMS, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("jetsms", http), events)) {
                upstream.start();
                upstream.submit(message(12L, "bad number", 1));
                await(() -> events.failed().size() == 1);
                upstream.submit(message(13L, "later", 1));

                await(() -> events.submitted().size() == 1);
                assertThat(events.failed()).containsExactly(new RecordingEvents.Failed(12L, 0, "jetsms", 8));
                assertThat(events.submitted()).containsExactly(new RecordingEvents.Submitted(13L, 0, "jetsms", "js-9"));
                assertThat(upstream.retries()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldPollTheStatusOfIdsAcknowledgedBeforeARestart() throws Exception {
        try (FakeProvider provider = new FakeProvider()
                .on("/status/", request -> new FakeProvider.Answer(200, "{\"status\":\"DELIVERED\"}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.JETSMS,
                    URI.create(provider.url("/send")), null, null, "ringway", "s3cret",
                    provider.url("/status/{id}"), POLL, Duration.ofSeconds(2), 4,
                    HttpUpstreamConfig.FieldMapping.JETSMS, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("restarted", http), events)) {
                upstream.awaitReceipts(List.of("js-1", "js-2"));
                upstream.start();

                await(() -> events.receipts().size() == 2);
                assertThat(events.receipts()).containsExactlyInAnyOrder(
                        new RecordingEvents.Receipt("restarted", "js-1", "DELIVRD", 0),
                        new RecordingEvents.Receipt("restarted", "js-2", "DELIVRD", 0));
                assertThat(provider.requests("/send")).as("nothing sent again").isEmpty();
            }
        }
    }

    /** A final status the journal refused (a full disk) is polled again, not lost. */
    @Test
    void shouldPollAgainForAStatusTheJournalRefused() throws Exception {
        try (FakeProvider provider = new FakeProvider()
                .on("/status/", request -> new FakeProvider.Answer(200, "{\"status\":\"DELIVERED\"}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            events.refuseReceipts(1);
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.JETSMS,
                    URI.create(provider.url("/send")), null, null, "ringway", "s3cret",
                    provider.url("/status/{id}"), POLL, Duration.ofSeconds(2), 4,
                    HttpUpstreamConfig.FieldMapping.JETSMS, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("refusing", http), events)) {
                upstream.awaitReceipts(List.of("js-7"));
                upstream.start();

                await(() -> events.receipts().size() == 1);
                assertThat(events.receipts()).containsExactly(new RecordingEvents.Receipt("refusing", "js-7", "DELIVRD", 0));
                assertThat(provider.requests("/status/")).as("asked twice: once refused").hasSizeGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void shouldMapGenericFieldsAndAcknowledgeEveryPartOfALongMessageUnderTheOneProviderId() throws Exception {
        try (FakeProvider provider = new FakeProvider()
                .on("/api/messages", request -> new FakeProvider.Answer(201, "{\"result\":{\"id\":\"g-42\"}}"))
                .on("/api/status/", request -> new FakeProvider.Answer(200, "{\"state\":\"OK\"}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig.FieldMapping mapping = new HttpUpstreamConfig.FieldMapping(
                    HttpUpstreamConfig.BodyFormat.JSON, "msisdn", "sender", "body", null, null, "/result/id",
                    "/state", null, Map.of("OK", "DELIVRD", "FAIL", "UNDELIV"));
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.GENERIC,
                    URI.create(provider.url("/api/messages")), null, null, "user", "pass",
                    provider.url("/api/status/{id}"), POLL, Duration.ofSeconds(2), 4, mapping, null);
            String text = "x".repeat(400);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("generic", http), events)) {
                upstream.start();
                upstream.submit(message(3L, text, 3));

                await(() -> events.receipts().size() == 1);
                assertThat(events.submitted()).containsExactly(
                        new RecordingEvents.Submitted(3L, 0, "generic", "g-42"),
                        new RecordingEvents.Submitted(3L, 1, "generic", "g-42"),
                        new RecordingEvents.Submitted(3L, 2, "generic", "g-42"));
                assertThat(events.receipts())
                        .containsExactly(new RecordingEvents.Receipt("generic", "g-42", "DELIVRD", 0));
                FakeProvider.Request send = provider.requests("/api/messages").get(0);
                assertThat(send.authorization()).isEqualTo("Basic dXNlcjpwYXNz");
                assertThat(send.body()).isEqualTo("{\"sender\":\"RINGWAY\",\"msisdn\":\"905321234567\",\"body\":\""
                        + text + "\"}");
                assertThat(provider.requests("/api/messages")).hasSize(1);
            }
        }
    }

    @Test
    void shouldHoldAPushedReportThatBeatsTheSendAnswerUntilEveryPartIsAcknowledged() throws Exception {
        CountDownLatch pushed = new CountDownLatch(1);
        try (FakeProvider provider = new FakeProvider()
                .on("/send", request -> {
                    awaitQuietly(pushed);
                    return new FakeProvider.Answer(200, "{\"id\":\"p-1\"}");
                })
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.GENERIC,
                    URI.create(provider.url("/send")), null, null, null, null, null, POLL, Duration.ofSeconds(2), 4,
                    HttpUpstreamConfig.FieldMapping.GENERIC, "push-secret-0123456");
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("push", http), events)) {
                upstream.start();
                upstream.submit(message(7L, "z".repeat(200), 2));
                await(() -> provider.requests("/send").size() == 1);

                assertThat(upstream.acceptsPushFrom("push-secret-0123456")).isTrue();
                assertThat(upstream.acceptsPushFrom("push-secret-0123457")).isFalse();
                List<String> answers = new CopyOnWriteArrayList<>();
                assertThat(upstream.receiptsPushed("not json".getBytes(StandardCharsets.UTF_8),
                        (receipts, journaled) -> answers.add("told " + receipts))).isFalse();
                assertThat(upstream.receiptsPushed("{\"id\":\"p-1\",\"status\":\"DELIVERED\"}"
                        .getBytes(StandardCharsets.UTF_8),
                        (receipts, journaled) -> answers.add(receipts + " " + journaled))).isTrue();
                Thread.sleep(100); // the worker holds the report before the answer comes
                assertThat(answers).as("not answered before the report is journaled").isEmpty();
                pushed.countDown();

                await(() -> events.receipts().size() == 1);
                assertThat(events.all()).containsExactly(
                        new RecordingEvents.Submitted(7L, 0, "push", "p-1"),
                        new RecordingEvents.Submitted(7L, 1, "push", "p-1"),
                        new RecordingEvents.Receipt("push", "p-1", "DELIVRD", 0));
                await(() -> !answers.isEmpty());
                assertThat(answers).containsExactly("1 true");
            }
        }
    }

    /** A pushed report the journal refused is answered so that the provider pushes it again; the next push is taken. */
    @Test
    void shouldAnswerAPushTheJournalRefusedSoThatTheProviderPushesItAgain() throws Exception {
        try (FakeProvider provider = new FakeProvider()
                .on("/send", request -> new FakeProvider.Answer(200, "{\"id\":\"r-1\"}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.GENERIC,
                    URI.create(provider.url("/send")), null, null, null, null, null, POLL, Duration.ofSeconds(2), 4,
                    HttpUpstreamConfig.FieldMapping.GENERIC, "push-secret-0123456");
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("push", http), events)) {
                upstream.start();
                upstream.submit(message(8L, "one", 1));
                await(() -> events.all().size() == 1);
                events.refuseReceipts(1);
                byte[] report = "[{\"id\":\"r-1\",\"status\":\"DELIVERED\"},{\"id\":\"r-2\",\"status\":\"x\"}]"
                        .getBytes(StandardCharsets.UTF_8);
                List<String> answers = new CopyOnWriteArrayList<>();
                assertThat(upstream.receiptsPushed(report, (receipts, journaled) -> answers.add(receipts + " "
                        + journaled))).isTrue();
                await(() -> !answers.isEmpty());
                assertThat(answers).containsExactly("1 false");
                assertThat(events.receipts()).isEmpty();

                assertThat(upstream.receiptsPushed(report, (receipts, journaled) -> answers.add(receipts + " "
                        + journaled))).isTrue();
                await(() -> answers.size() == 2);
                assertThat(answers).containsExactly("1 false", "1 true");
                assertThat(events.receipts()).containsExactly(new RecordingEvents.Receipt("push", "r-1", "DELIVRD", 0));
            }
        }
    }

    @Test
    void shouldAnswerEachOfManyReportsPushedAtOnceOnlyOnceAllAreJournaled() {
        List<Boolean> told = new ArrayList<>();
        ReportAcknowledgement each = HttpProviderUpstream.eachJournaled(3, told::add);
        each.journaled(true);
        each.journaled(true);
        assertThat(told).isEmpty();
        each.journaled(true);
        assertThat(told).containsExactly(true);

        told.clear();
        ReportAcknowledgement failing = HttpProviderUpstream.eachJournaled(3, told::add);
        failing.journaled(true);
        failing.journaled(false);
        failing.journaled(true);
        failing.journaled(false);
        assertThat(told).as("told once, at the first refusal").containsExactly(false);
    }

    @Test
    void shouldAcknowledgeOnlyThePartsOfARecoveredMessageThatWereNotAcknowledgedBefore() throws Exception {
        try (FakeProvider provider = new FakeProvider()
                .on("/send", request -> new FakeProvider.Answer(200, "{\"id\":\"again-1\"}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("again", generic(provider)),
                    events)) {
                Message recovered = message(8L, "y".repeat(400), 3);
                recovered.partAcknowledged(0, "before-restart");
                upstream.submit(recovered);
                upstream.start();

                await(() -> events.submitted().size() == 2);
                assertThat(events.submitted()).containsExactly(
                        new RecordingEvents.Submitted(8L, 1, "again", "again-1"),
                        new RecordingEvents.Submitted(8L, 2, "again", "again-1"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void shouldRetryAThrottlingOrServerErrorAnswerAndReportTheMessageSubmittedExactlyOnce(int firstAnswer)
            throws Exception {
        AtomicInteger sends = new AtomicInteger();
        try (FakeProvider provider = new FakeProvider()
                .on("/send", request -> sends.incrementAndGet() == 1
                        ? new FakeProvider.Answer(firstAnswer, "")
                        : new FakeProvider.Answer(200, "{\"id\":\"r-1\"}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("retry", generic(provider)),
                    events)) {
                upstream.start();
                upstream.submit(message(4L, "retry me", 1));

                await(() -> events.submitted().size() == 1);
                Thread.sleep(300); // a second acknowledgement would come within this
                assertThat(events.submitted()).containsExactly(new RecordingEvents.Submitted(4L, 0, "retry", "r-1"));
                assertThat(events.failed()).isEmpty();
                assertThat(provider.requests("/send")).hasSize(2);
                assertThat(upstream.retries()).isEqualTo(1);
                assertThat(events.availability()).as("answered, so never down").containsExactly(1);
            }
        }
    }

    @Test
    void shouldFailAMessageTheProviderRefusesWithAClientErrorOnceWithoutRetrying() throws Exception {
        try (FakeProvider provider = new FakeProvider()
                .on("/send", request -> new FakeProvider.Answer(400, "{\"error\":\"bad number\"}"))
                .start()) {
            RecordingEvents events = new RecordingEvents();
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("strict", generic(provider)),
                    events)) {
                upstream.start();
                upstream.submit(message(5L, "refused", 1));

                await(() -> events.failed().size() == 1);
                Thread.sleep(300); // a retry would reach the provider within this
                assertThat(events.failed()).containsExactly(new RecordingEvents.Failed(5L, 0, "strict", 400));
                assertThat(events.submitted()).isEmpty();
                assertThat(provider.requests("/send")).hasSize(1);
                assertThat(upstream.retries()).isZero();
            }
        }
    }

    @Test
    void shouldSendAMessageTwiceAtMostWhenTheProviderTakesItsRequestsAndAnswersTooLate() throws Exception {
        try (FakeProvider provider = new FakeProvider()
                .on("/send", request -> {
                    sleepQuietly(600); // past the 300 ms timeout: the request was taken, the answer comes too late
                    return new FakeProvider.Answer(200, "{\"id\":\"late-1\"}");
                })
                .start()) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.GENERIC,
                    URI.create(provider.url("/send")), null, null, null, null, null, POLL, Duration.ofMillis(300), 4,
                    HttpUpstreamConfig.FieldMapping.GENERIC, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("late", http), events)) {
                upstream.start();
                upstream.submit(message(10L, "only twice", 1));

                await(() -> events.failed().size() == 1);
                assertThat(events.failed()).containsExactly(new RecordingEvents.Failed(10L, 0, "late", 504));
                Thread.sleep(1_500); // a third attempt would reach the provider within this
                assertThat(provider.requests("/send")).hasSize(2);
                assertThat(events.submitted()).isEmpty();
            }
        }
    }

    @Test
    void shouldReportAProviderThatDoesNotAnswerDownAndUpAgainWhenARetryIsAnswered() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again: connections to it are refused, nothing is sent
        }
        String url = "http://127.0.0.1:" + port + "/send";
        FakeProvider provider = null;
        RecordingEvents events = new RecordingEvents();
        HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.GENERIC, URI.create(url),
                null, null, null, null, null, POLL, Duration.ofSeconds(2), 4, HttpUpstreamConfig.FieldMapping.GENERIC,
                null);
        try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("flaky", http), events)) {
            upstream.start();
            upstream.submit(message(6L, "later", 1));

            await(() -> events.availability().size() == 2);
            assertThat(events.availability()).containsExactly(1, 0);
            assertThat(upstream.isAvailable()).isFalse();
            provider = new FakeProvider(port).on("/send", request -> new FakeProvider.Answer(200, "{\"id\":\"u-1\"}"))
                    .start();

            await(() -> events.submitted().size() == 1);
            assertThat(events.availability()).containsExactly(1, 0, 1);
            assertThat(events.submitted()).containsExactly(new RecordingEvents.Submitted(6L, 0, "flaky", "u-1"));
            assertThat(upstream.isAvailable()).isTrue();
            assertThat(upstream.retries()).as("refused connections: retried as often as it takes")
                    .isGreaterThanOrEqualTo(3);
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    @Test
    void shouldTakeAnAnswerWhoseBodyNeverEndsAsATimeOutAndSendAndPollAgain() throws Exception {
        // First send and first poll: the status line and headers, then two of the ten body bytes announced, never
        // the rest. The next ones are answered whole.
        try (StallingProvider provider = new StallingProvider(
                (path, count) -> count == 1 ? null : path.startsWith("/send") ? "{\"id\":\"st-1\"}"
                        : "{\"status\":\"DELIVERED\"}")) {
            RecordingEvents events = new RecordingEvents();
            HttpUpstreamConfig http = new HttpUpstreamConfig(HttpUpstreamConfig.Profile.GENERIC,
                    URI.create(provider.url("/send")), null, null, null, null, provider.url("/status/{id}"), POLL,
                    Duration.ofMillis(300), 1, HttpUpstreamConfig.FieldMapping.GENERIC, null);
            try (HttpProviderUpstream upstream = new HttpProviderUpstream(upstream("stalling", http), events)) {
                upstream.start();
                upstream.submit(message(9L, "slow body", 1));

                await(() -> events.receipts().size() == 1);
                assertThat(events.submitted()).containsExactly(new RecordingEvents.Submitted(9L, 0, "stalling", "st-1"));
                assertThat(events.receipts())
                        .containsExactly(new RecordingEvents.Receipt("stalling", "st-1", "DELIVRD", 0));
                assertThat(provider.requests("/send")).isEqualTo(2);
                assertThat(provider.requests("/status/st-1")).isGreaterThanOrEqualTo(2);
            }
        }
    }

    /**
     * A provider on a raw socket, which can do what an HTTP server library will not: send an answer's headers and
     * part of its body and then nothing more. {@code script} gets the path and how many requests for it came so
     * far (this one included) and returns the JSON body to answer with 200, or null to stall.
     */
    private static final class StallingProvider implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
        private final Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<java.net.Socket> sockets = new CopyOnWriteArrayList<>();
        private final java.util.function.BiFunction<String, Integer, String> script;

        StallingProvider(java.util.function.BiFunction<String, Integer, String> script) throws java.io.IOException {
            this.script = script;
            Thread acceptor = new Thread(this::accept, "stalling-provider");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getLocalPort() + path;
        }

        int requests(String path) {
            return counts.getOrDefault(path, new AtomicInteger()).get();
        }

        private void accept() {
            try {
                while (true) {
                    java.net.Socket socket = server.accept();
                    sockets.add(socket);
                    Thread connection = new Thread(() -> serve(socket), "stalling-provider-connection");
                    connection.setDaemon(true);
                    connection.start();
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        }

        private void serve(java.net.Socket socket) {
            try (socket) {
                java.io.BufferedReader in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                java.io.OutputStream out = socket.getOutputStream();
                String requestLine;
                while ((requestLine = in.readLine()) != null) {
                    int length = 0;
                    for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                        if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring(15).trim());
                        }
                    }
                    in.skip(length);
                    String path = requestLine.split(" ")[1];
                    String body = script.apply(path, counts.computeIfAbsent(path, p -> new AtomicInteger())
                            .incrementAndGet());
                    if (body == null) {
                        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\""
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        Thread.sleep(60_000);
                        return;
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(bytes);
                    out.flush();
                }
            } catch (java.io.IOException | InterruptedException closed) {
                // the client gave up on it, or the test is over
            }
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            for (java.net.Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static HttpUpstreamConfig generic(FakeProvider provider) {
        return new HttpUpstreamConfig(HttpUpstreamConfig.Profile.GENERIC, URI.create(provider.url("/send")), null,
                null, null, null, null, POLL, Duration.ofSeconds(2), 4, HttpUpstreamConfig.FieldMapping.GENERIC,
                null);
    }

    private static UpstreamConfig upstream(String name, HttpUpstreamConfig http) {
        return new UpstreamConfig(name, "", 0, "", "", "", UpstreamConfig.BindType.TRANSCEIVER, 1, 1, 0, null, null,
                Duration.ofMillis(20), Duration.ofMillis(100), Map.of(), UpstreamConfig.ReceiptIdFormat.AUTO,
                UpstreamConfig.DEFAULT_FAILOVER_AFTER, "", http);
    }

    private static Message message(long id, String text, int segments) {
        Message message = new Message(id, "demo", Channel.SMPP, MessageType.TRANSACTIONAL, "RINGWAY", (byte) 5,
                (byte) 0, "905321234567", (byte) 1, (byte) 1, (byte) 0, TextEncoding.GSM, (byte) 1,
                TextEncoding.encode(text, TextEncoding.GSM), 0L, null);
        message.rated(segments, 0L);
        return message;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(10);
        }
    }
}
