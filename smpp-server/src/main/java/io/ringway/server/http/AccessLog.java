package io.ringway.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API access log of accounts that switched it on ({@code api-access-log: true}): who, when, method, path,
 * status, latency and remote address of every request, never a body, a query string (Kannel's carries the
 * password and the message text) or a message text. Entries go to the logger {@code ringway.access} and to a
 * bounded in-memory ring per account that {@code GET /api/v1/access-log} returns. Accounts without the switch cost
 * one map lookup per request.
 *
 * <p>Safe for concurrent use from the event loops; each account's ring locks only itself.
 */
final class AccessLog {
    private static final Logger ACCESS = LoggerFactory.getLogger("ringway.access");

    private final AccountDirectory directory;
    private final int entriesPerAccount;
    private final ConcurrentHashMap<String, Recent> byAccount = new ConcurrentHashMap<>();

    AccessLog(AccountDirectory directory, int entriesPerAccount) {
        this.directory = directory;
        this.entriesPerAccount = entriesPerAccount;
    }

    /** One request as logged. */
    record Entry(long time, String account, String method, String path, int status, long latencyMicros,
                 String remote) {
    }

    /** Event loop, when the response goes out. */
    void record(Exchange exchange) {
        String account = exchange.account;
        if (account == null || !directory.of(account).accessLog()) {
            return;
        }
        ApiRequest request = exchange.request;
        Entry entry = new Entry(System.currentTimeMillis(), account, request.method(), request.path(),
                exchange.status, (System.nanoTime() - request.startNanos()) / 1000,
                request.remote() == null ? "" : request.remote().getHostAddress());
        byAccount.computeIfAbsent(account, name -> new Recent(entriesPerAccount)).add(entry);
        ACCESS.info("{} {} {} {} {} {}us {}", Instant.ofEpochMilli(entry.time()), account, entry.method(),
                entry.path(), entry.status(), entry.latencyMicros(), entry.remote());
    }

    /** The account's recent entries, oldest first, as JSON. */
    ObjectNode recent(String account) {
        ObjectNode root = Exchange.JSON.createObjectNode();
        root.put("enabled", directory.of(account).accessLog());
        ArrayNode entries = root.putArray("entries");
        Recent recent = byAccount.get(account);
        if (recent != null) {
            for (Entry entry : recent.snapshot()) {
                ObjectNode node = entries.addObject();
                node.put("time", Instant.ofEpochMilli(entry.time()).toString());
                node.put("method", entry.method());
                node.put("path", entry.path());
                node.put("status", entry.status());
                node.put("latency_ms", entry.latencyMicros() / 1000.0);
                node.put("remote", entry.remote());
            }
        }
        return root;
    }

    /** A bounded ring of one account's entries. */
    private static final class Recent {
        private final int capacity;
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();

        Recent(int capacity) {
            this.capacity = capacity;
        }

        synchronized void add(Entry entry) {
            if (entries.size() == capacity) {
                entries.pollFirst();
            }
            entries.addLast(entry);
        }

        synchronized Entry[] snapshot() {
            return entries.toArray(new Entry[0]);
        }
    }
}
