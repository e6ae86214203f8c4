package io.ringway.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringway.config.HttpUpstreamConfig;
import io.ringway.engine.message.Message;

import java.net.http.HttpRequest;
import java.util.List;

/**
 * The shape of one provider's HTTP API: how a message becomes a send request, where the answer carries the
 * provider's message id, and how a status response reads as receipts. Authentication, time-outs, retries and
 * polling are the same for every provider and stay in {@link HttpProviderUpstream}. Implementations are
 * stateless and called on the upstream's worker thread.
 */
interface ProviderProfile {
    /** The send request of {@code message} with its whole {@code text}: method, URI, content type and body. */
    HttpRequest.Builder send(Message message, String text);

    /** The provider's id of the message in a successful send response, or null when it has none. */
    String messageId(JsonNode response);

    /**
     * Adds to {@code out} every final status in a status response. {@code polledId} is the provider id the
     * response was polled for, or null when the status URL reports on every pending message at once.
     */
    void statuses(JsonNode response, String polledId, List<ProviderStatus> out);

    /** The profile {@code config} names. */
    static ProviderProfile of(HttpUpstreamConfig config) {
        return config.profile() == HttpUpstreamConfig.Profile.INFOBIP
                ? new InfobipProfile(config.url())
                : new MappedProfile(config.url(), config.mapping(), config.username(), config.password());
    }
}
