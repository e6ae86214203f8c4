package io.ringway.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.config.HttpUpstreamConfig;
import io.ringway.engine.message.Message;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * The shape of one provider's HTTP API: how a message becomes a send request, where the answer carries the
 * provider's message id, and how a status response reads as receipts. Authentication, time-outs, retries and
 * polling are the same for every provider and stay in {@link HttpProviderUpstream}. Implementations are
 * stateless and called on the upstream's worker thread.
 */
interface ProviderProfile {
    /** Reads answers; thread-safe once configured. */
    ObjectMapper JSON = new ObjectMapper();

    /** The send request of {@code message} with its whole {@code text}: method, URI, content type and body. */
    HttpRequest.Builder send(Message message, String text);

    /** The provider's id of the message in a successful send response, or null when it has none. */
    String messageId(JsonNode response);

    /**
     * What the body of a 2xx answer to a send request says: by default the message is taken when the body is JSON
     * with an id ({@link #messageId}), and unreadable otherwise.
     */
    default SendAnswer sendAnswer(byte[] body) {
        return SendAnswer.accepted(messageId(json(body)));
    }

    /**
     * Adds to {@code out} every final status in a status response. {@code polledId} is the provider id the
     * response was polled for, or null when the status URL reports on every pending message at once.
     */
    void statuses(JsonNode response, String polledId, List<ProviderStatus> out);

    /** {@code body} as JSON, or a missing node when it is not JSON. */
    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** The profile {@code config} names. */
    static ProviderProfile of(HttpUpstreamConfig config) {
        return switch (config.profile()) {
            case INFOBIP -> new InfobipProfile(config.url());
            case JETSMS -> new JetSmsProfile(config.url(), config.mapping(), config.username(), config.password());
            case GENERIC -> new MappedProfile(config.url(), config.mapping(), config.username(), config.password());
        };
    }
}
