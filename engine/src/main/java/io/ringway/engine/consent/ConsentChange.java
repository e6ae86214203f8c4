package io.ringway.engine.consent;

/**
 * A consent Ringway recorded and the external registry has to learn: the business logic numbers every change
 * (in journal order, so a replay numbers them alike) and the registry connector pushes them in that order.
 *
 * @param id      the change's number; the registry acknowledges every change up to an id at once
 * @param brand   the brand the consent is for
 * @param msisdn  the recipient, E.164 digits without '+'
 * @param consent what was recorded
 */
public record ConsentChange(long id, String brand, String msisdn, Consent consent) {
}
