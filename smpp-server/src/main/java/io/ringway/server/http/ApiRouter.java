package io.ringway.server.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ringway.connectors.http.HttpProviderUpstream;
import io.ringway.engine.message.Status;
import io.ringway.engine.routing.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Maps each request to its endpoint, after authenticating it where the endpoint needs an account:
 *
 * <pre>
 * GET  /api/v1/openapi.json                      the API description (no credentials)
 * GET  /metrics                                  Prometheus exposition (no credentials; firewall it)
 * GET|POST /cgi-bin/sendsms                      Kannel-compatible submission (username/password)
 * POST /api/v1/messages                          submit
 * GET  /api/v1/messages/{id}                     a message's outcome
 * DELETE /api/v1/messages/{id}                   cancel a message still waiting for its send_at
 * GET  /api/v1/balance                           the account's balance
 * GET  /api/v1/access-log                        the account's recent API requests
 * POST /api/v1/accounts                          create a sub-account
 * POST /api/v1/accounts/{id}/top-ups             top up
 * PUT  /api/v1/accounts/{id}/price-list          assign a price list and coefficient
 * PUT  /api/v1/accounts/{id}/credit-limit        set the credit limit
 * GET  /api/v1/accounts/{id}/statement.csv       statement, streamed (?from=&to= for a period)
 * POST /api/v1/price-lists                       define a price list
 * POST /upstreams/{name}/receipts?secret=...     delivery reports pushed by an HTTP provider (its webhook-secret)
 * </pre>
 *
 * A credential seen before is recognised on the event loop; a new one is verified on the authentication
 * executor and the request resumes on its event loop. Event loop only.
 */
