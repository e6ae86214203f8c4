package io.ringway.engine.message;

/**
 * Ringway message ids: a {@code long} issued in sequence by the business logic (so replay reissues the same
 * ids), shown to customers as 16 lower-case hex digits. Fixed width keeps them sortable and well inside the
 * 65-octet SMPP {@code message_id} limit.
 */
public final class MessageIds {
    public static final int TEXT_LENGTH = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MessageIds() {
    }

    public static String format(long id) {
        char[] text = new char[TEXT_LENGTH];
        for (int i = TEXT_LENGTH - 1; i >= 0; i--) {
            text[i] = HEX[(int) (id & 0xF)];
            id >>>= 4;
        }
        return new String(text);
    }

    /**
     * The id a text form names, or a value of 0 or less when there is none: -1 when the text is not in the form of
     * a Ringway message id, and 0 or less too for one in the form that is never issued (0, or 8000000000000000 and
     * above: ids are positive longs), which {@link #isWellFormed} tells apart.
     */
    public static long parse(CharSequence text) {
        if (!isWellFormed(text)) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < TEXT_LENGTH; i++) {
            id = (id << 4) | Character.digit(text.charAt(i), 16);
        }
        return id < 0 ? 0 : id;
    }

    /** Whether {@code text} is 16 hex digits, the form of a message id (issued or not). */
    public static boolean isWellFormed(CharSequence text) {
        if (text == null || text.length() != TEXT_LENGTH) {
            return false;
        }
        for (int i = 0; i < TEXT_LENGTH; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
