package io.ringway.engine.consent;

/**
 * The external consent registry as the engine sees it (implemented by a connector). Both calls come from the
 * dispatcher thread and must return at once; results come back as ring events through
 * {@link ConsentRegistryEvents}, so that the business logic applies them in journal order.
 */
public interface ExternalConsentRegistry {
    /** A node without an external registry: nothing is asked and nothing is pushed. */
    ExternalConsentRegistry NONE = new ExternalConsentRegistry() {
        @Override
        public void lookup(String brand, String msisdn) {
        }

        @Override
        public void push(ConsentChange change) {
        }
    };

    /**
     * Asks for {@code msisdn}'s consent for {@code brand}. Exactly one answer must follow, through
     * {@link ConsentRegistryEvents#answered} or {@link ConsentRegistryEvents#unavailable}, within the registry's
     * timeout.
     */
    void lookup(String brand, String msisdn);

    /**
     * Sends a change to the registry, in the order changes are handed over, retrying until the registry takes it;
     * then reports {@link ConsentRegistryEvents#pushed}.
     */
    void push(ConsentChange change);
}
