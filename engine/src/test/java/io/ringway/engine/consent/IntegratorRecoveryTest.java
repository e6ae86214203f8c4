package io.ringway.engine.consent;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.customer.CustomerSink;
import io.ringway.engine.customer.SubmitResponder;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.Engine;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.routing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through a running engine: a parked submission is answered only when the registry's answer comes back through the
 * ring; one still parked when the engine stops was never answered, so after a restart it is refused (journaled
 * "unavailable"), not sent; consent changes the registry had not taken are handed to it again on start.
 */
@Timeout(60)
class IntegratorRecoveryTest {
    @TempDir
    Path data;

    private RingwayConfig config() {
        return ConfigLoader.parse("recovery.yaml", """
                journal: {directory: "%s"}
                consent:
                  registry: {url: "http://registry.test", timeout: 1s}
                upstreams:
                  - {name: up, host: h, system-id: x}
                accounts:
                  - system-id: shop
                    password-hash: "pbkdf2-sha256$1000$c2FsdA$aGFzaA"
                    default-type: commercial
                    brands:
                      - {name: RETAIL, senders: [RETAIL], mode: integrator}
                      - {name: SHOP, senders: [SHOP]}
                """.formatted(data.toString().replace('\\', '/')));
    }

    @Test
    void shouldAnswerAParkedSubmissionWhenTheRegistryAnswersAndRefuseOneTheLastRunLeftParked() throws Exception {
        RecordingRegistry registry = new RecordingRegistry();
        Answers answers = new Answers();
        List<Message> sent = new CopyOnWriteArrayList<>();
        try (Engine engine = start(config(), registry, sent)) {
            submit(engine, "905321111111", answers, 1);
            assertThat(registry.asked.poll(10, TimeUnit.SECONDS)).isEqualTo("RETAIL/905321111111");
            assertThat(answers.next(200)).as("no answer before the registry's").isNull();
            engine.consentRegistryEvents().answered("RETAIL", "905321111111",
                    new Consent(ConsentStatus.OPT_IN, 1_700_000_000_000L, ConsentSource.WEB, RecipientType.INDIVIDUAL));
            assertThat(answers.next(10_000)).isEqualTo("1 accepted");
            awaitSize(sent, 1);

            submit(engine, "905322222222", answers, 2);
            assertThat(registry.asked.poll(10, TimeUnit.SECONDS)).isEqualTo("RETAIL/905322222222");
            MessageEvent consent = engine.ingress().claim(EventKind.CONSENT);
            consent.target = "SHOP";
            consent.destinationAddress = "905329999999";
            consent.consentStatus = ConsentStatus.OPT_IN;
            consent.consentDate = 1_700_000_000_000L;
            consent.consentSource = ConsentSource.WEB;
            consent.recipientType = RecipientType.INDIVIDUAL;
            engine.ingress().publish(consent);
            assertThat(registry.pushes.poll(10, TimeUnit.SECONDS).msisdn()).isEqualTo("905329999999");
        }
        assertThat(answers.next(100)).as("the parked one was never answered").isNull();

        RecordingRegistry restarted = new RecordingRegistry();
        try (Engine engine = start(config(), restarted, sent)) {
            assertThat(restarted.pushes.poll(10, TimeUnit.SECONDS).msisdn())
                    .as("the change the registry never took, again").isEqualTo("905329999999");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (engine.counters().consentRegistryFailures.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(engine.counters().consentRegistryFailures.get()).isEqualTo(1);
        }
        assertThat(restarted.asked).as("the open question is not asked again").isEmpty();
        assertThat(sent).as("the parked submission was refused, not sent (message 1, never acknowledged upstream, "
                + "is dispatched again)").extracting(Message::id).containsExactly(1L, 1L);
        try (Engine engine = start(config(), new RecordingRegistry(), sent)) {
            assertThat(engine.businessLogic().parkedForConsent()).isZero();
            assertThat(engine.businessLogic().lastMessageId()).isEqualTo(1);
        }
    }

    private static void submit(Engine engine, String destination, SubmitResponder responder, int correlation) {
        MessageEvent event = engine.ingress().claim(EventKind.SUBMIT);
        event.account = "shop";
        event.channel = Channel.SMPP;
        event.sourceAddress = "RETAIL";
        event.destinationAddress = destination;
        event.payload = "Kampanya".getBytes(StandardCharsets.ISO_8859_1);
        event.responder = responder;
        event.correlation = correlation;
        engine.ingress().publish(event);
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(list).hasSize(size);
    }

    private static Engine start(RingwayConfig config, ExternalConsentRegistry registry, List<Message> sent) {
        Engine engine = new Engine(config, new Accounts());
        engine.start(Map.of("up", new Upstream() {
            @Override public String name() { return "up"; }
            @Override public void start() { }
            @Override public boolean isAvailable() { return true; }
            @Override public void submit(Message message) { sent.add(message); }
            @Override public void close() { }
        }), (CustomerSink) receipt -> false, registry);
        return engine;
    }

    /** Records questions and pushes; never answers by itself. */
    static final class RecordingRegistry implements ExternalConsentRegistry {
        final BlockingQueue<String> asked = new LinkedBlockingQueue<>();
        final BlockingQueue<ConsentChange> pushes = new LinkedBlockingQueue<>();

        @Override
        public void lookup(String brand, String msisdn) {
            asked.add(brand + "/" + msisdn);
        }

        @Override
        public void push(ConsentChange change) {
            pushes.add(change);
        }
    }

    /** Submission answers as "correlation accepted|STATUS". */
    static final class Answers implements SubmitResponder {
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        @Override
        public void accepted(int correlation, long messageId) {
            answers.add(correlation + " accepted");
        }

        @Override
        public void rejected(int correlation, Status status) {
            answers.add(correlation + " " + status);
        }

        String next(long millis) throws InterruptedException {
            return answers.poll(millis, TimeUnit.MILLISECONDS);
        }
    }
}
