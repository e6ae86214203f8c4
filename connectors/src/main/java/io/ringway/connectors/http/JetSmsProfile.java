package io.ringway.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.config.HttpUpstreamConfig;
import io.ringway.engine.message.Message;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * JetSMS's {@code HttpSmsSend} shape, as the public client libraries of that API send and read it (not verified
 * against the live service): a form POST of {@code Username}, {@code Password}, {@code TransmissionID} (the
 * originator), {@code Msisdns} and {@code Messages} ({@link HttpUpstreamConfig.FieldMapping#JETSMS}, whose fields a
 * configured {@code mapping} may rename), answered with text lines, not JSON: {@code Status=0} and
 * {@code MessageIDs=<id>} for a message taken, a negative {@code Status} for one refused (-5 credentials, -8 the
 * number, ...; -15, the service in trouble for the moment, is tried again), and a negative id for a number (-1) or a
 * text (-2) refused. JetSMS publishes no report interface: statuses, polled or pushed, are read as JSON by the
 * mapping ({@link MappedProfile}).
 */
final class JetSmsProfile implements ProviderProfile {
    /** JetSMS's status of a service in trouble for the moment: nothing was taken, the request may be made again. */
    private static final int TEMPORARY_TROUBLE = -15;

    private final MappedProfile mapped;

    JetSmsProfile(URI url, HttpUpstreamConfig.FieldMapping mapping, String username, String password) {
        this.mapped = new MappedProfile(url, mapping, username, password);
    }

    @Override
    public HttpRequest.Builder send(Message message, String text) {
        return mapped.send(message, text).setHeader("Accept", "text/plain");
    }

    @Override
    public String messageId(JsonNode response) {
        return mapped.messageId(response);
    }

    @Override
    public SendAnswer sendAnswer(byte[] body) {
        String status = null;
        String ids = null;
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                String name = line.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(equals + 1).trim();
                if (name.equals("status")) {
                    status = value;
                } else if (name.equals("messageids")) {
                    ids = value;
                }
            }
        }
        int code;
        try {
            code = status == null ? Integer.MIN_VALUE : Integer.parseInt(status);
        } catch (NumberFormatException e) {
            code = Integer.MIN_VALUE;
        }
        if (code == Integer.MIN_VALUE) {
            return SendAnswer.UNREADABLE;
        }
        if (code == TEMPORARY_TROUBLE) {
            return SendAnswer.TRY_AGAIN;
        }
        if (code < 0) {
            return SendAnswer.refused(-code);
        }
        String id = ids == null ? "" : ids.split("\\|", -1)[0].trim(); // one number a request: one id
        if (id.startsWith("-")) {
            try {
                return SendAnswer.refused(-Integer.parseInt(id));
            } catch (NumberFormatException e) {
                return SendAnswer.UNREADABLE;
            }
        }
        return SendAnswer.accepted(id.isEmpty() ? null : id);
    }

    @Override
    public void statuses(JsonNode response, String polledId, List<ProviderStatus> out) {
        mapped.statuses(response, polledId, out);
    }
}
