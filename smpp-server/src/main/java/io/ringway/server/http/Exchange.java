package io.ringway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One HTTP request and, once decided, its response. A connection keeps its exchanges in request order and writes
 * each response only when every earlier one has been written (HTTP/1.1 pipelining, RFC 9112 §9.3.2), however the
 * answers arrive: at once on the event loop, from the engine's responder thread, or from a password check. A
 * response too big to hold ({@link #stream}) is written while it is produced, once its turn comes.
 *
 * <p>Threading: created and written on the connection's event loop; completed exactly once from any thread. The
 * response fields are written before the atomic completion flag is set and read after it is seen, which orders
 * them.
 */
final class Exchange {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String APPLICATION_JSON = "application/json";
    static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    final ApiRequest request;
    private final HttpConnection connection;
    private final AtomicBoolean completed = new AtomicBoolean();
    /** The authenticated account, for the access log; {@code null} before authentication or for the operator. */
    volatile String account;

    int status;
    String contentType;
    byte[] body;
    /** Seconds for a Retry-After header; 0 for none. */
    int retryAfter;
    /** The methods an Allow header lists (a 405 answer, RFC 9110 §15.5.6); {@code null} for none. */
    String allow;
    /** The answer repeats an earlier request's with the same Idempotency-Key: an Idempotent-Replayed header says so. */
    boolean idempotentReplayed;
    /** Who writes a streamed response's body, called when its turn comes; {@code null} for one held whole in body. */
    Consumer<StreamedResponse> streamer;
    private volatile boolean ready;

    Exchange(ApiRequest request, HttpConnection connection) {
        this.request = request;
        this.connection = connection;
    }

    boolean ready() {
        return ready;
    }

    void json(int status, JsonNode node) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
        respond(status, APPLICATION_JSON, bytes);
    }

    /** {@code {"error": {"code": ..., "message": ...}}} with {@code status}. */
    void error(int status, String code, String message) {
        json(status, errorBody(code, message));
    }

    /** 429 with Retry-After. */
    void throttled(String code, String message, int retryAfterSeconds) {
        retryAfter = retryAfterSeconds;
        error(429, code, message);
    }

    void text(int status, String contentType, String text) {
        respond(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers with a body written while it is produced (status 200, chunked): once every earlier response on the
     * connection is out, the connection calls {@code streamer} on its event loop with the {@link StreamedResponse}
     * to write to. {@code streamer} must not block there; it hands the writing to a thread of its own. Later calls
     * of any answering method do nothing; the stream's {@link StreamedResponse#fail} still can. Any thread.
     */
    void stream(String contentType, Consumer<StreamedResponse> streamer) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        this.status = 200;
        this.contentType = contentType;
        this.streamer = streamer;
        ready = true;
        connection.completed();
    }

    /**
     * A streamed response that failed before any of it was written becomes this JSON error. Called by its
     * {@link StreamedResponse} only, before it tells the connection it ended.
     */
    void answerInsteadOfStream(int status, String code, String message, int retryAfterSeconds) {
        try {
            this.body = JSON.writeValueAsBytes(errorBody(code, message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
        this.status = status;
        this.contentType = APPLICATION_JSON;
        this.retryAfter = retryAfterSeconds;
    }

    /** Sets the response and hands it to the connection; later calls do nothing. Any thread. */
    void respond(int status, String contentType, byte[] body) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        ready = true;
        connection.completed();
    }

    static ObjectNode errorBody(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return root;
    }
}
