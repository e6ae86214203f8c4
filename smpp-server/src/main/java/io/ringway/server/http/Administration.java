package io.ringway.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.config.AccountConfig;
import io.ringway.config.Money;
import io.ringway.config.PriceListConfig;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.account.PasswordHasher;
import io.ringway.engine.billing.Statement;
import io.ringway.engine.billing.StatementSink;
import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.Status;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import io.ringway.engine.ring.RingIngress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

/**
 * The account-administration endpoints under {@code /api/v1/accounts} and {@code /api/v1/price-lists}. Each
 * change is an ADMIN ring event (an {@link AdminOperation}, journaled, decided by the business logic with the
 * authenticated account as the actor), so the engine alone decides who may do what: the operator anything, a
 * reseller only its own sub-accounts and price lists (403 otherwise).
 *
 * <p>A statement is produced by replaying the journal ({@link Statement}), which costs a core for as long as the
 * journal takes to read, so who may read it is decided first, from the live ledger: a balance QUERY through the ring
 * (the reseller tree belongs to the business-logic thread) names the account's reseller. The account itself, its
 * reseller and the operator may read it. Anyone else gets the same 403 whether the account exists or not, so the
 * endpoint tells strangers nothing, not even which accounts exist; only the operator, who may read every account,
 * learns that one does not (404). Only then is the journal replayed, on the slow-work executor, never on an event
 * loop, and the CSV is streamed to the client line by line as the replay finds it ({@link StreamedResponse}).
 *
 * <p>Requests on the event loop; answers on the responder thread or the slow-work executor.
 */
final class Administration {
    private static final Logger LOG = LoggerFactory.getLogger(Administration.class);
    private static final String CSV = "text/csv; charset=utf-8";

    private final RingIngress ingress;
    private final RingwayConfig config;
    private final Journal journal;
    private final Executor slowWork;

    Administration(RingIngress ingress, RingwayConfig config, Journal journal, Executor slowWork) {
        this.ingress = ingress;
        this.config = config;
        this.journal = journal;
        this.slowWork = slowWork;
    }

    /** {@code POST /api/v1/accounts}: system_id, password, price_list, coefficient, credit_limit. */
    void createAccount(Exchange exchange, Principal principal) {
        JsonNode body = Json.parseObject(exchange);
        if (body == null || !Json.onlyKnownFields(exchange, body, ACCOUNT_FIELDS)) {
            return;
        }
        String systemId = Json.requiredText(exchange, body, "system_id");
        String password = systemId == null ? null : Json.requiredText(exchange, body, "password");
        String priceList = password == null ? null : Json.optionalText(exchange, body, "price_list");
        long coefficient = exchange.ready() ? 0 : coefficient(exchange, body);
        long creditLimit = exchange.ready() ? 0
                : Json.optionalMoney(exchange, body, "credit_limit", 0, 0, AccountConfig.MAX_BALANCE);
        if (password == null || exchange.ready()) {
            return;
        }
        if (!usableSystemId(systemId)) {
            exchange.error(422, "INVALID_SYSTEM_ID", "'system_id' must have 1 to 15 printable ASCII characters "
                    + "other than ':' and '/' (it is the SMPP system_id, the Basic user name and a path segment)");
            return;
        }
        if (password.length() < 6 || password.length() > MAX_SMPP_PASSWORD) {
            exchange.error(422, "INVALID_PASSWORD", "'password' must have 6 to " + MAX_SMPP_PASSWORD
                    + " characters (it is also the SMPP password, which holds 8)");
            return;
        }
        // PBKDF2 takes tens of milliseconds: hash off the event loop, then put the command on the ring.
        offload(exchange, () -> {
            String hash = PasswordHasher.hash(password);
            command(exchange, principal, AdminOperation.CREATE_ACCOUNT, systemId, creditLimit, coefficient,
                    priceList, hash, 201, "account " + systemId + " created");
        });
    }

    private static final Set<String> ACCOUNT_FIELDS =
            Set.of("system_id", "password", "price_list", "coefficient", "credit_limit");
    private static final Set<String> TOP_UP_FIELDS = Set.of("amount", "reference");
    private static final Set<String> CREDIT_LIMIT_FIELDS = Set.of("credit_limit");
    private static final Set<String> PRICE_LIST_FIELDS = Set.of("price_list", "coefficient");
    private static final Set<String> TARIFF_FIELDS = Set.of("name", "default", "prefixes");

