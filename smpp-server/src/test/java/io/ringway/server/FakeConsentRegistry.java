package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An external consent registry for system tests, speaking the contract in README.md: it holds consents per brand
 * and recipient, answers lookups from them, and keeps every pushed record (a push also updates what it holds).
 * {@link #down(boolean)} makes it answer 503 to everything.
 */
final class FakeConsentRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, String> consents = new ConcurrentHashMap<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final List<JsonNode> pushed = new CopyOnWriteArrayList<>();
    private final AtomicInteger pushRequests = new AtomicInteger();
    private volatile boolean down;

    FakeConsentRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/registry/brands/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/registry";
    }

    /** The registry holds {@code status} (OPT_IN/OPT_OUT) given on {@code date} (ISO-8601 instant). */
    FakeConsentRegistry holds(String brand, String msisdn, String status, String date) {
        consents.put(brand + "/" + msisdn, "{\"status\":\"" + status + "\",\"date\":\"" + date
                + "\",\"source\":\"WEB\",\"recipient_type\":\"INDIVIDUAL\"}");
        return this;
    }

    void down(boolean down) {
        this.down = down;
    }

    /** Lookups received, as "brand/msisdn". */
    List<String> lookups() {
        return List.copyOf(lookups);
    }

    /** Every pushed record, with its brand added as "brand". */
    List<JsonNode> pushed() {
        return new ArrayList<>(pushed);
    }

    /** Push requests taken (one per batch), counted before they are answered. */
    int pushRequests() {
        return pushRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().substring("/registry/brands/".length()).split("/");
        if (down) {
            answer(exchange, 503, "{\"error\":\"down for maintenance\"}");
        } else if (exchange.getRequestMethod().equals("GET") && path.length == 3 && path[1].equals("consents")) {
            lookups.add(path[0] + "/" + path[2]);
            String consent = consents.get(path[0] + "/" + path[2]);
            answer(exchange, consent == null ? 404 : 200, consent == null ? "{\"error\":\"NOT_FOUND\"}" : consent);
        } else if (exchange.getRequestMethod().equals("POST") && path.length == 2 && path[1].equals("consents")) {
            JsonNode body = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            for (JsonNode record : body.get("consents")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) record).put("brand", path[0]);
                pushed.add(record);
                consents.put(path[0] + "/" + record.get("msisdn").asText(), record.toString());
            }
            pushRequests.incrementAndGet();
            answer(exchange, 200, "{\"accepted\":" + body.get("consents").size() + "}");
        } else {
            answer(exchange, 404, "{\"error\":\"no such resource\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
