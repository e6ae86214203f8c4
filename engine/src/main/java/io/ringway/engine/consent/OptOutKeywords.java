package io.ringway.engine.consent;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recognises an opt-out reply ("STOP", "iptal", "RET RINGWAY"): the first word of the text, compared without
 * case. Turkish phones capitalise i as İ and users type ı: both count as I, so "İPTAL" and "ıptal" match IPTAL.
 */
public final class OptOutKeywords {
    private final Set<String> keywords = new HashSet<>();

    public OptOutKeywords(List<String> keywords) {
        for (String keyword : keywords) {
            this.keywords.add(normalise(keyword));
        }
    }

    public boolean matches(String text) {
        if (text == null) {
            return false;
        }
        String trimmed = text.strip();
        int end = 0;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
            end++;
        }
        String first = trimmed.substring(0, end);
        while (!first.isEmpty() && !Character.isLetterOrDigit(first.charAt(first.length() - 1))) {
            first = first.substring(0, first.length() - 1); // "STOP." "İptal!"
        }
        return !first.isEmpty() && keywords.contains(normalise(first));
    }

    private static String normalise(String word) {
        return word.toUpperCase(Locale.ROOT).replace('İ', 'I').replace('ı', 'I').replace("I\u0307", "I");
    }
}
