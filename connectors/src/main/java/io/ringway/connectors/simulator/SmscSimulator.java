package io.ringway.connectors.simulator;

import com.cloudhopper.smpp.pdu.DeliverSm;
import com.cloudhopper.smpp.type.Address;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.SubmitSm;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ringway.config.SimulatorConfig;
import io.ringway.connectors.smpp.wire.SmppFrameDecoder;
import io.ringway.connectors.smpp.wire.SmppPduCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real SMPP 3.4 SMSC on its own port, standing in for the operators Ringway cannot reach from a laptop or a
 * test: it takes binds with the configured system_id and password, answers submit_sm with its own message ids
 * after a configurable latency, and sends delivery receipts with a seeded, weighted mix of final states. Faults
 * come from {@link SimulatorConfig}: throttling above a rate, dropping the connection after N submissions, and,
 * through {@link #SmscSimulator(SimulatorConfig, Map)}, refusing chosen destinations with a permanent error.
 *
 * <p>It doubles as the bare baseline of load tests, so the per-submission path neither logs nor blocks. Every
 * connection runs on one event loop, which keeps all simulator state single-threaded; the counters are the only
 * state read from other threads.
 */
public final class SmscSimulator implements AutoCloseable {
    /** The system_id the simulator reports in its bind responses. */
    public static final String SYSTEM_ID = "ringway-sim";
    /** Room for a full 64 KiB message_payload TLV (SMPP 3.4 §5.3.2.32) and the rest of a submit_sm. */
    static final int MAX_COMMAND_LENGTH = 70_000;

    private static final Logger LOG = LoggerFactory.getLogger(SmscSimulator.class);
    private static final long THROTTLE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SimulatorConfig config;
    private final Map<String, Integer> refusedDestinations;
    private final long responseLatencyNanos;
    private final ReceiptOutcomes outcomes;

    private final AtomicLong submitsReceived = new AtomicLong();
    private final AtomicLong submitsAccepted = new AtomicLong();
    private final AtomicLong submitsThrottled = new AtomicLong();
    private final AtomicLong receiptsSent = new AtomicLong();
    private final AtomicLong receiptsAcknowledged = new AtomicLong();
    private final AtomicInteger boundSessions = new AtomicInteger();

    private EventLoop loop;
    private ReceiptOutbox outbox;

    // Simulator event loop only.
    private long nextMessageId;
    private long throttleWindowStart;
    private int throttleWindowCount;

    private EventLoopGroup group;
    private Channel listener;
    private ChannelGroup connections;

    private final Queue<byte[]> concatenationHeaders = new ConcurrentLinkedQueue<>();

    public SmscSimulator(SimulatorConfig config) {
        this(config, Map.of());
    }

    /**
     * A simulator that answers submit_sm to the given destination addresses with the given command_status
     * instead of accepting them, as an SMSC does for numbers it knows to be invalid or barred (for example
     * {@code "447700900999" -> 0x0B ESME_RINVDSTADR}). Such messages get no receipt.
     */
    public SmscSimulator(SimulatorConfig config, Map<String, Integer> refusedDestinations) {
        this.config = config;
        this.refusedDestinations = Map.copyOf(refusedDestinations);
        this.responseLatencyNanos = config.responseLatency().toNanos();
        this.outcomes = new ReceiptOutcomes(config.outcomes(), config.seed());
        // Ids are decimal and start from the clock (17 digits until 2286), so that a restarted simulator does
        // not reissue ids still awaited and no id looks like Ringway's 16-hex-digit form.
        this.nextMessageId = System.currentTimeMillis() * 10_000L;
    }

    /** Starts listening; returns once the port is bound. Throws {@link IllegalStateException} if it cannot be. */
    public SmscSimulator start() {
        if (group != null) {
            throw new IllegalStateException("simulator already started");
        }
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ringway-simulator"),
                NioIoHandler.newFactory());
        EventLoop loop = group.next();
        ReceiptOutbox outbox = new ReceiptOutbox(loop, config.receiptDelay(), config.receiptWindow());
        this.loop = loop;
        this.outbox = outbox;
        connections = new DefaultChannelGroup("simulator-connections", loop);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop, loop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(
                                new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                                new SmppFrameDecoder(MAX_COMMAND_LENGTH),
                                new SmppPduCodec(),
                                new SimulatorSession(SmscSimulator.this, outbox));
                    }
                });
        try {
            listener = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (Exception e) { // also the BindException Netty throws undeclared
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("simulator cannot listen on " + config.host() + ":" + config.port(), e);
        }
        LOG.info("SMSC simulator listening on {}:{} (system_id {})", config.host(), port(), config.systemId());
        return this;
    }

    /**
     * Sends a mobile-originated message, as a phone {@code from} texting our number {@code to} would: a deliver_sm
     * (esm_class 0, GSM default alphabet) on a bound session that can receive. Returns false when none is bound.
     * Not on the simulator's event loop.
     */
    public boolean sendMobileOriginated(String from, String to, String text) {
        DeliverSm deliver = new DeliverSm();
        try {
            deliver.setSourceAddress(new Address((byte) 1, (byte) 1, from));
            deliver.setDestAddress(new Address((byte) 1, (byte) 1, to));
            deliver.setShortMessage(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (com.cloudhopper.smpp.type.SmppInvalidArgumentException e) {
            throw new IllegalArgumentException("mobile-originated text too long for short_message", e);
        }
        return loop.submit(() -> outbox.sendInbound(deliver)).syncUninterruptibly().getNow();
    }

    /** The port actually bound (the configured one, or the one the system chose for port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Closes every connection and stops; receipts not yet delivered are lost with it. Not on its event loop.
     * Connections are closed explicitly before the event loop stops: shutting the loop down alone does not
     * reliably close accepted sockets, and a client would then wait for its keep-alive to notice.
     */
    @Override
    public void close() {
        if (group == null) {
            return;
        }
        if (listener != null) {
            listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** submit_sm received on bound sessions, whatever the answer. */
    public long submitsReceived() {
        return submitsReceived.get();
    }

    /** submit_sm answered with status 0 and a message id. */
    public long submitsAccepted() {
        return submitsAccepted.get();
    }

    /**
     * The first six octets (the UDH: {@code 05 00 03 ref total seq} for a concatenated part) of every accepted
     * submit_sm with esm_class UDHI, in arrival order: how tests see the parts of long messages.
     */
    public List<byte[]> concatenationHeaders() {
        return List.copyOf(concatenationHeaders);
    }

    /** submit_sm answered ESME_RTHROTTLED. */
    public long submitsThrottled() {
        return submitsThrottled.get();
    }

    /** deliver_sm receipts written, resends included. */
    public long receiptsSent() {
        return receiptsSent.get();
    }

    /** deliver_sm receipts a client answered with status 0. */
    public long receiptsAcknowledged() {
        return receiptsAcknowledged.get();
    }

    /** Sessions bound now. */
    public int boundSessions() {
        return boundSessions.get();
    }

    // The methods below are for the sessions, on the simulator event loop.

    int authenticate(String systemId, String password) {
        if (!config.systemId().equals(systemId)) {
            return SmppConstants.STATUS_INVSYSID;
        }
        return config.password().equals(password) ? SmppConstants.STATUS_OK : SmppConstants.STATUS_INVPASWD;
    }

    /** Whether a submission is taken: throttling first (per-second window), then the refused destinations. */
    int admit(SubmitSm submit) {
        int limit = config.throttlePerSecond();
        if (limit > 0) {
            long now = System.nanoTime();
            if (now - throttleWindowStart >= THROTTLE_WINDOW_NANOS || throttleWindowCount == 0) {
                throttleWindowStart = now;
                throttleWindowCount = 0;
            }
            if (throttleWindowCount >= limit) {
                submitsThrottled.incrementAndGet();
                return SmppConstants.STATUS_THROTTLED;
            }
            throttleWindowCount++;
        }
        if (!refusedDestinations.isEmpty() && submit.getDestAddress() != null) {
            Integer status = refusedDestinations.get(submit.getDestAddress().getAddress());
            if (status != null) {
                return status;
            }
        }
        submitsAccepted.incrementAndGet();
        byte[] body = submit.getShortMessage();
        if ((submit.getEsmClass() & 0x40) != 0 && body != null && body.length >= 6) {
            concatenationHeaders.add(Arrays.copyOf(body, 6));
        }
        return SmppConstants.STATUS_OK;
    }

    String nextMessageId() {
        return Long.toString(nextMessageId++);
    }

    /** The receipt an accepted submission is owed, or {@code null} when it asked for none (SMPP 3.4 §5.2.17). */
    PendingReceipt receiptFor(SubmitSm submit, String messageId, SimulatorSession origin) {
        if ((submit.getRegisteredDelivery() & 0x03) == 0) {
            return null;
        }
        return new PendingReceipt(messageId, submit.getSourceAddress(), submit.getDestAddress(),
                System.currentTimeMillis(), outcomes.next(), submit.getShortMessage(), origin);
    }

    int dropAfter() {
        return config.dropAfter();
    }

    long responseLatencyNanos() {
        return responseLatencyNanos;
    }

    void submitReceived() {
        submitsReceived.incrementAndGet();
    }

    void receiptSent() {
        receiptsSent.incrementAndGet();
    }

    void receiptAcknowledged() {
        receiptsAcknowledged.incrementAndGet();
    }

    void sessionBound() {
        boundSessions.incrementAndGet();
    }

    void sessionUnbound() {
        boundSessions.decrementAndGet();
    }
}
