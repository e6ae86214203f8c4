package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.pdu.BaseSm;
import com.cloudhopper.smpp.pdu.PduResponse;
import com.cloudhopper.smpp.tlv.Tlv;
import io.netty.channel.Channel;
import io.ringway.engine.routing.ReportAcknowledgement;
import io.ringway.engine.routing.UpstreamEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells the engine what an upstream pool learns, in the order the PDUs arrived, so that a message's
 * {@code submitted} precedes its receipt whenever the SMSC answered before it reported. What a session learns
 * while it reads a burst of PDUs is one {@link Batch}. An event loop must never block, and {@link UpstreamEvents}
 * waits while the engine's ring is full, so a batch is made from the event loop itself only when the ring has
 * room for all of it at once ({@link UpstreamEvents#tryReport}) and nothing of this upstream waits here;
 * otherwise it is queued (an unbounded queue: enqueueing never waits) for one thread of its own that reports in
 * order and may wait. Reports made outside a read go over to that thread at once.
 */
final class UpstreamReporter {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamReporter.class);

    private final String upstream;
    private final UpstreamEvents events;
    /** The upstream's country calling code for its national numbers in MO (see {@link NationalNumbers}); or "". */
    private final String countryCode;
    private final ExecutorService thread;
    /**
     * Tasks handed to the thread and not yet done, and batches being made straight from an event loop. A batch
     * is made straight from its event loop only when it is the one to take this from 0 to 1: then nothing of this
     * upstream read earlier is still on its way, and {@link #close} can wait for it.
     */
    private final AtomicInteger queued = new AtomicInteger();

    UpstreamReporter(String upstream, UpstreamEvents events) {
        this(upstream, events, "");
    }

    UpstreamReporter(String upstream, UpstreamEvents events, String countryCode) {
        this.upstream = upstream;
        this.events = events;
        this.countryCode = countryCode;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread reporter = new Thread(task, "ringway-upstream-" + upstream + "-reporter");
            reporter.setDaemon(true);
            return reporter;
        });
    }

    void submitted(long messageId, int part, String upstreamMessageId) {
        execute(new Report(Report.SUBMITTED, messageId, part, upstreamMessageId, 0, null, null, null, null));
    }

    void submitFailed(long messageId, int part, int commandStatus) {
        execute(new Report(Report.SUBMIT_FAILED, messageId, part, null, commandStatus, null, null, null, null));
    }

    /**
     * Gives message {@code messageId} back to routing unsent ({@link UpstreamEvents#returned}): one report per
     * message, whatever its parts; in order with the rest, so after the availability report that said the pool
     * is down.
     */
    void returned(long messageId) {
        execute(new Report(Report.RETURNED, messageId, 0, null, 0, null, null, null, null));
    }

    /** The pool's bound sending sessions now number {@code boundSessions}; reported in order with the rest. */
    void availability(int boundSessions) {
        execute(new Report(Report.AVAILABILITY, 0, boundSessions, null, 0, null, null, null, null));
    }

    /**
     * Reports {@code receipt}; the SMSC gets {@code response} (deliver_sm_resp or data_sm_resp) once the engine has
     * journaled it: the SMSC forgets a receipt once answered (if reporting fails, it is not answered and the SMSC
     * resends).
     */
    void receipt(UpstreamReceipt receipt, Channel channel, PduResponse response) {
        execute(new Report(Report.RECEIPT, 0, 0, null, 0, receipt, channel, response, null));
    }

    /** Reports an inbound (mobile-originated) deliver_sm or data_sm, answered once journaled, as receipts are. */
    void inbound(BaseSm<?> message, Channel channel, PduResponse response) {
        execute(new Report(Report.INBOUND, 0, 0, null, 0, null, channel, response, message));
    }

    /** A batch for one session's reads; see {@link Batch}. */
    Batch batch() {
        return new Batch();
    }

    /**
     * Reports what is queued, waiting at most {@code wait}; later reports are refused, from the reporter thread and
     * from event loops alike, so that nothing reaches the engine (and no receipt is acknowledged to the SMSC) once
     * this returns and the engine may close.
     */
    void close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        thread.shutdown();
        try {
            if (!thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("upstream {}: reports still queued after {} ms; abandoning them (recovery re-dispatches)",
                        upstream, wait.toMillis());
                thread.shutdownNow();
            }
            while (queued.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(1); // a batch an event loop is making right now
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void execute(Runnable report) {
        queued.incrementAndGet();
        try {
            thread.execute(() -> {
                try {
                    report.run();
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            LOG.debug("upstream {}: closed, report not made", upstream);
        }
    }

    /**
     * The reports one session makes while its event loop reads a burst of PDUs, made together when the read
     * completes: straight into the engine from the event loop when it has room for the whole burst and nothing
     * of this upstream is queued for the reporter thread (no hand-off), else handed to the reporter thread in one
     * queue operation. Reports made outside
     * a read (timeouts, sending) go to the reporter thread at once. The methods mirror the reporter's. Event
     * loop only.
     */
    final class Batch {
        private final ArrayList<Report> held = new ArrayList<>();
        private boolean reading;

        /** A PDU was read: hold reports until {@link #readComplete}. */
        void reading() {
            reading = true;
        }

        /** The burst is read (or the connection is gone): hands over what was held. */
        void readComplete() {
            reading = false;
            if (held.isEmpty()) {
                return;
            }
            if (reportNow()) {
                held.clear();
                return;
            }
            Report[] reports = held.toArray(new Report[0]);
            held.clear();
            execute(() -> reportAll(reports));
        }

        /**
         * Makes the held reports straight into the engine if nothing of this upstream is on its way there and it
         * has room for all of them now. False when they must go to the reporter thread.
         */
        private boolean reportNow() {
            try {
                return queued.incrementAndGet() == 1 && !thread.isShutdown() && tryReport();
            } finally {
                queued.decrementAndGet();
            }
        }

        private boolean tryReport() {
            return events.tryReport(held.size(), engine -> {
                for (Report report : held) {
                    report.report(engine);
                }
            });
        }

        void submitted(long messageId, int part, String upstreamMessageId) {
            add(new Report(Report.SUBMITTED, messageId, part, upstreamMessageId, 0, null, null, null, null));
        }

        void submitFailed(long messageId, int part, int commandStatus) {
            add(new Report(Report.SUBMIT_FAILED, messageId, part, null, commandStatus, null, null, null, null));
        }

        void receipt(UpstreamReceipt receipt, Channel channel, PduResponse response) {
            add(new Report(Report.RECEIPT, 0, 0, null, 0, receipt, channel, response, null));
        }

        void inbound(BaseSm<?> message, Channel channel, PduResponse response) {
            add(new Report(Report.INBOUND, 0, 0, null, 0, null, channel, response, message));
        }

        private void add(Report report) {
            if (reading) {
                held.add(report);
            } else {
                execute(report);
            }
        }
    }

    /** Reporter thread: makes every report of a batch, in order. */
    private void reportAll(Report[] reports) {
        for (Report report : reports) {
            report.report(events);
        }
    }

    /**
     * One report, made on the reporter thread or straight from an event loop; an exception from the engine is logged
     * and the next one goes on. A receipt's or MO's report is also its acknowledgement: the engine tells it once the
     * report is journaled, and only then is the SMSC answered.
     */
    private final class Report implements Runnable, ReportAcknowledgement {
        static final int SUBMITTED = 0;
        static final int SUBMIT_FAILED = 1;
        static final int RECEIPT = 2;
        static final int AVAILABILITY = 3;
        static final int INBOUND = 4;
        static final int RETURNED = 5;

        private final int kind;
        private final long messageId;
        /** The part of the message, or the bound session count of an availability report. */
        private final int part;
        private final String upstreamMessageId;
        private final int commandStatus;
        private final UpstreamReceipt receipt;
        private final Channel channel;
        private final PduResponse response;
        private final BaseSm<?> inbound;

        Report(int kind, long messageId, int part, String upstreamMessageId, int commandStatus,
               UpstreamReceipt receipt, Channel channel, PduResponse response, BaseSm<?> inbound) {
            this.inbound = inbound;
            this.kind = kind;
            this.messageId = messageId;
            this.part = part;
            this.upstreamMessageId = upstreamMessageId;
            this.commandStatus = commandStatus;
            this.receipt = receipt;
            this.channel = channel;
            this.response = response;
        }

        @Override
        public void run() {
            report(events);
        }

        /**
         * Output thread: the SMSC gets its deliver_sm_resp or data_sm_resp now that the report is in the journal,
         * or, when the journal refused it, ESME_RX_T_APPN (SMPP 3.4 §5.1.3: a temporary error) so that it sends the
         * report again rather than forget it.
         */
        @Override
        public void journaled(boolean journaled) {
            if (!journaled) {
                response.setCommandStatus(SmppConstants.STATUS_X_T_APPN);
            }
            Acknowledgements.write(channel, response);
        }

        /**
         * Tells the engine through {@code events}; false when it refused (then nothing is acknowledged, and the
         * SMSC resends).
         */
        boolean report(UpstreamEvents events) {
            ReportAcknowledgement acknowledgement = response == null ? null : this;
            try {
                switch (kind) {
                    case SUBMITTED -> events.submitted(messageId, part, upstream, upstreamMessageId);
                    case SUBMIT_FAILED -> events.submitFailed(messageId, part, upstream, commandStatus);
                    case AVAILABILITY -> events.availability(upstream, part);
                    case RETURNED -> events.returned(messageId, upstream);
                    case INBOUND -> events.inbound(upstream,
                            NationalNumbers.international(inbound.getSourceAddress(), countryCode),
                            NationalNumbers.international(inbound.getDestAddress(), countryCode),
                            inbound.getDataCoding(), inbound.getEsmClass(), body(inbound), acknowledgement);
                    default -> events.receipt(upstream, receipt.upstreamMessageId(), receipt.stat(),
                            receipt.errorCode(), receipt.doneAtMillis(), acknowledgement);
                }
                return true;
            } catch (RuntimeException e) {
                LOG.error("upstream {}: the engine refused a report", upstream, e);
                return false;
            }
        }
    }

    /**
     * The body of a deliver_sm or data_sm: short_message, or the message_payload TLV (0x0424) when short_message is
     * empty (a data_sm has only the TLV, SMPP 3.4 §4.7.1).
     */
    private static byte[] body(BaseSm<?> message) {
        byte[] shortMessage = message.getShortMessage();
        if (shortMessage != null && shortMessage.length > 0) {
            return shortMessage;
        }
        Tlv payload = message.getOptionalParameter(SmppConstants.TAG_MESSAGE_PAYLOAD);
        return payload == null ? new byte[0] : payload.getValue();
    }
}
