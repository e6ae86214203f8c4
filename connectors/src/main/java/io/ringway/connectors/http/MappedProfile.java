package io.ringway.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.config.HttpUpstreamConfig;
import io.ringway.engine.message.Message;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider described by a {@link HttpUpstreamConfig.FieldMapping}: a flat JSON or form body with configured
 * field names, the message id and the status found by JSON pointers. Serves the {@code generic} profile, and the
 * requests and status responses of the JetSMS one ({@link JetSmsProfile}, which reads its text send answers). A
 * status response
 * is either one object for the polled id, or an array of objects that each carry their id at {@code id-path}.
 */
final class MappedProfile implements ProviderProfile {

    private final URI url;
    private final HttpUpstreamConfig.FieldMapping mapping;
    private final String username;
    private final String password;

    MappedProfile(URI url, HttpUpstreamConfig.FieldMapping mapping, String username, String password) {
        this.url = url;
        this.mapping = mapping;
        this.username = username;
        this.password = password;
    }

    @Override
    public HttpRequest.Builder send(Message message, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (mapping.userField() != null && username != null) {
            fields.put(mapping.userField(), username);
        }
        if (mapping.passwordField() != null && password != null) {
            fields.put(mapping.passwordField(), password);
        }
        fields.put(mapping.fromField(), message.sourceAddress());
        fields.put(mapping.toField(), message.destinationAddress());
        fields.put(mapping.textField(), text);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Accept", "application/json");
        if (mapping.format() == HttpUpstreamConfig.BodyFormat.FORM) {
            StringBuilder form = new StringBuilder();
            fields.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        }
        ObjectNode body = JSON.createObjectNode();
        fields.forEach(body::put);
        return request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    @Override
    public String messageId(JsonNode response) {
        JsonNode id = response.at(mapping.idPath());
        return id.isValueNode() && !id.asText().isEmpty() ? id.asText() : null;
    }

    @Override
    public void statuses(JsonNode response, String polledId, List<ProviderStatus> out) {
        if (response.isArray()) {
            for (JsonNode entry : response) {
                add(entry, messageId(entry), out);
            }
        } else {
            add(response, polledId != null ? polledId : messageId(response), out);
        }
    }

    private void add(JsonNode entry, String id, List<ProviderStatus> out) {
        String stat = mapping.statuses().get(entry.at(mapping.statusPath()).asText());
        if (stat != null && id != null) {
            int error = mapping.errorPath() == null ? 0 : entry.at(mapping.errorPath()).asInt(0);
            out.add(new ProviderStatus(id, stat, error));
        }
    }
}
