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

    /** The id a text form names, or {@code -1} when the text is not a Ringway message id. */
    public static long parse(CharSequence text) {
        if (text == null || text.length() != TEXT_LENGTH) {
            return -1;
        }
        long id = 0;
        for (int i = 0; i < TEXT_LENGTH; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            id = (id << 4) | digit;
        }
        return id;
    }
}
