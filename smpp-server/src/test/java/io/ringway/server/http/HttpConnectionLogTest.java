package io.ringway.server.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sends cannot flood the log: a malformed or oversized request is answered and leaves at most one
 * debug line without a stack trace. A failure of the server's own is still logged with its stack trace.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HttpConnectionLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(HttpConnection.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Level level;

    @BeforeEach
    void recordTheConnectionsLog() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopRecording() {
        logger.detachAppender(log);
        logger.setLevel(level);
    }

    @Test
    void shouldLogAMalformedOrOversizedRequestAsOneDebugLineWithoutAStackTrace() {
        TestApi api = new TestApi(0);
        String[] requests = {
                "POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{\"from\":",
                "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/balance http/1.1\r\nHost: x\r\n\r\n",
                "POST /api/v1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(17_000) + "\r\n\r\n",
        };
        int[] statuses = {413, 414, 400, 501, 431};

        for (int i = 0; i < requests.length; i++) {
            EmbeddedChannel wire = api.wire();
            wire.writeInbound(Unpooled.copiedBuffer(requests[i], StandardCharsets.ISO_8859_1));
            wire.runPendingTasks();
            assertThat(statusOf(wire)).as(requests[i].substring(0, 20)).isEqualTo(statuses[i]);
            wire.finishAndReleaseAll();
        }

        assertThat(log.list).as("nothing above debug").allMatch(event -> event.getLevel() == Level.DEBUG);
        assertThat(log.list).as("no stack trace").allMatch(event -> event.getThrowableProxy() == null);
        assertThat(log.list.size()).as("at most a line a request").isLessThanOrEqualTo(requests.length);
        assertThat(log.list).as("the oversized body cut off when the connection closed")
                .anyMatch(event -> event.getFormattedMessage().endsWith("closed: PrematureChannelClosureException"));
    }

    @Test
    void shouldLogAFailureOfTheServersOwnWithItsStackTrace() {
        EmbeddedChannel channel = new TestApi(0).channel();

        channel.pipeline().fireExceptionCaught(new IllegalStateException("a broken invariant"));

        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(log.list.get(0).getThrowableProxy().getMessage()).isEqualTo("a broken invariant");
        assertThat(channel.isOpen()).isFalse();
    }

    private static int statusOf(EmbeddedChannel wire) {
        ByteBuf response = wire.readOutbound();
        String head = response.toString(StandardCharsets.ISO_8859_1);
        response.release();
        return Integer.parseInt(head.substring(9, 12));
    }
}
