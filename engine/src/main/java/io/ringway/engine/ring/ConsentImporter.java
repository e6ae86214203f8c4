package io.ringway.engine.ring;

import io.ringway.engine.consent.Brand;
import io.ringway.engine.consent.BrandDirectory;
import io.ringway.engine.consent.ConsentCsvImport;
import io.ringway.engine.message.Status;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Puts a consent file on the ring: each valid row of {@link ConsentCsvImport} becomes a journaled CONSENT event,
 * applied in order with everything else. Waits for ring slots, so it runs on a worker thread, never an I/O loop.
 * A row counts as applied only once the business logic took it: one the journal could not write (a full or failing
 * disk) is reported as rejected with its line, like a row that did not validate, so the file can be fixed and sent
 * again.
 */
public final class ConsentImporter {
    private final RingIngress ingress;
    private final BrandDirectory brands;

    public ConsentImporter(RingIngress ingress, BrandDirectory brands) {
        this.ingress = ingress;
        this.brands = brands;
    }

    /**
     * Imports {@code csv} for {@code account}, which may set only its own brands' consent ({@code null}: the
     * operator, any brand). Dates are bounded by the wall clock now; the business logic checks them again against
     * each event's ingress time. Returns once every row put on the ring has been decided.
     */
    public ConsentCsvImport.Result importCsv(Reader csv, String account, LongConsumer progress) {
        Decisions decisions = new Decisions();
        ConsentCsvImport.Result read = ConsentCsvImport.read(csv, brand -> {
            Brand known = brands.named(brand);
            return known != null && (account == null || account.equals(known.account()));
        }, System.currentTimeMillis(), (line, msisdn, brand, status, date, source, type) -> {
            MessageEvent event = ingress.claim(EventKind.CONSENT);
            event.account = account;
            event.destinationAddress = msisdn;
            event.target = brand;
            event.consentStatus = status;
            event.consentDate = date;
            event.consentSource = source;
            event.recipientType = type;
            event.queryResponder = (correlation, decided) -> decisions.decided(line, decided.status);
            decisions.sent();
            ingress.publish(event);
        }, progress);
        return decisions.awaitAll(read);
    }

    /**
     * The business logic's word on each row put on the ring: the responder thread reports, the importing thread
     * waits for the last one.
     */
    private static final class Decisions {
        private final List<ConsentCsvImport.Rejection> refusals = new ArrayList<>();
        private long pending;
        private long refused;

        synchronized void sent() {
            pending++;
        }

        synchronized void decided(long line, Status status) {
            if (status != Status.OK) {
                refused++;
                if (refusals.size() < ConsentCsvImport.MAX_REPORTED) {
                    refusals.add(new ConsentCsvImport.Rejection(line, status == Status.JOURNAL_UNAVAILABLE
                            ? "not recorded: the journal cannot be written; import the row again"
                            : "refused: " + status.description()));
                }
            }
            if (--pending == 0) {
                notifyAll();
            }
        }

        /** {@code read}'s counts and rejections with the rows the business logic refused among the applied ones. */
        synchronized ConsentCsvImport.Result awaitAll(ConsentCsvImport.Result read) {
            boolean interrupted = false;
            while (pending > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // every published row is answered; the count must be right
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (refused == 0) {
                return read;
            }
            List<ConsentCsvImport.Rejection> rejections = new ArrayList<>(read.rejections());
            rejections.addAll(refusals);
            rejections.sort(Comparator.comparingLong(ConsentCsvImport.Rejection::line));
            return new ConsentCsvImport.Result(read.rows(), read.applied() - refused, read.rejected() + refused,
                    List.copyOf(rejections.subList(0, Math.min(rejections.size(), ConsentCsvImport.MAX_REPORTED))));
        }
    }
}
