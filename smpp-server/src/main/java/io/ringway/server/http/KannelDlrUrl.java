package io.ringway.server.http;

import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.message.MessageState;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Kannel's dlr-url: how it is kept on the message and how a delivery report fills it in. The message's callback
 * field holds {@code "<dlr-mask> <dlr-url>"} (a URL has no unescaped space). Escapes, as Kannel's smsbox
 * documents them: {@code %d} report type (1 delivered, 2 failed), {@code %p} receiver, {@code %P} sender,
 * {@code %A} the receipt text, {@code %i} and {@code %I} the message id, {@code %t} the done time
 * ({@code YYYY-MM-DD HH:MM:SS}, UTC), {@code %T} the done time in Unix seconds, {@code %%} a percent sign; each
 * value is URL-encoded. Other escapes are left as they are. Stateless.
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
            switch (escape) {
                case 'd' -> url.append(type);
                case 'p' -> url.append(encoded(receipt.message().destinationAddress()));
                case 'P' -> url.append(encoded(receipt.message().sourceAddress()));
                case 'A' -> url.append(encoded(receipt.text()));
                case 'i', 'I' -> url.append(MessageIds.format(receipt.messageId()));
                case 't' -> url.append(encoded(java.time.Instant.ofEpochMilli(receipt.doneAt()).toString()
                        .substring(0, 19).replace('T', ' ')));
                case 'T' -> url.append(receipt.doneAt() / 1000);
                case '%' -> url.append("%25");
                default -> url.append('%').append(escape);
            }
        }
        return url.toString();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
