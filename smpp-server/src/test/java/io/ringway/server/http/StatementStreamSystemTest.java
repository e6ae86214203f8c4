package io.ringway.server.http;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.account.SubmitRates;
import io.ringway.engine.billing.Statement;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.ring.ConsentImporter;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement streamed to a client that does not read: the replay waits for the channel instead of filling Netty's
 * outbound buffer, and stops when the client goes away or reads nothing for the stall limit. A real socket and the
 * real {@link HttpConnection} and {@link Administration}; the business logic's answer to the authorization query is
 * played by the test, on a ring nobody consumes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatementStreamSystemTest {
    private static final String OPERATOR_KEY = "operator-key";
    private static final int TOP_UPS = 80;
    /** About 144 KB of UTF-8 per line: the statement is about 11 MB. */
    private static final String LONG_REFERENCE = "fatura çğışöü € ".repeat(6_000);

    @TempDir
    Path data;

    private final RingBuffer<MessageEvent> ring = RingBuffer.createMultiProducer(MessageEvent::new, 64);
    private final RingIngress ingress = RingIngress.over(ring, () -> 1_700_000_000_000L);
    private final AtomicReference<Thread> replayThread = new AtomicReference<>();
    private final ExecutorService slowWork = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "test-slow-work");
                thread.setDaemon(true);
                replayThread.set(thread);
                return thread;
            });
    private final AtomicReference<Channel> serverSide = new AtomicReference<>();
    private EventLoopGroup group;
    private Journal journal;
    private RingwayConfig config;
    private Channel listener;

    StatementStreamSystemTest() {
        ring.addGatingSequences(new Sequence()); // a consumer that never moves: the test reads the QUERY itself
    }

    @BeforeEach
    void writeJournal() {
        config = ConfigLoader.parse("statement.yaml", """
                upstreams:
                  - {name: up, host: h, system-id: x}
                accounts:
                  - {system-id: acme, password-hash: "pbkdf2-sha256$1000$c2FsdA$aGFzaA"}
                """);
        journal = new Journal(data);
        try (Journal.JournalAppender appender = journal.appender()) {
            MessageEvent event = new MessageEvent();
            for (int i = 1; i <= TOP_UPS; i++) {
                event.clear();
                event.kind = EventKind.ADMIN;
                event.timestamp = 1_700_000_000_000L + i;
                event.adminOperation = AdminOperation.TOP_UP;
                event.target = "acme";
                event.amount = 1_000_000;
                event.text = i + " " + LONG_REFERENCE;
                appender.append(event);
            }
        }
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        slowWork.shutdownNow();
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    void shouldHoldTheReplayBackWhileTheClientReadsNothingAndGiveItAllOnceItReads() throws Exception {
        start(Duration.ofSeconds(30));
        try (Socket client = requestStatement()) {
            authorize();
            awaitReplayWaitingForTheClient();

            long buffered = serverSide.get().unsafe().outboundBuffer().totalPendingWriteBytes();
            assertThat(buffered).as("bytes Netty holds for the client").isLessThan(256 * 1024);

            byte[] received = readUntilLastChunk(client.getInputStream());
            String answer = new String(received, StandardCharsets.ISO_8859_1);
            int body = answer.indexOf("\r\n\r\n") + 4;
            assertThat(answer.substring(0, body)).startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("transfer-encoding: chunked\r\n");
            assertThat(dechunk(received, body)).isEqualTo(replayedCsv());
        }
    }

    @Test
    void shouldStopTheReplayWhenTheClientGoesAway() throws Exception {
        start(Duration.ofSeconds(30));
        Socket client = requestStatement();
        authorize();
        awaitReplayWaitingForTheClient();

        client.close();

        assertThat(slowWorkFreeWithin(Duration.ofSeconds(10))).as("the replay thread is free again").isTrue();
    }

    @Test
    void shouldGiveUpOnAClientThatReadsNothingForTheStallLimit() throws Exception {
        start(Duration.ofSeconds(1));
        try (Socket client = requestStatement()) {
            authorize();

            assertThat(slowWorkFreeWithin(Duration.ofSeconds(15))).as("the replay thread is free again").isTrue();
            assertThat(serverSide.get().closeFuture().await(5, TimeUnit.SECONDS))
                    .as("the server closed the connection").isTrue();
        }
    }

    private void start(Duration stallLimit) {
        Accounts accounts = new Accounts();
        AccountDirectory directory = new AccountDirectory(List.of());
        ApiMetrics metrics = new ApiMetrics();
        ApiAuthenticator authenticator = new ApiAuthenticator(accounts, PasswordHasher.hash(OPERATOR_KEY, 1000),
                Runnable::run);
        Submissions submissions = new Submissions(ingress, directory,
                new RateLimits(directory, new SubmitRates(System::nanoTime)), metrics, System::currentTimeMillis);
        ApiRouter router = new ApiRouter(authenticator, submissions, new EngineQueries(ingress, "EUR"),
                new Administration(ingress, config, journal, slowWork),
                new Consents(ingress, new ConsentImporter(ingress, null), Runnable::run),
                new KannelSendSms(authenticator, submissions), new AccessLog(directory, 10), metrics);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        serverSide.set(channel);
                        channel.pipeline().addLast(new HttpCodec(8192, 16_384), new BodyAggregator(1024),
                                new HttpConnection(router, metrics, stallLimit));
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** A client with a small receive buffer, so that the server's socket fills up soon. */
    private Socket requestStatement() throws IOException {
        Socket client = new Socket();
        client.setReceiveBufferSize(4096);
        client.connect(listener.localAddress(), 5_000);
        client.setSoTimeout(20_000);
        client.getOutputStream().write(("GET /api/v1/accounts/acme/statement.csv HTTP/1.1\r\nHost: ringway\r\n"
                + "Authorization: Bearer " + OPERATOR_KEY + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        return client;
    }

    /** Plays the business logic: the account exists. Returns once its QUERY was answered. */
    private void authorize() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ring.getCursor() < 0) {
            assertThat(System.nanoTime()).as("the statement asks the ring who may read it").isLessThan(deadline);
            Thread.sleep(10);
        }
        MessageEvent query = ring.get(0);
        assertThat(query.kind).isEqualTo(EventKind.QUERY);
        assertThat(query.account).isEqualTo("acme");
        query.answer.found = true;
        query.queryResponder.answered(query.correlation, query);
    }

    private void awaitReplayWaitingForTheClient() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Thread thread = replayThread.get();
            if (thread != null && thread.getState() == Thread.State.TIMED_WAITING && waitsForWritability(thread)) {
                return;
            }
            assertThat(System.nanoTime()).as("the replay waits for the client").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static boolean waitsForWritability(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(StreamedResponse.class.getName())
                    && frame.getMethodName().equals("awaitWritable")) {
                return true;
            }
        }
        return false;
    }

    private boolean slowWorkFreeWithin(Duration limit) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        slowWork.execute(ran::countDown);
        return ran.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String replayedCsv() throws IOException {
        StringWriter csv = new StringWriter();
        Statement.writeCsvHeader(csv);
        Statement.replay(config, journal, "acme", Statement.Period.ALL, line -> Statement.writeCsvLine(line, csv));
        return csv.toString();
    }

    /** Reads until the last chunk ({@code 0 CRLF CRLF}); the connection stays open after it. */
    private static byte[] readUntilLastChunk(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        String end = "\r\n0\r\n\r\n";
        String tail = "";
        while (!tail.endsWith(end)) {
            int read = in.read(buffer);
            assertThat(read).as("the server ended the body before closing").isPositive();
            received.write(buffer, 0, read);
            String latest = new String(buffer, Math.max(0, read - end.length()), Math.min(read, end.length()),
                    StandardCharsets.ISO_8859_1);
            tail = (tail + latest).substring(Math.max(0, tail.length() + latest.length() - end.length()));
        }
        return received.toByteArray();
    }

    /** The UTF-8 body of a chunked message (RFC 9112 §7.1) that starts at {@code at}, without extensions. */
    private static String dechunk(byte[] bytes, int at) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = at;
            while (bytes[lineEnd] != '\r') {
                lineEnd++;
            }
            int size = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
            at = lineEnd + 2;
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(bytes, at, size);
            at += size + 2;
        }
    }
}
