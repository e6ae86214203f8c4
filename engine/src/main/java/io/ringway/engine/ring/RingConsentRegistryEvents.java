package io.ringway.engine.ring;

import io.ringway.engine.consent.Consent;
import io.ringway.engine.consent.ConsentRegistryEvents;

/** Turns what the consent registry's connector reports into journaled ring events. Waits for a slot; never drops. */
final class RingConsentRegistryEvents implements ConsentRegistryEvents {
    /** {@code commandStatus} of a CONSENT_ANSWER that carries no answer. */
    static final int UNAVAILABLE = 1;
    private final RingIngress ingress;

    RingConsentRegistryEvents(RingIngress ingress) {
        this.ingress = ingress;
    }

    @Override
    public void answered(String brand, String msisdn, Consent consent) {
        MessageEvent event = ingress.claim(EventKind.CONSENT_ANSWER);
        event.target = brand;
        event.destinationAddress = msisdn;
        if (consent != null) {
            event.consentStatus = consent.status();
            event.consentDate = consent.date();
            event.consentSource = consent.source();
            event.recipientType = consent.recipientType();
        }
        ingress.publish(event);
    }

    @Override
    public void unavailable(String brand, String msisdn) {
        MessageEvent event = ingress.claim(EventKind.CONSENT_ANSWER);
        event.target = brand;
        event.destinationAddress = msisdn;
        event.commandStatus = UNAVAILABLE;
        ingress.publish(event);
    }

    @Override
    public void pushed(String brand, long changeId) {
        MessageEvent event = ingress.claim(EventKind.CONSENT_PUSHED);
        event.target = brand;
        event.messageId = changeId;
        ingress.publish(event);
    }
}
