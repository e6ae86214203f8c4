package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.ringway.config.SimulatorConfig;
import io.ringway.config.UpstreamConfig;
import io.ringway.config.UpstreamConfig.BindType;
import io.ringway.connectors.simulator.SmscSimulator;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

@Timeout(90)
class SmppUpstreamSystemTest {
    private static final String REFUSED_DESTINATION = "447700900999";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final RecordingUpstreamEvents events = new RecordingUpstreamEvents();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @AfterEach
    void closeEverything() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }

    @Test
    void shouldSubmitEveryMessageAndReportExactlyOneReceiptEach() {
        SmscSimulator simulator = simulator(simulatorConfig(0, 0, Duration.ZERO));
        SmppUpstream upstream = started(upstreamConfig(simulator.port(), BindType.TRANSCEIVER, Duration.ofSeconds(5)));

        submitAll(upstream, 1_000);

        await(() -> events.submitted().size() == 1_000 && events.receipts().size() == 1_000);
        await(() -> simulator.receiptsAcknowledged() == 1_000);
        assertEverySubmittedOnceWithOneReceipt(1_000);
        assertThat(events.failed()).isEmpty();
        assertThat(events.receipts()).allSatisfy(receipt -> {
            assertThat(receipt.upstream()).isEqualTo("sim");
            assertThat(receipt.stat()).isEqualTo("DELIVRD");
            assertThat(receipt.errorCode()).isZero();
        });
        assertThat(upstream.queued()).isZero();
        assertThat(upstream.inFlight()).isZero();
        assertThat(upstream.boundSessions()).isEqualTo(2);
        assertThat(simulator.submitsReceived()).isEqualTo(1_000);
    }

    @Test
    void shouldSubmitEveryMessageExactlyOnceThroughThrottling() {
        SmscSimulator simulator = simulator(simulatorConfig(200, 0, Duration.ZERO));
        SmppUpstream upstream = started(upstreamConfig(simulator.port(), BindType.TRANSCEIVER, Duration.ofSeconds(5)));

        submitAll(upstream, 500);

        await(() -> events.submitted().size() == 500 && events.receipts().size() == 500);
        assertEverySubmittedOnceWithOneReceipt(500);
        assertThat(events.failed()).isEmpty();
        assertThat(simulator.submitsThrottled()).isPositive();
        assertThat(upstream.retries()).isEqualTo(simulator.submitsThrottled());
    }

    @Test
    void shouldDeliverEveryMessageAndReceiptOnceThroughDroppedConnections() {
        SmscSimulator simulator = simulator(simulatorConfig(0, 50, Duration.ZERO));
        SmppUpstream upstream = started(upstreamConfig(simulator.port(), BindType.TRANSCEIVER, Duration.ofSeconds(5)));

        submitAll(upstream, 500);

        await(() -> events.submitted().size() >= 500 && events.receipts().size() >= 500);
        await(() -> simulator.receiptsAcknowledged() == 500);
        assertEverySubmittedOnceWithOneReceipt(500);
        assertThat(events.failed()).isEmpty();
        assertThat(simulator.submitsAccepted()).isEqualTo(500);
        assertThat(simulator.submitsReceived()).as("window beyond each drop, sent again").isGreaterThan(500);
        assertThat(upstream.retries()).isGreaterThanOrEqualTo(simulator.submitsReceived() - 500);
    }

    @Test
    void shouldReportPermanentErrorExactlyOnce() throws InterruptedException {
        SmscSimulator simulator = new SmscSimulator(simulatorConfig(0, 0, Duration.ZERO),
                Map.of(REFUSED_DESTINATION, SmppConstants.STATUS_INVDSTADR)).start();
        resources.push(simulator);
        SmppUpstream upstream = started(upstreamConfig(simulator.port(), BindType.TRANSCEIVER, Duration.ofSeconds(5)));

        for (long id = 1; id <= 10; id++) {
            upstream.submit(message(id, id == 5 ? REFUSED_DESTINATION : "4477009" + (10_000 + id), "hello"));
        }

        await(() -> events.submitted().size() == 9 && events.receipts().size() == 9);
        assertThat(events.failed()).containsExactly(
                new RecordingUpstreamEvents.Failed(5, "sim", SmppConstants.STATUS_INVDSTADR));
        assertThat(events.submitted()).extracting(RecordingUpstreamEvents.Submitted::messageId)
                .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
        assertThat(upstream.retries()).isZero();
    }

    @Test
    void shouldCarryLongPayloadInMessagePayload() {
        SmscSimulator simulator = simulator(simulatorConfig(0, 0, Duration.ZERO));
        SmppUpstream upstream = started(upstreamConfig(simulator.port(), BindType.TRANSCEIVER, Duration.ofSeconds(5)));

        upstream.submit(message(1, "447700900001", "x".repeat(600)));

        await(() -> events.submitted().size() == 1 && events.receipts().size() == 1);
        assertThat(events.failed()).isEmpty();
        assertThat(events.receipts().get(0).upstreamMessageId()).isEqualTo(events.submitted().get(0).upstreamMessageId());
    }

    @Test
    void shouldBindTransmitterAndReceiverPairsAndGetReceiptsOnTheReceivers() {
        SmscSimulator simulator = simulator(simulatorConfig(0, 0, Duration.ZERO));
        SmppUpstream upstream = started(upstreamConfig(simulator.port(), BindType.TRANSMITTER, Duration.ofSeconds(5)));

        await(() -> upstream.boundSessions() == 4);
        submitAll(upstream, 100);

        await(() -> events.submitted().size() == 100 && events.receipts().size() == 100);
        assertEverySubmittedOnceWithOneReceipt(100);
        assertThat(simulator.boundSessions()).isEqualTo(4);
    }

    @Test
    void shouldRetryAnUnansweredSubmissionOnceThenReportItFailed() {
        SimulatorConfig slow = new SimulatorConfig(true, "127.0.0.1", 0, "ringway", "sim-pass", Duration.ofSeconds(2),
                Duration.ofMillis(10), Map.of("DELIVRD", 1), 0, 0, 1L);
        SmscSimulator simulator = simulator(slow);
        SmppUpstream upstream = started(upstreamConfig(simulator.port(), BindType.TRANSCEIVER, Duration.ofMillis(200)));
        await(upstream::isAvailable);

        upstream.submit(message(1, "447700900001", "hello"));
        upstream.submit(message(2, "447700900002", "hello"));

        await(() -> events.failed().size() == 2);
        assertThat(events.failed()).containsExactlyInAnyOrder(
                new RecordingUpstreamEvents.Failed(1, "sim", SmppConstants.STATUS_SYSERR),
                new RecordingUpstreamEvents.Failed(2, "sim", SmppConstants.STATUS_SYSERR));
        assertThat(events.submitted()).isEmpty();
        assertThat(upstream.retries()).isEqualTo(2);
        assertThat(simulator.submitsReceived()).isEqualTo(4);
    }

    @Test
    void shouldUnbindEverySessionOnClose() {
        SmscSimulator simulator = simulator(simulatorConfig(0, 0, Duration.ZERO));
        SmppUpstream upstream = started(upstreamConfig(simulator.port(), BindType.TRANSCEIVER, Duration.ofSeconds(5)));
        await(() -> simulator.boundSessions() == 2);

        assertTimeoutPreemptively(Duration.ofSeconds(10), upstream::close);

        await(() -> simulator.boundSessions() == 0);
        assertThat(upstream.isAvailable()).isFalse();
        assertThat(upstream.boundSessions()).isZero();
    }

    @Test
    void shouldCloseWithinBoundedTimeWhenTheSmscIsDown() throws Exception {
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            deadPort = probe.getLocalPort();
        }
        SmppUpstream upstream = started(upstreamConfig(deadPort, BindType.TRANSCEIVER, Duration.ofSeconds(5)));
        upstream.submit(message(1, "447700900001", "hello"));
        Thread.sleep(300); // several connection attempts, refused

        assertTimeoutPreemptively(SmppUpstream.CLOSE_WAIT.multipliedBy(2), upstream::close);

        assertThat(upstream.isAvailable()).isFalse();
        assertThat(upstream.queued()).isEqualTo(1);
        assertThat(events.submitted()).isEmpty();
        assertThat(events.failed()).isEmpty();
    }

    @Test
    void shouldReconnectAfterTheSmscRestartsOnTheSamePort() {
        SimulatorConfig first = simulatorConfig(0, 0, Duration.ZERO);
        SmscSimulator simulator = new SmscSimulator(first).start();
        int port = simulator.port();
        SmppUpstream upstream = started(upstreamConfig(port, BindType.TRANSCEIVER, Duration.ofSeconds(5)));
        for (long id = 1; id <= 10; id++) {
            upstream.submit(message(id, "447700900001", "hello"));
        }
        await(() -> events.submitted().size() == 10 && events.receipts().size() == 10);

        simulator.close();
        await(() -> !upstream.isAvailable());
        SmscSimulator restarted = simulator(new SimulatorConfig(true, "127.0.0.1", port, "ringway", "sim-pass",
                Duration.ZERO, Duration.ofMillis(10), Map.of("DELIVRD", 1), 0, 0, 1L));
        await(upstream::isAvailable);
        for (long id = 11; id <= 20; id++) {
            upstream.submit(message(id, "447700900001", "hello"));
        }

        await(() -> events.submitted().size() == 20 && events.receipts().size() == 20);
        assertEverySubmittedOnceWithOneReceipt(20);
        assertThat(restarted.submitsAccepted()).isEqualTo(10);
    }

    private void assertEverySubmittedOnceWithOneReceipt(int count) {
        List<RecordingUpstreamEvents.Submitted> submitted = events.submitted();
        assertThat(submitted).extracting(RecordingUpstreamEvents.Submitted::messageId)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
        Set<String> upstreamIds = submitted.stream().map(RecordingUpstreamEvents.Submitted::upstreamMessageId)
                .collect(Collectors.toSet());
        assertThat(upstreamIds).hasSize(count);
        Map<String, Long> receiptsPerId = events.receipts().stream()
                .collect(Collectors.groupingBy(RecordingUpstreamEvents.Receipt::upstreamMessageId, Collectors.counting()));
        assertThat(receiptsPerId.keySet()).isEqualTo(upstreamIds);
        assertThat(receiptsPerId.values()).containsOnly(1L);
    }

    private void submitAll(SmppUpstream upstream, int count) {
        for (long id = 1; id <= count; id++) {
            upstream.submit(message(id, "4477009" + (10_000 + id), "hello " + id));
        }
    }

    private SmscSimulator simulator(SimulatorConfig config) {
        SmscSimulator simulator = new SmscSimulator(config).start();
        resources.push(simulator);
        return simulator;
    }

    private SmppUpstream started(UpstreamConfig config) {
        SmppUpstream upstream = new SmppUpstream(config, events, group);
        resources.push(upstream);
        upstream.start();
        return upstream;
    }

    private static SimulatorConfig simulatorConfig(int throttlePerSecond, int dropAfter, Duration latency) {
        return new SimulatorConfig(true, "127.0.0.1", 0, "ringway", "sim-pass", latency, Duration.ofMillis(10),
                Map.of("DELIVRD", 1), throttlePerSecond, dropAfter, 42L);
    }

    private static UpstreamConfig upstreamConfig(int port, BindType bindType, Duration responseTimeout) {
        return new UpstreamConfig("sim", "127.0.0.1", port, "ringway", "sim-pass", "", bindType, 2, 64, 0,
                Duration.ofSeconds(30), responseTimeout, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private static Message message(long id, String destination, String text) {
        return new Message(id, "demo", Channel.SMPP, MessageType.OTP, "RINGWAY", (byte) 5, (byte) 0,
                destination, (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 0,
                text.getBytes(StandardCharsets.US_ASCII), System.currentTimeMillis(), "sim");
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
