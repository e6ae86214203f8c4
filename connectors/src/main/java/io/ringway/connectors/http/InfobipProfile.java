package io.ringway.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.engine.message.Message;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * The Infobip-style shape, modeled on Infobip's public SMS API documentation (not verified against the live
 * service): one message per POST as {@code {"messages":[{"destinations":[{"to":...}],"from":...,"text":...}]}},
 * answered with {@code {"messages":[{"messageId":...,"status":{...}}]}}; delivery reports fetched from a reports
 * URL as {@code {"results":[{"messageId":...,"status":{"groupName":...},"error":{"id":...}}]}}, where the group
 * DELIVERED, UNDELIVERABLE, EXPIRED or REJECTED is final and PENDING is not.
 */
final class InfobipProfile implements ProviderProfile {
    /** Infobip's status group of messages refused before they were sent. */
    private static final int REJECTED = 5;

    private final URI url;

    InfobipProfile(URI url) {
        this.url = url;
    }

    @Override
    public HttpRequest.Builder send(Message message, String text) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode entry = body.putArray("messages").addObject();
        entry.putArray("destinations").addObject().put("to", message.destinationAddress());
        entry.put("from", message.sourceAddress());
        entry.put("text", text);
        return HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    @Override
    public String messageId(JsonNode response) {
        JsonNode id = response.at("/messages/0/messageId");
        return id.isValueNode() && !id.asText().isEmpty() ? id.asText() : null;
    }

    /**
     * Infobip answers 200 also for a message it refused at once (no credit, a destination or sender it will not
     * take): its status is then in the REJECTED group (group id 5) and its {@code status.id} says why. Such a
     * message was never sent; taken as an acknowledgement, it waited for a report, and when none came it ended
     * UNKNOWN at the account's dlr-timeout (refunded only where UNKNOWN is a refund state).
     */
    @Override
    public SendAnswer sendAnswer(byte[] body) {
        JsonNode response = ProviderProfile.json(body);
        JsonNode status = response.at("/messages/0/status");
        if ("REJECTED".equals(status.path("groupName").asText()) || status.path("groupId").asInt(-1) == REJECTED) {
            return SendAnswer.refused(status.path("id").asInt(REJECTED));
        }
        return SendAnswer.accepted(messageId(response));
    }

    @Override
    public void statuses(JsonNode response, String polledId, List<ProviderStatus> out) {
        for (JsonNode result : response.path("results")) {
            String stat = stat(result.at("/status/groupName").asText());
            String id = result.path("messageId").asText(polledId);
            if (stat != null && id != null && !id.isEmpty()) {
                out.add(new ProviderStatus(id, stat, result.at("/error/id").asInt(0)));
            }
        }
    }

    private static String stat(String groupName) {
        return switch (groupName) {
            case "DELIVERED" -> "DELIVRD";
            case "UNDELIVERABLE" -> "UNDELIV";
            case "EXPIRED" -> "EXPIRED";
            case "REJECTED" -> "REJECTD";
            default -> null;
        };
    }
}
