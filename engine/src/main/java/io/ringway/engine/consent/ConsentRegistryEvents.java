package io.ringway.engine.consent;

/** What the registry connector reports; each call becomes a journaled ring event. Any thread; may block on a full ring. */
public interface ConsentRegistryEvents {
    /** The registry's answer: {@code consent} is {@code null} when it holds no consent for the recipient. */
    void answered(String brand, String msisdn, Consent consent);

    /** The registry could not answer (down, timed out, or an answer that does not follow the contract). */
    void unavailable(String brand, String msisdn);

    /** The registry took every change of {@code brand} numbered up to {@code changeId}. */
    void pushed(String brand, long changeId);
}