final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final String API = "/api/v1/";
    private static final String UPSTREAMS = "/upstreams/";
    private static final String RECEIPTS = "/receipts";

    private final ApiAuthenticator authenticator;
    private final Submissions submissions;
    private final EngineQueries queries;
    private final Administration administration;
    private final Consents consents;
    private final KannelSendSms kannel;
    private final AccessLog accessLog;
    private final ApiMetrics metrics;
    private final byte[] openApi;
    /** The node's upstreams, set once at start, before connections are accepted. */
    private volatile Map<String, Upstream> upstreams = Map.of();

    ApiRouter(ApiAuthenticator authenticator, Submissions submissions, EngineQueries queries,
              Administration administration, Consents consents, KannelSendSms kannel, AccessLog accessLog,
              ApiMetrics metrics) {
        this.consents = consents;
        this.authenticator = authenticator;
        this.submissions = submissions;
        this.queries = queries;
        this.administration = administration;
        this.kannel = kannel;
        this.accessLog = accessLog;
        this.metrics = metrics;
        this.openApi = resource("/http/openapi.json");
    }

    void upstreams(Map<String, Upstream> upstreams) {
        this.upstreams = upstreams;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    void route(Exchange exchange, Executor eventLoop) {
        ApiRequest request = exchange.request;
        String path = request.path();
        String method = request.method();
        if (path.equals("/metrics")) {
            if (method.equals("GET")) {
                exchange.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            } else {
                methodNotAllowed(exchange, "GET");
            }
        } else if (path.equals("/cgi-bin/sendsms")) {
            if (method.equals("GET") || method.equals("POST")) {
                kannel.handle(exchange, eventLoop);
            } else {
                methodNotAllowed(exchange, "GET, POST");
            }
        } else if (path.equals(API + "openapi.json")) {
            if (method.equals("GET")) {
                exchange.respond(200, Exchange.APPLICATION_JSON, openApi);
            } else {
                methodNotAllowed(exchange, "GET");
            }
        } else if (path.startsWith(API)) {
            authenticated(exchange, eventLoop);
        } else if (path.startsWith(UPSTREAMS) && path.endsWith(RECEIPTS)) {
            pushedReceipts(exchange, path.substring(UPSTREAMS.length(), path.length() - RECEIPTS.length()));
        } else {
            exchange.error(404, "NOT_FOUND", "no such endpoint: " + path);
        }
    }

    private void authenticated(Exchange exchange, Executor eventLoop) {
        ApiRequest request = exchange.request;
        if (request.authorization() == null) {
            exchange.error(401, "UNAUTHORIZED", "send 'Authorization: Bearer <api key>'");
            return;
        }
        Principal principal = authenticator.cached(request.authorization(), request.remote());
        if (principal != null) {
            dispatch(exchange, principal);
            return;
        }
        authenticator.verify(request.authorization(), request.remote()).whenCompleteAsync((verified, failure) ->
                dispatch(exchange, failure != null ? ApiAuthenticator.BUSY : verified), eventLoop);
    }

    private void dispatch(Exchange exchange, Principal principal) {
        if (principal == ApiAuthenticator.BUSY) {
            exchange.throttled("BUSY", "too many new credentials to check at once; retry later", 1);
            return;
        }
        if (principal == ApiAuthenticator.NOBODY) {
            exchange.error(401, "UNAUTHORIZED", "the API key or credentials are not valid");
            return;
        }
        exchange.account = principal.account();
        String[] parts = exchange.request.path().substring(API.length()).split("/", -1);
        String method = exchange.request.method();
        try {
            switch (parts[0]) {
                case "messages" -> messages(exchange, principal, parts, method);
                case "balance" -> forAccount(exchange, principal,
                        parts.length == 1 && (method.equals("GET") || notAllowed(exchange, "GET")),
                        () -> queries.balance(exchange, principal.account()));
                case "access-log" -> forAccount(exchange, principal,
                        parts.length == 1 && (method.equals("GET") || notAllowed(exchange, "GET")),
                        () -> exchange.json(200, accessLog.recent(principal.account())));
                case "accounts" -> accounts(exchange, principal, parts, method);
                case "price-lists" -> expect(exchange, parts.length == 1, method, "POST",
                        () -> administration.definePriceList(exchange, principal));
                case "consents" -> consents(exchange, principal, parts, method);
                default -> exchange.error(404, "NOT_FOUND", "no such endpoint: " + exchange.request.path());
            }
        } catch (RuntimeException e) {
            // Logged here: after a first-time credential check this runs in a completion stage whose failure
            // nobody reads. The decoded path only: a query string may hold a password or message text.
            LOG.error("request {} {} failed", method, exchange.request.path(), e);
            exchange.error(500, Status.SYSTEM_ERROR.code(), "internal error");
        }
    }

    private void messages(Exchange exchange, Principal principal, String[] parts, String method) {
        if (parts.length == 1) {
            forAccount(exchange, principal, method.equals("POST") || notAllowed(exchange, "POST"),
                    () -> submissions.submitJson(exchange, principal.account()));
        } else if (parts.length == 2 && method.equals("DELETE")) {
            forAccount(exchange, principal, true, () -> queries.cancel(exchange, principal.account(), parts[1]));
        } else if (parts.length == 2) {
            forAccount(exchange, principal, method.equals("GET") || notAllowed(exchange, "GET, DELETE"),
                    () -> queries.message(exchange, principal.account(), parts[1]));
        } else {
            exchange.error(404, "NOT_FOUND", "no such endpoint: " + exchange.request.path());
        }
    }

    private void consents(Exchange exchange, Principal principal, String[] parts, String method) {
        if (parts.length != 2 || parts[1].isEmpty()) {
            exchange.error(404, "NOT_FOUND", "no such endpoint: " + exchange.request.path());
        } else if (parts[1].equals("import")) {
            expect(exchange, true, method, "POST", () -> consents.importCsv(exchange, principal));
        } else if (method.equals("PUT")) {
            consents.put(exchange, principal, parts[1]);
        } else if (method.equals("GET")) {
            consents.get(exchange, principal, parts[1]);
        } else {
            methodNotAllowed(exchange, "GET, PUT");
        }
    }

    private void accounts(Exchange exchange, Principal principal, String[] parts, String method) {
        if (parts.length == 1) {
            expect(exchange, true, method, "POST", () -> administration.createAccount(exchange, principal));
            return;
        }
        String target = parts[1];
        String action = parts.length == 3 ? parts[2] : "";
        switch (action) {
            case "top-ups" -> expect(exchange, true, method, "POST",
                    () -> administration.topUp(exchange, principal, target));
            case "price-list" -> expect(exchange, true, method, "PUT",
                    () -> administration.priceList(exchange, principal, target));
            case "credit-limit" -> expect(exchange, true, method, "PUT",
                    () -> administration.creditLimit(exchange, principal, target));
            case "statement.csv" -> expect(exchange, true, method, "GET",
                    () -> administration.statement(exchange, principal, target));
            default -> exchange.error(404, "NOT_FOUND", "no such endpoint: " + exchange.request.path());
        }
    }

    /** Endpoints that act as an account: the operator has no messages or balance of its own. */
    private static void forAccount(Exchange exchange, Principal principal, boolean matches, Runnable endpoint) {
        if (exchange.ready()) {
            return;
        }
        if (!matches) {
            exchange.error(404, "NOT_FOUND", "no such endpoint: " + exchange.request.path());
        } else if (principal.operator()) {
            exchange.error(403, Status.FORBIDDEN.code(), "the operator key administers accounts; use an account's "
                    + "key for this");
        } else {
            endpoint.run();
        }
    }

    private static void expect(Exchange exchange, boolean matches, String method, String expected,
                               Runnable endpoint) {
        if (!matches) {
            exchange.error(404, "NOT_FOUND", "no such endpoint: " + exchange.request.path());
        } else if (!method.equals(expected)) {
            methodNotAllowed(exchange, expected);
        } else {
            endpoint.run();
        }
    }

    /**
     * Reports an HTTP provider pushed, answered once they are journaled (200), or 503 when one could not be, so
     * that the provider pushes it again: a provider forgets a report it got a 2xx for. An unknown upstream and a
     * wrong secret both answer 404, so that the endpoint reveals no upstream names.
     */
    private void pushedReceipts(Exchange exchange, String name) {
        if (!(upstreams.get(name) instanceof HttpProviderUpstream provider)
                || !provider.acceptsPushFrom(exchange.request.parameter("secret"))) {
            exchange.error(404, "NOT_FOUND", "no such endpoint: " + exchange.request.path());
        } else if (!exchange.request.method().equals("POST")) {
            methodNotAllowed(exchange, "POST");
        } else {
            boolean json = provider.receiptsPushed(exchange.request.body(), (receipts, journaled) -> {
                if (journaled) {
                    exchange.json(200, JsonNodeFactory.instance.objectNode().put("receipts", receipts));
                } else {
                    exchange.error(503, Status.JOURNAL_UNAVAILABLE.code(), "the reports could not be journaled; "
                            + "push them again");
                }
            });
            if (!json) {
                exchange.error(400, "INVALID_JSON", "the body is not JSON");
            }
        }
    }

    private static boolean notAllowed(Exchange exchange, String allowed) {
        methodNotAllowed(exchange, allowed);
        return false;
    }

    /** 405 with the methods the resource serves in an Allow header (RFC 9110 §15.5.6) and in the message. */
    private static void methodNotAllowed(Exchange exchange, String allowed) {
        exchange.allow = allowed;
        exchange.error(405, "METHOD_NOT_ALLOWED", exchange.request.method() + " is not allowed on "
                + exchange.request.path() + "; allowed: " + allowed);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiRouter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
