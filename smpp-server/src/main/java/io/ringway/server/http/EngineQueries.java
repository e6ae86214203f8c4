package io.ringway.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.config.Money;
import io.ringway.engine.customer.QueryResponder;
import io.ringway.engine.message.MessageIds;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.QueryAnswer;
import io.ringway.engine.ring.RingIngress;

import java.time.Instant;

/**
 * {@code GET /api/v1/messages/{id}} and {@code GET /api/v1/balance}. Engine state belongs to the business-logic
 * thread, so each query travels the ring as a QUERY event (not journaled) and the business logic writes the answer
 * into it; the responder thread turns that into JSON. A message of another account is answered 404, exactly like
 * an id that does not exist, so that accounts cannot probe each other's ids.
 *
 * <p>Requests on the event loop; answers on the responder thread.
 */
final class EngineQueries {
    private final RingIngress ingress;
    private final String currency;

    EngineQueries(RingIngress ingress, String currency) {
        this.ingress = ingress;
        this.currency = currency;
    }

    void message(Exchange exchange, String account, String idText) {
        long id = MessageIds.parse(idText);
        if (id <= 0) {
            exchange.error(404, "NOT_FOUND", "no message with id '" + idText + "'");
            return;
        }
        ask(exchange, account, id, (correlation, event) -> answerMessage(exchange, idText, event));
    }

    /**
     * {@code DELETE /api/v1/messages/{id}}: cancels a message of the account that still waits for its
     * {@code send_at}. It ends DELETED and its charge is refunded (journaled, decided by the business logic): 200
     * with the message's new status; 404 for no such message of this account, 409 for one already sent or
     * finished.
     */
    void cancel(Exchange exchange, String account, String idText) {
        long id = MessageIds.parse(idText);
        if (id <= 0) {
            exchange.error(404, "NOT_FOUND", "no message with id '" + idText + "'");
            return;
        }
        ask(exchange, EventKind.CANCEL, account, id, (correlation, decided) -> {
            Status status = decided.status;
            if (status != Status.OK) {
                exchange.error(status.httpStatus(), status.code(), status == Status.UNKNOWN_MESSAGE
                        ? "no message with id '" + idText + "'" : status.description());
                return;
            }
            ObjectNode root = Exchange.JSON.createObjectNode();
            root.put("id", idText);
            root.put("status", "DELETED");
            exchange.json(200, root);
        });
    }

    void balance(Exchange exchange, String account) {
        ask(exchange, account, 0, (correlation, event) -> {
            QueryAnswer answer = event.answer;
            if (!answer.found) {
                exchange.error(404, "NOT_FOUND", "the account has no balance");
                return;
            }
            ObjectNode root = Exchange.JSON.createObjectNode();
            root.put("balance", Money.format(answer.balance));
            root.put("credit_limit", Money.format(answer.creditLimit));
            root.put("currency", currency);
            exchange.json(200, root);
        });
    }

    private void ask(Exchange exchange, String account, long messageId, QueryResponder responder) {
        ask(exchange, EventKind.QUERY, account, messageId, responder);
    }

    /** Puts a {@code kind} event about the account (and one of its messages, or 0) on the ring; 429 when full. */
    private void ask(Exchange exchange, EventKind kind, String account, long messageId, QueryResponder responder) {
        MessageEvent event = ingress.tryClaim(kind);
        if (event == null) {
            exchange.throttled("THROTTLED", "the engine is busy; retry later", 1);
            return;
        }
        try {
            event.account = account;
            event.messageId = messageId;
            event.queryResponder = responder;
        } finally {
            ingress.publish(event);
        }
    }

    /** Responder thread. */
    private static void answerMessage(Exchange exchange, String idText, MessageEvent event) {
        QueryAnswer answer = event.answer;
        if (answer.forgotten) {
            exchange.error(404, "NOT_FOUND", "message " + idText + " finished too long ago to be remembered "
                    + "(ring.finished-messages); its outcome is in the account statement");
            return;
        }
        if (!answer.found) {
            exchange.error(404, "NOT_FOUND", "no message with id '" + idText + "'");
            return;
        }
        ObjectNode root = Exchange.JSON.createObjectNode();
        root.put("id", idText);
        root.put("status", answer.scheduled ? "SCHEDULED" : answer.state.name());
        if (answer.reference != null) {
            root.put("reference", answer.reference);
        }
        if (answer.sendAt != 0) {
            root.put("send_at", Instant.ofEpochMilli(answer.sendAt).toString());
        }
        root.put("parts", answer.segments);
        root.put("price", Money.format(answer.charge));
        root.put("refunded", answer.refunded);
        root.put("accepted_at", Instant.ofEpochMilli(answer.acceptedAt).toString());
        if (answer.doneAt > 0) {
            root.put("done_at", Instant.ofEpochMilli(answer.doneAt).toString());
        } else {
            root.putNull("done_at");
        }
        root.put("error_code", answer.errorCode);
        exchange.json(200, root);
    }
}