    /** SMPP 3.4 §5.2.3: the bind's password is a C-Octet String of at most 9 octets, its NUL included. */
    private static final int MAX_SMPP_PASSWORD = 8;

    /** An account name every interface can carry: SMPP's system_id, HTTP Basic's user name, a path segment. */
    private static boolean usableSystemId(String systemId) {
        if (systemId.isEmpty() || systemId.length() > 15) {
            return false;
        }
        for (int i = 0; i < systemId.length(); i++) {
            char c = systemId.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ':' || c == '/') {
                return false;
            }
        }
        return true;
    }

    /** {@code POST /api/v1/accounts/{id}/top-ups}: amount, reference. */
    void topUp(Exchange exchange, Principal principal, String target) {
        JsonNode body = Json.parseObject(exchange);
        if (body == null || !Json.onlyKnownFields(exchange, body, TOP_UP_FIELDS)) {
            return;
        }
        if (!body.hasNonNull("amount")) {
            exchange.error(400, "INVALID_REQUEST", "'amount' is required");
            return;
        }
        long amount = Json.optionalMoney(exchange, body, "amount", 0, 1, AccountConfig.MAX_BALANCE);
        String reference = exchange.ready() ? null : Json.optionalText(exchange, body, "reference");
        if (exchange.ready()) {
            return;
        }
        command(exchange, principal, AdminOperation.TOP_UP, target, amount, 0, null, reference, 200,
                "topped up " + Money.format(amount));
    }

    /** {@code PUT /api/v1/accounts/{id}/credit-limit}: credit_limit. */
    void creditLimit(Exchange exchange, Principal principal, String target) {
        JsonNode body = Json.parseObject(exchange);
        if (body == null || !Json.onlyKnownFields(exchange, body, CREDIT_LIMIT_FIELDS)) {
            return;
        }
        if (!body.hasNonNull("credit_limit")) {
            exchange.error(400, "INVALID_REQUEST", "'credit_limit' is required");
            return;
        }
        long limit = Json.optionalMoney(exchange, body, "credit_limit", 0, 0, AccountConfig.MAX_BALANCE);
        if (exchange.ready()) {
            return;
        }
        command(exchange, principal, AdminOperation.SET_CREDIT_LIMIT, target, limit, 0, null, null, 200,
                "credit limit set to " + Money.format(limit));
    }

    /** {@code PUT /api/v1/accounts/{id}/price-list}: price_list, coefficient. */
    void priceList(Exchange exchange, Principal principal, String target) {
        JsonNode body = Json.parseObject(exchange);
        if (body == null || !Json.onlyKnownFields(exchange, body, PRICE_LIST_FIELDS)) {
            return;
        }
        String list = Json.requiredText(exchange, body, "price_list");
        long coefficient = list == null ? 0 : coefficient(exchange, body);
        if (list == null || exchange.ready()) {
            return;
        }
        command(exchange, principal, AdminOperation.SET_PRICE_LIST, target, 0, coefficient, list, null, 200,
                "price list set to " + list);
    }

    /**
     * {@code POST /api/v1/price-lists}: name, default, prefixes {"90": "0.0125"}. Each price is checked here, so
     * that a refusal names the price it is about; the engine checks the whole list again.
     */
    void definePriceList(Exchange exchange, Principal principal) {
        JsonNode body = Json.parseObject(exchange);
        if (body == null || !Json.onlyKnownFields(exchange, body, TARIFF_FIELDS)) {
            return;
        }
        String name = Json.requiredText(exchange, body, "name");
        String defaultPrice = name == null ? null : Json.optionalText(exchange, body, "default");
        if (name == null || exchange.ready()) {
            return;
        }
        if (name.isEmpty()) {
            exchange.error(422, Status.INVALID_TARIFF.code(), "'name' must not be empty");
            return;
        }
        StringBuilder tariffs = new StringBuilder();
        if (defaultPrice != null) {
            if (!price(exchange, "'default'", defaultPrice)) {
                return;
            }
            tariffs.append("default=").append(defaultPrice);
        }
        JsonNode prefixes = body.get("prefixes");
        if (prefixes != null && !prefixes.isNull()) {
            if (!prefixes.isObject()) {
                exchange.error(400, "INVALID_REQUEST", "'prefixes' must be an object of prefix to price");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = prefixes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String field = "'prefixes' entry \"" + entry.getKey() + "\"";
                if (!PREFIX.matcher(entry.getKey()).matches()) {
                    exchange.error(422, Status.INVALID_TARIFF.code(), field + ": a prefix is 1 to 15 digits");
                    return;
                }
                if (!entry.getValue().isTextual()) {
                    exchange.error(422, Status.INVALID_TARIFF.code(), field + ": prices must be decimal strings");
                    return;
                }
                if (!price(exchange, field, entry.getValue().asText())) {
                    return;
                }
                if (tariffs.length() > 0) {
                    tariffs.append(';');
                }
                tariffs.append(entry.getKey()).append('=').append(entry.getValue().asText());
            }
        }
        if (tariffs.length() == 0) {
            exchange.error(422, Status.INVALID_TARIFF.code(), "a price list needs a 'default' price or 'prefixes'");
            return;
        }
        command(exchange, principal, AdminOperation.REDEFINE_PRICE_LIST, name, 0, 0, null, tariffs.toString(), 201,
                "price list " + name + " defined");
    }

    private static final Pattern PREFIX = Pattern.compile("[0-9]{1,15}");

    /** Whether {@code text} is a unit price; answers 422 INVALID_TARIFF naming {@code field} when it is not. */
    private static boolean price(Exchange exchange, String field, String text) {
        long price = Json.amount(text);
        if (price == Json.NOT_AN_AMOUNT || price < 0 || price > PriceListConfig.MAX_PRICE) {
            exchange.error(422, Status.INVALID_TARIFF.code(), field + " must be a decimal string from 0.00 to "
                    + Money.format(PriceListConfig.MAX_PRICE) + " with at most 6 decimal places");
            return false;
        }
        return true;
    }

    /**
     * {@code GET /api/v1/accounts/{id}/statement.csv?from=&to=}: the account itself, its reseller or the operator;
     * {@code from} (inclusive) and {@code to} (exclusive) are optional ISO-8601 dates (their start, UTC) or instants.
     */
    void statement(Exchange exchange, Principal principal, String target) {
        Statement.Period period = period(exchange);
        if (period == null) {
            return;
        }
        MessageEvent event = ingress.tryClaim(EventKind.QUERY);
        if (event == null) {
            exchange.throttled("THROTTLED", "the engine is busy; retry later", 1);
            return;
        }
        try {
            event.account = target;
            event.queryResponder = (correlation, answered) -> readStatement(exchange, principal, target,
                    answered.answer.found, answered.answer.parent, period);
        } finally {
            ingress.publish(event);
        }
    }

    /** Responder thread: the live ledger said whether {@code target} exists and who its reseller is. */
    private void readStatement(Exchange exchange, Principal principal, String target, boolean exists, String parent,
                               Statement.Period period) {
        boolean allowed = principal.operator() || target.equals(principal.account())
                || (parent != null && parent.equals(principal.account()));
        if (exists && allowed) {
            exchange.stream(CSV, body -> replay(body, target, period));
        } else if (principal.operator()) {
            exchange.error(404, "NOT_FOUND", "no account '" + target + "'");
        } else {
            exchange.error(403, Status.FORBIDDEN.code(), "only the account, its reseller or the operator may read "
                    + "this statement");
        }
    }

    /** The connection's event loop, when the statement's turn to be written comes: replays on the slow-work thread. */
    private void replay(StreamedResponse body, String target, Statement.Period period) {
        try {
            slowWork.execute(() -> writeStatement(body, target, period));
        } catch (RejectedExecutionException busy) {
            body.fail(429, "BUSY", "too many slow requests at once; retry later", 5);
        }
    }

    /** Slow-work thread: the replay writes each line into the response as it finds it. */
    private void writeStatement(StreamedResponse body, String target, Statement.Period period) {
        Writer csv = body.writer();
        try {
            Statement.writeCsvHeader(csv);
            Statement.replay(config, journal, target, period, new StatementSink() {
                @Override
                public void line(Statement.Line line) throws IOException {
                    Statement.writeCsvLine(line, csv);
                }

                @Override
                public void stillWanted() throws IOException {
                    body.ensureOpen();
                }
            });
            body.finish();
        } catch (IOException clientGone) {
            LOG.debug("statement of {} given up: {}", target, clientGone.getMessage());
        } catch (RuntimeException e) {
            body.fail(500, Status.SYSTEM_ERROR.code(), "internal error", 0);
            throw e;
        }
    }

    /**
     * The statement's period from the {@code from} and {@code to} parameters, each absent for an open end; {@code
     * null} after answering 400 for a value that is not a date or instant, or a {@code from} after {@code to}.
     */
    private static Statement.Period period(Exchange exchange) {
        long from = bound(exchange, "from", Long.MIN_VALUE);
        long to = bound(exchange, "to", Long.MAX_VALUE);
        if (exchange.ready()) {
            return null;
        }
        if (from > to) {
            exchange.error(400, "INVALID_REQUEST", "'from' must not be after 'to'");
            return null;
        }
        return new Statement.Period(from, to);
    }

    /**
     * Parameter {@code name} in epoch milliseconds: a date ({@code 2026-11-01}) is its start in UTC, an instant
     * ({@code 2026-11-01T10:00:00Z}, or with an offset) is itself. {@code absent} when the parameter is not given;
     * after answering 400 the exchange is {@link Exchange#ready} and the value means nothing.
     */
    private static long bound(Exchange exchange, String name, long absent) {
        String text = exchange.request.parameter(name);
        if (text == null) {
            return absent;
        }
        try {
            Instant instant = text.indexOf('T') < 0 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
            return instant.toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            exchange.error(400, "INVALID_REQUEST", "'" + name + "' must be an ISO-8601 date such as 2026-11-01 or "
                    + "an instant such as 2026-11-01T10:00:00Z");
            return absent;
        }
    }

    private void command(Exchange exchange, Principal principal, AdminOperation operation, String target,
                         long amount, long coefficient, String priceList, String text, int okStatus,
                         String okMessage) {
        MessageEvent event = ingress.tryClaim(EventKind.ADMIN);
        if (event == null) {
            exchange.throttled("THROTTLED", "the engine is busy; retry later", 1);
            return;
        }
        try {
            event.adminOperation = operation;
            event.account = principal.account();
            event.target = target;
            event.amount = amount;
            event.coefficient = coefficient;
            event.priceList = priceList;
            event.text = text;
            event.queryResponder = (correlation, decided) -> answer(exchange, operation, decided.status, okStatus,
                    target, okMessage);
        } finally {
            ingress.publish(event);
        }
    }

    /** Responder thread. */
    private static void answer(Exchange exchange, AdminOperation operation, Status status, int okStatus,
                               String target, String okMessage) {
        if (status == Status.UNKNOWN_ACCOUNT) {
            exchange.error(404, "NOT_FOUND", "no account '" + target + "'");
            return;
        }
        if (status == Status.INVALID_AMOUNT && operation == AdminOperation.TOP_UP) {
            exchange.error(422, status.code(), "'amount' would take the balance past "
                    + Money.format(AccountConfig.MAX_BALANCE) + " (counting the charges it has reserved as refunded)");
            return;
        }
        if (status != Status.OK) {
            String message = status == Status.SUBMIT_FAILED ? "the command is not valid" : status.description();
            exchange.error(status == Status.SUBMIT_FAILED ? 422 : status.httpStatus(), status.code(), message);
            return;
        }
        ObjectNode root = Exchange.JSON.createObjectNode();
        root.put("target", target);
        root.put("result", okMessage);
        exchange.json(okStatus, root);
    }

    /**
     * A coefficient written as a decimal string ("1.25"), 0.000001 to 1000; 0 when absent (the engine's 1.0). A
     * given "0" is refused rather than taken for absent: the account would be charged 1.0 where 0 was asked.
     */
    private static long coefficient(Exchange exchange, JsonNode body) {
        return Json.optionalMoney(exchange, body, "coefficient", 0, 1, AccountConfig.MAX_COEFFICIENT);
    }

    private void offload(Exchange exchange, Runnable work) {
        Objects.requireNonNull(work);
        try {
            slowWork.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    exchange.error(500, "SYSTEM_ERROR", "internal error");
                    throw e;
                }
            });
        } catch (RejectedExecutionException busy) {
            exchange.throttled("BUSY", "too many slow requests at once; retry later", 5);
        }
    }
}
