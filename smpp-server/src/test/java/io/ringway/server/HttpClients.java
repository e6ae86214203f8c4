package io.ringway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for system tests of the HTTP API: JSON in, status and JSON out. */
final class HttpClients {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String base;

    HttpClients(int port) {
        this(HttpClient.newBuilder(), "http://127.0.0.1:" + port);
    }

    private HttpClients(HttpClient.Builder client, String base) {
        this.client = client.connectTimeout(Duration.ofSeconds(5)).build();
        this.base = base;
    }

    /** A client of the HTTPS listener on {@code port}, trusting what {@code tls} trusts. */
    static HttpClients overTls(int port, SSLContext tls) {
        return new HttpClients(HttpClient.newBuilder().sslContext(tls), "https://127.0.0.1:" + port);
    }

    /** A response: status, headers and body text. */
    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Answer get(String path, String apiKey) {
        return send(builder(path, apiKey).GET());
    }

    Answer post(String path, String apiKey, String json) {
        return send(builder(path, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with one extra request header, such as {@code Idempotency-Key}. */
    Answer post(String path, String apiKey, String json, String header, String value) {
        return send(builder(path, apiKey).header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer put(String path, String apiKey, String json) {
        return send(builder(path, apiKey).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** GET with HTTP Basic credentials (an account's system id and password) instead of an API key. */
    Answer getBasic(String path, String user, String password) {
        String credentials = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(builder(path, null).header("Authorization", "Basic " + credentials).GET());
    }

    /** POST with HTTP Basic credentials instead of an API key. */
    Answer postBasic(String path, String user, String password, String json) {
        String credentials = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(builder(path, null).header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer head(String path, String apiKey) {
        return send(builder(path, apiKey).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    Answer delete(String path, String apiKey) {
        return send(builder(path, apiKey).DELETE());
    }

    private HttpRequest.Builder builder(String path, String apiKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
