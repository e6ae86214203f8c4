package io.ringway.connectors.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A provider's HTTP API in tests, on an ephemeral local port: each path answers with what its script returns for
 * the request, and every request is recorded. Handlers run on the server's single thread.
 */
public final class FakeProvider implements AutoCloseable {
    /** One request as received. */
    public record Request(String method, String path, String query, String authorization, String contentType,
                          String body) { }

    /** An answer: HTTP status and JSON body. */
    public record Answer(int status, String body) { }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();

    public FakeProvider() {
        this(0);
    }

    /** A provider on {@code port} of the loopback address (0: any free one). */
    public FakeProvider(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers requests under {@code path} with {@code script}. */
    public FakeProvider on(String path, Function<Request, Answer> script) {
        server.createContext(path, exchange -> answer(exchange, script));
        return this;
    }

    public FakeProvider start() {
        server.start();
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests received under {@code path}, in order. */
    public synchronized List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().startsWith(path)).toList();
    }

    private void answer(HttpExchange exchange, Function<Request, Answer> script) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        synchronized (this) {
            requests.add(request);
        }
        Answer answer = script.apply(request);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
