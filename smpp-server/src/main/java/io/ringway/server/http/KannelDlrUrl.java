package io.ringway.server.http;

import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.message.MessageState;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Kannel's dlr-url: how it is kept on the message and how a delivery report fills it in. The message's callback
 * field holds {@code "<dlr-mask> <dlr-url>"} (a URL has no unescaped space). Escapes, as Kannel's smsbox
 * documents them: {@code %d} report type (1 delivered, 2 failed), {@code %p} receiver and {@code %q} the same
 * (Kannel's "leading 00 as +", which Ringway's numbers never have), {@code %P} sender and {@code %Q} the same,
 * {@code %o} the account, {@code %A} the receipt text, {@code %i} and {@code %I} the message id, {@code %t} the
 * done time ({@code YYYY-MM-DD HH:MM}, UTC), {@code %T} the done time in Unix seconds, {@code %%} a percent sign;
 * each value is URL-encoded. A percent sign followed by two hex digits is the URL's own encoding and stays; any
 * other escape (Kannel's {@code %k}, {@code %n}, {@code %b} ..., of what a receipt does not have) is filled with
 * nothing, as Kannel does for a value it lacks: left as it was, it made the URL invalid and the report was dropped.
 * Stateless.
 */
final class KannelDlrUrl {
    private KannelDlrUrl() {
    }

    static String encode(int mask, String url) {
        return mask + " " + url;
    }

    static int mask(String callback) {
        return Integer.parseInt(callback.substring(0, callback.indexOf(' ')));
    }

    /** The dlr-url to GET for {@code receipt}, or {@code null} when its dlr-mask did not ask for this outcome. */
    static String forReceipt(String callback, CustomerReceipt receipt) {
        int type = receipt.state() == MessageState.DELIVERED ? KannelSendSms.DELIVERED : KannelSendSms.FAILED;
        if ((mask(callback) & type) == 0) {
            return null;
        }
        String template = callback.substring(callback.indexOf(' ') + 1);
        StringBuilder url = new StringBuilder(template.length() + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) {
                url.append(c);
                continue;
            }
            char escape = template.charAt(++i);
            if (hex(escape) && i + 1 < template.length() && hex(template.charAt(i + 1))) {
                url.append('%').append(escape); // "%2F": the URL's own percent-encoding
                continue;
            }
            switch (escape) {
                case 'd' -> url.append(type);
                case 'p', 'q' -> url.append(encoded(receipt.message().destinationAddress()));
                case 'P', 'Q' -> url.append(encoded(receipt.message().sourceAddress()));
                case 'o' -> url.append(encoded(receipt.account()));
                case 'A' -> url.append(encoded(receipt.text()));
                case 'i', 'I' -> url.append(MessageIds.format(receipt.messageId()));
                case 't' -> url.append(encoded(java.time.Instant.ofEpochMilli(receipt.doneAt()).toString()
                        .substring(0, 16).replace('T', ' ')));
                case 'T' -> url.append(receipt.doneAt() / 1000);
                case '%' -> url.append("%25");
                default -> { } // a value a receipt does not have: empty, as Kannel leaves it
            }
        }
        return url.toString();
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
