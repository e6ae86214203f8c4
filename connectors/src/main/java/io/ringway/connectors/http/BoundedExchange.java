package io.ringway.connectors.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP exchange of the JDK client bounded as a whole, answer body included. A request's own timeout covers the
 * wait for the status line only, so a peer that sends its headers and never ends its body would hold the exchange
 * (and whatever place the caller keeps for it: a webhook among the account's, a send among an upstream's in-flight,
 * a status poll, a consent lookup) for good. At the deadline the client's future is cancelled, which aborts the
 * exchange and closes its connection; the caller sees a {@link java.util.concurrent.CancellationException}, as a
 * time-out. Used by every outbound HTTP client of Ringway: webhooks, HTTP upstreams, the consent registry.
 *
 * <p>Stateless but for one daemon thread that fires the deadlines; any thread.
 */
public final class BoundedExchange {
    private static final ScheduledThreadPoolExecutor DEADLINES = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "ringway-http-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    static {
        // A deadline cancelled because its exchange completed leaves the queue at once, with the exchange (and its
        // answer's body) it refers to, instead of at its time: thousands a second would otherwise be kept.
        DEADLINES.setRemoveOnCancelPolicy(true);
    }

    private BoundedExchange() {
    }

    /** {@code client.sendAsync(request, body)}, cancelled if not complete within {@code timeout}. */
    public static <T> CompletableFuture<HttpResponse<T>> send(HttpClient client, HttpRequest request,
                                                              HttpResponse.BodyHandler<T> body, Duration timeout) {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, body);
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> exchange.cancel(true), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        exchange.whenComplete((response, failure) -> deadline.cancel(false));
        return exchange;
    }
}
