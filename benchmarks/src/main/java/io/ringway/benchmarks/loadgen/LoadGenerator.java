package io.ringway.benchmarks.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringway.connectors.smpp.wire.SmppFrameDecoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./ringway loadgen ...}: load over SMPP or HTTP with a fixed number of connections and a window each,
 * closed loop at the server's pace or open loop at a target rate, for a number of messages or a duration after a
 * warm-up; it prints what was sent, the answers by status, the rates and HdrHistogram latency percentiles.
 * {@code --mode smpp-sink} instead runs {@link SmppSink}, the trivial server that measures the generator itself.
 *
 * <p>The generator must never be what limits a run, so it is lean on purpose: Netty with one event loop per
 * core, pre-encoded requests copied into pooled buffers, responses read from their headers, one flush per batch.
 * Run {@link #run} for the figures in-process (the smoke tests do).
 */
public final class LoadGenerator {
    private static final long POLL_MILLIS = 20;
    private static final int MAX_COMMAND_LENGTH = 70_000;

    private LoadGenerator() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.mode() == LoadOptions.Mode.SMPP_SINK) {
            runSink(options);
            return;
        }
        try {
            System.out.print(run(options).report());
        } catch (IllegalStateException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void runSink(LoadOptions options) throws InterruptedException {
        SmppSink sink = new SmppSink().start(options.host(), options.port(), options.threads());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sink.close();
            stopped.countDown();
        }, "smpp-sink-shutdown"));
        System.out.println("SMPP sink listening on " + options.host() + ":" + sink.port() + "; Ctrl-C to stop");
        stopped.await();
    }

    /** Connects, warms up, measures, drains and disconnects; throws {@link IllegalStateException} if it cannot. */
    static LoadResult run(LoadOptions options) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(), new DefaultThreadFactory("loadgen"),
                NioIoHandler.newFactory());
        List<LoadConnection> connections = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        ReceiptClock clock = options.receipts() ? new ReceiptClock() : null;
        try {
            connect(options, group, clock, connections, channels);
            return measure(options, connections, clock);
        } finally {
            disconnect(connections, channels);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static void connect(LoadOptions options, EventLoopGroup group, ReceiptClock clock,
                                List<LoadConnection> connections, List<Channel> channels) {
        boolean smpp = options.mode() == LoadOptions.Mode.SMPP;
        double ratePerConnection = (double) options.rate() / options.connections();
        for (int i = 0; i < options.connections(); i++) {
            LoadConnection connection = smpp
                    ? new SmppLoadConnection(options, ratePerConnection, new SubmitSmTemplates(options.receipts(), options.sender()), clock)
                    : new HttpLoadConnection(options, ratePerConnection,
                    new HttpRequestTemplates(options.host(), options.port(), options.apiKey(), options.sender()));
            Bootstrap bootstrap = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(smpp ? new SmppFrameDecoder(MAX_COMMAND_LENGTH)
                                    : new HttpResponseDecoder(), connection);
                        }
                    });
            var connected = bootstrap.connect(options.host(), options.port()).awaitUninterruptibly();
            if (!connected.isSuccess()) {
                throw new IllegalStateException("cannot connect to " + options.host() + ":" + options.port() + ": "
                        + connected.cause(), connected.cause());
            }
            connections.add(connection);
            channels.add(connected.channel());
        }
        if (smpp) {
            for (LoadConnection connection : connections) {
                var bound = ((SmppLoadConnection) connection).bound();
                if (!bound.awaitUninterruptibly(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("bind as '" + options.systemId() + "': no answer within 10 s");
                }
                if (!bound.isSuccess()) {
                    throw new IllegalStateException("bind as '" + options.systemId() + "' failed: "
                            + bound.cause().getMessage());
                }
            }
        }
    }

    private static LoadResult measure(LoadOptions options, List<LoadConnection> connections, ReceiptClock clock)
            throws InterruptedException {
        long start = System.nanoTime();
        boolean warmup = !options.warmup().isZero();
        for (LoadConnection connection : connections) {
            connection.call(() -> {
                if (!warmup) {
                    connection.measure(quota(options, connections, connection));
                }
                connection.start(start);
                return null;
            });
        }
        if (warmup) {
            TimeUnit.NANOSECONDS.sleep(options.warmup().toNanos());
            for (LoadConnection connection : connections) {
                connection.call(() -> {
                    connection.measure(quota(options, connections, connection));
                    return null;
                });
            }
        }
        long windowStart = System.nanoTime();
        if (options.messages() > 0) {
            while (!allAnswered(connections) && anyOpen(connections)) {
                Thread.sleep(POLL_MILLIS);
            }
            long receiptDeadline = System.nanoTime() + options.drain().toNanos();
            while (clock != null && receiptsOwed(connections) > 0 && System.nanoTime() < receiptDeadline
                    && anyOpen(connections)) {
                Thread.sleep(POLL_MILLIS);
            }
        } else {
            TimeUnit.NANOSECONDS.sleep(options.duration().toNanos());
        }
        long windowEnd = System.nanoTime();
        ConnectionStats window = new ConnectionStats();
        for (LoadConnection connection : connections) {
            window.add(connection.call(() -> {
                connection.stop();
                return connection.stats.copy();
            }));
        }
        long drainDeadline = System.nanoTime() + options.drain().toNanos();
        while (System.nanoTime() < drainDeadline && !drained(connections, clock) && anyOpen(connections)) {
            Thread.sleep(POLL_MILLIS);
        }
        long unanswered = 0;
        for (LoadConnection connection : connections) {
            unanswered += connection.call(connection::inFlight);
        }
        if (clock != null) {
            window.unmatchedReceipts += clock.early(); // receipts no response ever named
        }
        return new LoadResult(options, windowEnd - windowStart, window, unanswered,
                clock == null ? 0 : receiptsOwed(connections));
    }

    /** This connection's share of {@code --messages}, or {@link Long#MAX_VALUE} when the run is timed. */
    private static long quota(LoadOptions options, List<LoadConnection> connections, LoadConnection connection) {
        if (options.messages() == 0) {
            return Long.MAX_VALUE;
        }
        int n = connections.size();
        int i = connections.indexOf(connection);
        return options.messages() / n + (i < options.messages() % n ? 1 : 0);
    }

    private static boolean allAnswered(List<LoadConnection> connections) {
        for (LoadConnection connection : connections) {
            if (!connection.quotaMet()) {
                return false;
            }
        }
        return true;
    }

    private static boolean drained(List<LoadConnection> connections, ReceiptClock clock) {
        for (LoadConnection connection : connections) {
            if (connection.call(connection::inFlight) > 0) {
                return false;
            }
        }
        return clock == null || receiptsOwed(connections) == 0;
    }

    /** Accepted submissions minus receipts received, over every bind since it bound. */
    private static long receiptsOwed(List<LoadConnection> connections) {
        long owed = 0;
        for (LoadConnection connection : connections) {
            SmppLoadConnection smpp = (SmppLoadConnection) connection;
            owed += smpp.call(() -> smpp.acceptedLifetime() - smpp.receiptsLifetime());
        }
        return owed;
    }

    private static boolean anyOpen(List<LoadConnection> connections) {
        for (LoadConnection connection : connections) {
            if (connection.ctx.channel().isActive()) {
                return true;
            }
        }
        return false;
    }

    /** SMPP binds unbind and wait up to 2 s for unbind_resp; then every connection closes. */
    private static void disconnect(List<LoadConnection> connections, List<Channel> channels) {
        for (LoadConnection connection : connections) {
            if (connection instanceof SmppLoadConnection smpp && smpp.ctx.channel().isActive()) {
                smpp.ctx.executor().execute(smpp::unbind);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Channel channel : channels) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                channel.closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left));
            }
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
    }
}
