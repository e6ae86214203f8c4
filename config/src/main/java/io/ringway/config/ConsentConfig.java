package io.ringway.config;

import java.util.List;

/**
 * Consent handling of the node.
 *
 * @param optOutKeywords first words of an inbound message that opt its sender out of the brand whose number it was
 *                       sent to (compared without case; Turkish dotted and dotless I count as I)
 * @param registry       the external consent registry: pushed every change, asked for integrator-mode brands
 */
public record ConsentConfig(List<String> optOutKeywords, ConsentRegistryConfig registry) {
    public static final List<String> DEFAULT_OPT_OUT_KEYWORDS = List.of("STOP", "IPTAL", "RET", "DUR", "UNSUBSCRIBE");

    public ConsentConfig {
        optOutKeywords = List.copyOf(optOutKeywords);
    }

    static ConsentConfig from(ConfigNode n) {
        List<String> keywords = n.strings("opt-out-keywords", DEFAULT_OPT_OUT_KEYWORDS);
        for (int i = 0; i < keywords.size(); i++) {
            if (keywords.get(i).isBlank() || keywords.get(i).contains(" ")) {
                throw n.error("opt-out-keywords[" + i + "]", "must be one word");
            }
        }
        ConsentConfig config = new ConsentConfig(keywords, ConsentRegistryConfig.from(n.child("registry")));
        n.finish();
        return config;
    }
}
