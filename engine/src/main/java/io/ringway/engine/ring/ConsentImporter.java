package io.ringway.engine.ring;

import io.ringway.engine.consent.Brand;
import io.ringway.engine.consent.BrandDirectory;
import io.ringway.engine.consent.ConsentCsvImport;

import java.io.Reader;
import java.util.function.LongConsumer;

/**
 * Puts a consent file on the ring: each valid row of {@link ConsentCsvImport} becomes a journaled CONSENT event,
 * applied in order with everything else. Waits for ring slots, so it runs on a worker thread, never an I/O loop.
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
     * each event's ingress time.
     */
    public ConsentCsvImport.Result importCsv(Reader csv, String account, LongConsumer progress) {
        return ConsentCsvImport.read(csv, brand -> {
            Brand known = brands.named(brand);
            return known != null && (account == null || account.equals(known.account()));
        }, System.currentTimeMillis(), (msisdn, brand, status, date, source, type) -> {
            MessageEvent event = ingress.claim(EventKind.CONSENT);
            event.account = account;
            event.destinationAddress = msisdn;
            event.target = brand;
            event.consentStatus = status;
            event.consentDate = date;
            event.consentSource = source;
            event.recipientType = type;
            ingress.publish(event);
        }, progress);
    }
}
