package io.ringway.engine.ring;

import com.lmax.disruptor.EventHandler;
import io.ringway.config.BrandConfig;
import io.ringway.config.ConsentRegistryConfig;
import io.ringway.config.RingwayConfig;
import io.ringway.config.RoutingConfig;
import io.ringway.config.UpstreamConfig.ReceiptIdFormat;
import io.ringway.engine.account.AccountAdministration;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.account.SendingPolicy;
import io.ringway.engine.consent.Brand;
import io.ringway.engine.consent.BrandDirectory;
import io.ringway.engine.consent.Consent;
import io.ringway.engine.consent.ConsentChange;
import io.ringway.engine.consent.ConsentRegistry;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.consent.OptOutKeywords;
import io.ringway.engine.consent.RecipientType;
import io.ringway.engine.consent.RegistryAnswers;
import io.ringway.engine.consent.ReplyText;
import io.ringway.engine.consent.UnpushedChanges;
import io.ringway.engine.billing.Ledger;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.billing.Wallet;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.dlr.EarlyReceipts;
import io.ringway.engine.dlr.ReceiptFields;
import io.ringway.engine.dlr.UpstreamIdForms;
import io.ringway.engine.dlr.UpstreamIdIndex;
import io.ringway.engine.message.Addresses;
import io.ringway.engine.message.FinishedMessages;
import io.ringway.engine.message.IdempotencyKeys;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageIdMap;
import io.ringway.engine.message.MessageState;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.ReceiptDeadlines;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.SharedNames;
import io.ringway.engine.message.Status;
import io.ringway.engine.routing.Routes;
import io.ringway.engine.routing.UpstreamEvents;
import io.ringway.engine.routing.UpstreamGate;
import io.ringway.engine.snapshot.SnapshotFiles;
import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The single-threaded business logic: applies each journaled input to the engine state and writes its decision
 * into the event. It owns every piece of mutable domain state (in-flight messages, balances and reservations,
 * the upstream-id index, receipt deadlines, owed receipts, message ids, upstream availability, held messages and
 * early receipts) and is the only thread that touches it, so nothing here locks.
 *
 * <p>A submission is validated (addresses, body, the account's senders), checked for consent when it is
 * commercial, routed, then rated and reserved: the reservation is the only state change, and comes last, so a
 * refused submission changes nothing and costs nothing; its refusal and reason go on the account's statement.
 * A commercial submission of an integrator-mode brand whose recipient the registry's cached answers do not cover
 * is parked, unanswered, until the registry's answer comes back as a journaled CONSENT_ANSWER (or a tick gives up
 * on it: refused as the registry being unavailable); it is then decided like any other.
 *
 * <p>A submission carrying an idempotency key (HTTP) that an accepted submission of the same account and recipient
 * index used within the window is decided first and from that alone: the same body is answered as the original was
 * (status OK, {@link MessageEvent#replayed}; nothing reserved, routed or sent), another body is refused with
 * IDEMPOTENCY_KEY_REUSED. Only acceptances are remembered, so a refused request can be retried with its key.
 *
 * <p>Routing skips upstreams that are down (an UPSTREAM_STATE said 0 bound sessions) or saturated (this logic's
 * own count of messages waiting for their acknowledgement reached {@code ring.max-queued-per-upstream}). When the
 * route has usable upstreams none, a message whose upstreams are all down is accepted and held until one comes up
 * (or {@code routing.hold-timeout} passes: REJECTED, refunded); one refused only because its upstreams are full is
 * refused with QUEUE_FULL, as is any message once the held ones reach the same bound.
 *
 * <p>It is deterministic: its only clock is the event's ingress time stamp, message ids are issued in sequence,
 * and upstream availability is an input (UPSTREAM_STATE), never read from the connectors. Replaying the journal
 * through {@link #apply} therefore rebuilds exactly the state that was live.
 */
public final class BusinessLogicHandler implements EventHandler<MessageEvent> {
    /** SMPP 3.4 §5.2.21 caps short_message at 254 octets; longer bodies come in message_payload (64 KiB). */
    private static final int MAX_PAYLOAD = 65_535;
    /** Receipts held for an acknowledgement that has not come yet, at most. */
    private static final int EARLY_RECEIPT_CAPACITY = 100_000;
    /** Availability of an upstream that never reported: taken as up. */
    private static final int NOT_REPORTED = -1;
    /** Finished-message outcomes kept for status queries when the caller does not say. */
    public static final int DEFAULT_FINISHED_MESSAGES = 1_000_000;
    /** Submissions parked for the consent registry, at most; more are refused with CONSENT_LOOKUPS_FULL. */
    public static final int MAX_PARKED = 100_000;
    /** How long past the registry's own timeout a tick waits for its answer before refusing the parked submissions. */
    static final long LOOKUP_GRACE_MILLIS = 5_000;

    private final Routes routes;
    private final int maxQueuedPerUpstream;
    private final long holdTimeoutMillis;
    private final long earlyReceiptHoldMillis;
    private final EngineCounters counters;
    private final Ledger ledger;
    private final MovementListener movements;
    private final Accounts accounts;
    private final AccountAdministration administration;
    private final Map<String, SendingPolicy> policies;
    private final BrandDirectory brands;
    private final ConsentRegistry consents = new ConsentRegistry();
    private final OptOutKeywords optOutKeywords;
    private final FinishedMessages finished;
    /** Idempotency keys of accepted HTTP submissions, with what each was answered. */
    private final IdempotencyKeys idempotencyKeys;
    /** Integrator-mode brands: what the external registry last said, for its time to live. */
    private final RegistryAnswers registryAnswers;
    private final ConsentLookups lookups = new ConsentLookups();
    /** Consent changes recorded here that the external registry has not yet taken (only with a registry). */
    private final UnpushedChanges unpushed = new UnpushedChanges();
    private final boolean pushChanges;
    private final long lookupExpiryMillis;
    private final Consumer<MessageEvent> lookupExpired = this::lookupExpired;
    private long lastConsentChange;

    private final MessageIdMap<Message> messages = new MessageIdMap<>(MessageIdMap.UNTIL_RECEIPT);
    private final MessageIdMap<CustomerReceipt> owedReceipts = new MessageIdMap<>(MessageIdMap.SHORT_LIVED);
    private final UpstreamIdIndex upstreamIds = new UpstreamIdIndex();
    /**
     * One instance per sender, and per callback URL, of the messages kept (memory only: no decision reads them).
     * Apart, so that callback URLs made per message cannot use up the senders' bound.
     */
    private final SharedNames senders = new SharedNames();
    private final SharedNames callbackUrls = new SharedNames();
    private final UpstreamIdForms idForms = new UpstreamIdForms();
    private final EarlyReceipts earlyReceipts = new EarlyReceipts(EARLY_RECEIPT_CAPACITY);
    private final ReceiptDeadlines deadlines = new ReceiptDeadlines();
    /** Bound sending sessions per upstream number, as last reported; {@link #NOT_REPORTED} until then. */
    private final int[] boundSessions;
    /** Accepted messages not yet acknowledged by their upstream, per upstream number: bounds the connectors' queues. */
    private final int[] queued;
    /** Accepted messages no upstream could take yet, oldest first. */
    private final ArrayDeque<Message> held = new ArrayDeque<>();
    /** Accepted messages waiting for their send time, earliest first (ties by id, so replay orders them alike). */
    private final PriorityQueue<Message> scheduled = new PriorityQueue<>(
            Comparator.comparingLong(Message::sendAt).thenComparingLong(Message::id));
    /**
     * The {@link #scheduled} messages by what a submission with replace_if_present matches (SMPP 3.4 §5.2.18:
     * source, destination and service_type, whose meaning here is the message type; within the account), oldest
     * first. Derived from {@link #scheduled}, so a restore rebuilds it in the same order.
     */
    private final HashMap<ReplaceKey, ArrayDeque<Message>> scheduledByKey = new HashMap<>();
    /** Due scheduled messages no upstream could take on this tick; reused, so a tick allocates nothing. */
    private final ArrayDeque<Message> notYetRoutable = new ArrayDeque<>();
    private final UpstreamGate gate = this::usable;
    private final Consumer<Message> overdue = this::overdue;
    private boolean sawSaturated;
    private MessageEvent tick;
    private long lastMessageId;

    /**
     * Remembers the outcomes of the last {@code finishedMessages} finished messages, and the idempotency keys of
     * accepted submissions for {@code idempotencyWindowMillis} of event time, {@code idempotencyKeys} at most.
     */
    public BusinessLogicHandler(Accounts accounts, Routes routes, int maxQueuedPerUpstream, EngineCounters counters,
                                RoutingConfig routing, Ledger ledger, MovementListener movements,
                                Map<String, SendingPolicy> policies, BrandDirectory brands,
                                OptOutKeywords optOutKeywords, int finishedMessages, long idempotencyWindowMillis,
                                int idempotencyKeys, ConsentRegistryConfig registry) {
        this.finished = new FinishedMessages(finishedMessages);
        this.idempotencyKeys = new IdempotencyKeys(idempotencyWindowMillis, idempotencyKeys);
        this.registryAnswers = new RegistryAnswers(registry.cacheTtl().toMillis(), registry.cacheCapacity());
        this.pushChanges = registry.configured();
        this.lookupExpiryMillis = registry.timeout().toMillis() + LOOKUP_GRACE_MILLIS;
        this.policies = Map.copyOf(policies);
        this.brands = brands;
        this.optOutKeywords = optOutKeywords;
        this.routes = routes;
        this.maxQueuedPerUpstream = maxQueuedPerUpstream;
        this.holdTimeoutMillis = routing.holdTimeout().toMillis();
        this.earlyReceiptHoldMillis = routing.earlyReceiptHold().toMillis();
        this.counters = counters;
        this.ledger = ledger;
        this.movements = movements;
        this.accounts = accounts;
        this.administration = new AccountAdministration(accounts, ledger);
        this.boundSessions = new int[routes.upstreamCount()];
        this.queued = new int[routes.upstreamCount()];
        Arrays.fill(boundSessions, NOT_REPORTED);
    }

    /** The business logic of {@code config}'s opening state (for the engine, replays and statements). */
    public static BusinessLogicHandler fromConfig(RingwayConfig config, Accounts accounts, EngineCounters counters,
                                                  MovementListener movements) {
        Map<String, SendingPolicy> policies = new HashMap<>();
        config.accounts().forEach(account -> policies.put(account.systemId(), SendingPolicy.from(account)));
        return new BusinessLogicHandler(accounts, Routes.fromConfig(config), config.ring().maxQueuedPerUpstream(),
                counters, config.routing(), Ledger.fromConfig(config, movements), movements, policies,
                BrandDirectory.fromConfig(config), new OptOutKeywords(config.consent().optOutKeywords()),
                config.ring().finishedMessages(), config.ring().idempotencyWindow().toMillis(),
                config.ring().idempotencyKeys(), config.consent().registry());
    }

    @Override
    public void onEvent(MessageEvent event, long sequence, boolean endOfBatch) {
        if (!event.journaled) {
            // State must only ever reflect what is on disk: an input the journal refused is not applied.
            if (event.kind == EventKind.SUBMIT || event.kind == EventKind.ADMIN || event.kind == EventKind.CANCEL
                    || event.kind == EventKind.CONSENT) {
                event.status = Status.JOURNAL_UNAVAILABLE;
                EngineCounters.increment(counters.rejected);
            }
            return;
        }
        apply(event);
    }

    /** Applies one input. Called by the ring's business-logic thread, or by recovery before the ring starts. */
    public void apply(MessageEvent event) {
        switch (event.kind) {
            case SUBMIT -> submit(event);
            case UPSTREAM_ACK -> upstreamAck(event);
            case DLR -> receipt(event);
            case RECEIPT_ACK -> receiptAcknowledged(event);
            case TIMER -> timer(event);
            case UPSTREAM_STATE -> upstreamState(event);
            case CONSENT -> event.status = recordConsent(event);
            case CONSENT_ANSWER -> registryAnswer(event);
            case CONSENT_PUSHED -> {
                unpushed.pushed(event.target, event.messageId);
                EngineCounters.increment(counters.consentPushAcks);
            }
            case MO -> inbound(event);
            case CANCEL -> event.status = cancel(event);
            case QUERY -> query(event);
            case ADMIN -> event.status = administration.apply(new AccountAdministration.Command(
                    event.adminOperation, event.account, event.target, event.amount, event.coefficient,
                    event.priceList, event.text, event.timestamp, event.adminRules));
            default -> { }
        }
    }

    private void submit(MessageEvent event) {
        EngineCounters.increment(counters.submissions);
        if (event.idempotencyKey != null && answeredByKey(event)) {
            return;
        }
        Wallet wallet = ledger.wallet(event.account);
        Status status = wallet == null ? Status.UNKNOWN_ACCOUNT : validate(event);
        MessageType type = null;
        if (status == Status.OK) {
            SendingPolicy policy = policies.getOrDefault(event.account, SendingPolicy.OPEN);
            MessageType asked = MessageType.fromText(event.serviceType);
            type = asked == null ? policy.defaultType() : asked;
            if (!policy.allows(event.sourceAddress)) {
                status = Status.SENDER_NOT_ALLOWED;
            } else if (type == MessageType.COMMERCIAL) {
                Brand brand = brands.forSender(event.account, event.sourceAddress);
                status = consentFor(brand, event);
                if (status == null) {
                    if (lookups.parked() < MAX_PARKED) {
                        park(event, brand);
                        return;
                    }
                    status = Status.CONSENT_LOOKUPS_FULL;
                }
            }
        }
        decide(event, wallet, type, status);
    }

    /**
     * The rest of a submission once its sender and consent are settled: route, rate, reserve and accept, or refuse
     * with {@code status} (anything but OK) or the first later rule that fails. Writes the event's status and message.
     */
    private void decide(MessageEvent event, Wallet wallet, MessageType type, Status status) {
        int upstream = Routes.NO_ROUTE;
        if (status == Status.OK) {
            sawSaturated = false;
            upstream = routes.route(event.destinationAddress, event.account, event.sourceAddress, type, gate);
            if (upstream == Routes.NO_ROUTE) {
                status = Status.NO_ROUTE;
            } else if (upstream == Routes.UNAVAILABLE && !isScheduled(event)
                    && (sawSaturated || held.size() >= maxQueuedPerUpstream)) {
                status = Status.QUEUE_FULL;
            }
        }
        int segments = 1;
        if (status == Status.OK) {
            segments = Segments.count(event.payload, event.dataCoding, event.esmClass, event.segmentRules);
            int reservation = ledger.reserve(wallet, lastMessageId + 1, event.destinationAddress, segments,
                    event.timestamp);
            if (reservation == Ledger.INSUFFICIENT_BALANCE) {
                status = Status.INSUFFICIENT_BALANCE;
            } else if (reservation == Ledger.NO_TARIFF) {
                status = Status.NO_TARIFF;
            }
        }
        event.status = status;
        if (status != Status.OK) {
            EngineCounters.increment(counters.rejected);
            if (wallet != null) {
                ledger.rejected(wallet, status.code(), event.timestamp);
            }
            return;
        }
        Message message = new Message(++lastMessageId, event.account, event.channel, type,
                senders.share(event.sourceAddress), event.sourceTon, event.sourceNpi,
                event.destinationAddress, event.destinationTon, event.destinationNpi,
                event.esmClass, event.dataCoding, event.registeredDelivery, event.payload,
                event.timestamp, null, callbackUrls.share(event.callbackUrl));
        message.rated(segments, ledger.charge(message.id()), event.segmentRules);
        message.options(event.validityMillis, event.reference, event.sendAt);
        message.smppFields(event.protocolId, event.priorityFlag, event.replaceIfPresent, event.sar);
        messages.put(message.id(), message);
        if (event.idempotencyKey != null) {
            idempotencyKeys.remember(event.account, event.idempotencyKey, event.idempotencyRecipient,
                    new IdempotencyKeys.Original(message.id(), segments, message.charge(),
                            isScheduled(event) ? event.sendAt : 0, fingerprint(event), event.timestamp));
        }
        if (event.replaceIfPresent == 1) {
            replaceScheduled(event, message);
        }
        if (isScheduled(event)) {
            schedule(message);
        } else if (upstream == Routes.UNAVAILABLE) {
            held.addLast(message);
            EngineCounters.increment(counters.held);
        } else {
            route(message, upstream, event.timestamp);
            event.dispatchMessage = true;
        }
        event.message = message;
        EngineCounters.increment(counters.accepted);
    }

    /**
     * Decides a keyed submission from its key alone when an accepted submission of the same account and recipient
     * index used it within the window: the same body is answered as before, another is refused. Returns false when
     * the key is not (or no longer) remembered, and the submission is then decided like any other.
     */
    private boolean answeredByKey(MessageEvent event) {
        idempotencyKeys.expire(event.timestamp);
        IdempotencyKeys.Original original = idempotencyKeys.find(event.account, event.idempotencyKey,
                event.idempotencyRecipient, event.timestamp);
        if (original == null) {
            return false;
        }
        if (original.fingerprint() != fingerprint(event)) {
            event.status = Status.IDEMPOTENCY_KEY_REUSED;
            EngineCounters.increment(counters.rejected);
            Wallet wallet = ledger.wallet(event.account);
            if (wallet != null) {
                ledger.rejected(wallet, event.status.code(), event.timestamp);
            }
            return true;
        }
        event.status = Status.OK;
        event.replayed = original;
        EngineCounters.increment(counters.idempotentReplays);
        return true;
    }

    private static long fingerprint(MessageEvent event) {
        return IdempotencyKeys.fingerprint(event.sourceAddress, event.destinationAddress, event.dataCoding,
                event.payload);
    }

    /** Gives {@code message} to upstream number {@code upstream}, recording what that upstream charges for it. */
    private void route(Message message, int upstream, long time) {
        long cost = routes.unitCost(upstream, message.destinationAddress()) * message.segments();
        message.routed(routes.name(upstream), cost);
        queued[upstream]++;
        movements.routed(time, message.account(), message.id(), message.upstream(), cost);
    }

    /** Bound (or never reported) and not saturated; notes a saturated one so the caller can refuse, not hold. */
    private boolean usable(int upstream) {
        if (boundSessions[upstream] == 0) {
            return false;
        }
        if (queued[upstream] >= maxQueuedPerUpstream) {
            sawSaturated = true;
            return false;
        }
        return true;
    }

    private static Status validate(MessageEvent event) {
        if (!Addresses.isE164(event.destinationAddress)) {
            return Status.INVALID_DESTINATION;
        }
        if (!Addresses.isSender(event.sourceAddress)) {
            return Status.INVALID_SOURCE;
        }
        if (event.payload == null || event.payload.length == 0 || event.payload.length > MAX_PAYLOAD) {
            return Status.INVALID_MESSAGE_LENGTH;
        }
        return Status.OK;
    }

    /**
     * A commercial message needs the recipient's standing OPT_IN for the brand it is sent for. For a brand in
     * integrator mode the standing consent is the newer of the external registry's answer (while it is fresh) and
     * what was recorded here (an opt-out by reply takes effect before the registry learns it). Returns
     * {@code null} when the registry has to be asked first.
     */
    private Status consentFor(Brand brand, MessageEvent event) {
        if (brand == null) {
            EngineCounters.increment(counters.consentRefusals);
            return Status.NO_CONSENT;
        }
        Consent local = consents.find(brand.name(), event.destinationAddress);
        if (brand.mode() != BrandConfig.Mode.INTEGRATOR) {
            return standing(local);
        }
        RegistryAnswers.Answer answer = registryAnswers.fresh(brand.name(), event.destinationAddress, event.timestamp);
        if (answer == null) {
            return null;
        }
        EngineCounters.increment(counters.consentCacheHits);
        return standing(Consent.newer(local, answer.consent()));
    }

    /**
     * Whether a commercial message that waited here (scheduled, or held for an upstream) may still go when
     * {@code releasing} releases it: not once its recipient's standing consent for its brand is anything but an
     * opt-in (an opt-out by reply, the API, an import or the registry after it was accepted). A consent this logic
     * does not know now (a registry's answer no longer fresh) leaves the decision taken at acceptance. Events taken
     * under older rules ({@link MessageEvent#releaseRules}) release as they did.
     */
    private boolean stillConsented(MessageEvent releasing, Message message) {
        if (releasing.releaseRules < 1 || message.type() != MessageType.COMMERCIAL) {
            return true;
        }
        Brand brand = brands.forSender(message.account(), message.sourceAddress());
        if (brand == null) {
            return true;
        }
        Consent standing = consents.find(brand.name(), message.destinationAddress());
        if (brand.mode() == BrandConfig.Mode.INTEGRATOR) {
            RegistryAnswers.Answer answer = registryAnswers.fresh(brand.name(), message.destinationAddress(),
                    releasing.timestamp);
            standing = Consent.newer(standing, answer == null ? null : answer.consent());
        }
        if (standing == null || standing.status() == ConsentStatus.OPT_IN) {
            return true;
        }
        EngineCounters.increment(counters.consentRefusals);
        return false;
    }

    private Status standing(Consent consent) {
        if (consent == null) {
            EngineCounters.increment(counters.consentRefusals);
            return Status.NO_CONSENT;
        }
        if (consent.status() != ConsentStatus.OPT_IN) {
            EngineCounters.increment(counters.consentRefusals);
            return Status.OPTED_OUT;
        }
        return Status.OK;
    }

    /**
     * Parks a submission until the registry answers about its recipient: it is not answered now. The first one
     * parked for a recipient asks the registry (through the dispatcher); the others wait for the same answer.
     */
    private void park(MessageEvent event, Brand brand) {
        event.deferred = true;
        if (lookups.park(brand.name(), event.detachedSubmission(), event.timestamp)) {
            event.lookupBrand = brand.name();
            EngineCounters.increment(counters.consentLookups);
        }
    }

    /**
     * The registry answered (or could not): an answer is cached for the brand, and every submission parked for
     * it is decided now, with this event's time as its acceptance time.
     */
    private void registryAnswer(MessageEvent event) {
        boolean answered = event.commandStatus == 0
                && (event.consentStatus == null || event.consentSource != null && event.recipientType != null);
        Consent remote = answered && event.consentStatus != null
                ? new Consent(event.consentStatus, event.consentDate, event.consentSource, event.recipientType) : null;
        Brand brand = brands.named(event.target);
        if (!answered) {
            EngineCounters.increment(counters.consentRegistryFailures);
        } else if (brand != null && brand.mode() == BrandConfig.Mode.INTEGRATOR && event.destinationAddress != null) {
            registryAnswers.put(brand.name(), event.destinationAddress, remote, event.timestamp);
        }
        if (event.target == null || event.destinationAddress == null) {
            return;
        }
        List<MessageEvent> waiting = lookups.answered(event.target, event.destinationAddress);
        for (int i = 0; i < waiting.size(); i++) {
            Status status = answered
                    ? standing(Consent.newer(consents.find(event.target, event.destinationAddress), remote))
                    : Status.CONSENT_REGISTRY_UNAVAILABLE;
            resume(event, waiting.get(i), status);
        }
    }

    /** No answer came in time: the submissions parked for it are refused (fail closed). */
    private void lookupExpired(MessageEvent parked) {
        EngineCounters.increment(counters.consentRegistryFailures);
        resume(tick, parked, Status.CONSENT_REGISTRY_UNAVAILABLE);
    }

    /** Decides a parked submission as of {@code releasing} and hands the decision to the responder and dispatcher. */
    private void resume(MessageEvent releasing, MessageEvent parked, Status consent) {
        parked.timestamp = releasing.timestamp;
        if (parked.idempotencyKey != null && answeredByKey(parked)) {
            releasing.decided.add(parked); // a twin parked with it was accepted first
            return;
        }
        Wallet wallet = ledger.wallet(parked.account);
        decide(parked, wallet, MessageType.COMMERCIAL, wallet == null ? Status.UNKNOWN_ACCOUNT : consent);
        releasing.decided.add(parked);
        releasing.receipts.addAll(parked.receipts); // of a message it replaced
        if (parked.dispatchMessage) {
            releasing.dispatches.add(parked.message);
        }
    }

    /** Numbers a consent change recorded here and hands it to the external registry (when there is one). */
    private void changed(MessageEvent event, Brand brand, String msisdn, Consent consent) {
        if (!pushChanges) {
            return;
        }
        ConsentChange change = new ConsentChange(++lastConsentChange, brand.name(),
                msisdn.startsWith("+") ? msisdn.substring(1) : msisdn, consent);
        unpushed.add(change);
        event.consentChange = change;
    }

    /** A consent record from the API, an import or a registry; only the brand's account (or the operator) may set it. */
    private Status recordConsent(MessageEvent event) {
        Brand brand = brands.named(event.target);
        if (brand == null) {
            return Status.INVALID_CONSENT;
        }
        if (event.account != null && !event.account.equals(brand.account())) {
            return Status.FORBIDDEN;
        }
        if (!Addresses.isE164(event.destinationAddress) || event.consentStatus == null || event.consentSource == null
                || event.recipientType == null || event.consentDate > event.timestamp) {
            return Status.INVALID_CONSENT;
        }
        Consent consent = new Consent(event.consentStatus, event.consentDate, event.consentSource, event.recipientType);
        if (consents.record(brand.name(), event.destinationAddress, consent)) {
            changed(event, brand, event.destinationAddress, consent);
        }
        // The standing record, which is not this one when a newer one was there already.
        event.answer.consent = consents.find(brand.name(), event.destinationAddress);
        return Status.OK;
    }

    /** An inbound message: an opt-out keyword sent to a brand's number withdraws the sender's consent at once. */
    private void inbound(MessageEvent event) {
        EngineCounters.increment(counters.inbound);
        Brand brand = brands.forNumber(event.destinationAddress);
        if (brand == null || event.payload == null || !Addresses.isE164(event.sourceAddress)) {
            return;
        }
        if (optOutKeywords.matches(inboundText(event))) {
            Consent optOut = new Consent(ConsentStatus.OPT_OUT, event.timestamp, ConsentSource.SMS,
                    event.moText >= 2 ? replyingRecipientType(brand, event) : RecipientType.INDIVIDUAL);
            if (consents.record(brand.name(), event.sourceAddress, optOut)) {
                changed(event, brand, event.sourceAddress, optOut);
            }
            EngineCounters.increment(counters.optOutReplies);
        }
    }

    /**
     * Who withdraws consent by a reply: the type of the consent that stands for the brand (here, or the registry's
     * fresh answer for an integrator-mode brand), so that the registry withdraws that consent (IYS keeps a
     * merchant's, TACIR, apart from a person's); a person when none is known.
     */
    private RecipientType replyingRecipientType(Brand brand, MessageEvent event) {
        Consent standing = consents.find(brand.name(), event.sourceAddress);
        if (standing == null && brand.mode() == BrandConfig.Mode.INTEGRATOR) {
            RegistryAnswers.Answer answer = registryAnswers.fresh(brand.name(), event.sourceAddress, event.timestamp);
            standing = answer == null ? null : answer.consent();
        }
        return standing == null ? RecipientType.INDIVIDUAL : standing.recipientType();
    }

    /** The text of an MO as its record says to read it ({@link MessageEvent#moText}); null: no first word. */
    private static String inboundText(MessageEvent event) {
        return ReplyText.read(event.payload, event.esmClass, event.dataCoding, event.moText);
    }

    /**
     * An upstream's answer for one part. The message stays counted against its upstream's queue until every part
     * is acknowledged. A permanent error on any part rejects the whole message (refunded, one receipt); answers
     * and receipts for its other parts then find nothing and are ignored (receipts count as unmatched).
     */
    private void upstreamAck(MessageEvent event) {
        Message message = messages.get(event.messageId);
        if (message == null || message.state() != MessageState.ACCEPTED || message.upstream() == null) {
            return; // a second answer for a message sent twice (re-dispatch after a restart): the first one counts
        }
        if (event.commandStatus == UpstreamEvents.RETURNED) {
            returned(event, message);
            return;
        }
        int upstream = routes.index(message.upstream());
        if (event.upstream != null && !event.upstream.equals(message.upstream())) {
            int answeredBy = routes.index(event.upstream);
            if (answeredBy >= 0) {
                upstream = movedTo(message, upstream, answeredBy);
            }
        }
        if (event.commandStatus != 0) {
            queued[upstream]--;
            EngineCounters.increment(counters.upstreamFailures);
            finish(event, message, MessageState.REJECTED, event.commandStatus, event.timestamp);
            return;
        }
        if (!message.partAcknowledged(event.part, event.upstreamMessageId)) {
            return;
        }
        // The receipt of another part under the same id may have come before this part's acknowledgement: it is this
        // part's too, and no other will come for the id, so the id is not indexed for one.
        MessageState receiptCame = event.receiptRules >= 1 && message.segments() > 1
                ? message.stateUnderId(event.upstreamMessageId, event.part) : null;
        if (receiptCame == null) {
            upstreamIds.put(message.upstream(), event.upstreamMessageId, message);
        }
        EngineCounters.increment(counters.upstreamAcks);
        if (message.state() == MessageState.DISPATCHED) {
            queued[upstream]--;
            deadlines.track(message, event.timestamp, ledger.wallet(message.account()).dlrTimeoutMillis());
        }
        if (receiptCame != null) {
            finishParts(event, message, event.upstreamMessageId, receiptCame, message.combinedError(),
                    message.combinedDoneAt());
            return;
        }
        EarlyReceipts.Held early = takeEarlyReceipt(message.upstream(), upstream, event.upstreamMessageId);
        if (early != null) {
            EngineCounters.increment(counters.receiptsEarly);
            upstreamIds.remove(message.upstream(), event.upstreamMessageId); // its receipt is here already
            // Not done before it was accepted, whatever the SMSC's clock says (as for a receipt that comes in turn).
            partReceipt(event, message, event.upstreamMessageId, early.state(), early.errorCode(),
                    Math.max(early.doneAt(), message.acceptedAt()));
        }
    }

    /**
     * The upstream gave the message back unsent ({@link UpstreamEvents#RETURNED}: it has had no bound session for a
     * while). It is routed again, as at acceptance but from the upstreams usable now: to another upstream of its
     * route, or held until one is usable; past its hold time (from acceptance) it fails REJECTED, refunded. A
     * message whose upstream acknowledged a part already cannot be sent whole elsewhere: it fails REJECTED, like a
     * message with a refused part. A give-back from an upstream the message is no longer routed to (given back
     * before, or held) changes nothing.
     */
    private void returned(MessageEvent event, Message message) {
        if (event.upstream == null || !event.upstream.equals(message.upstream())) {
            return;
        }
        queued[routes.index(message.upstream())]--;
        EngineCounters.increment(counters.givenBack);
        if (message.anyPartAcknowledged()) {
            EngineCounters.increment(counters.upstreamFailures);
            finish(event, message, MessageState.REJECTED, Status.SYSTEM_ERROR.smppStatus(), event.timestamp);
            return;
        }
        message.unrouted();
        if (message.acceptedAt() + holdTimeoutMillis <= event.timestamp) {
            EngineCounters.increment(counters.holdTimeouts);
            finish(event, message, MessageState.REJECTED, 0, event.timestamp);
            return;
        }
        int chosen = routes.route(message.destinationAddress(), message.account(), message.sourceAddress(),
                message.type(), gate);
        if (chosen >= 0) {
            route(message, chosen, event.timestamp);
            event.dispatches.add(message);
        } else if (chosen == Routes.UNAVAILABLE) {
            held.addLast(message);
            EngineCounters.increment(counters.held);
        } else {
            finish(event, message, MessageState.REJECTED, 0, event.timestamp); // no route any more: configuration
        }
    }

    /**
     * The message is with the upstream that answered for it, whatever this logic routed it to. Live the two are
     * the same; they differ when the journal is replayed under routes changed since (a new configuration), and
     * then the answer, a journaled input, says where the message went: its receipts come from there and are
     * matched there, and its cost is that upstream's. Returns {@code answeredBy}.
     */
    private int movedTo(Message message, int routedTo, int answeredBy) {
        queued[routedTo]--;
        queued[answeredBy]++;
        message.routed(routes.name(answeredBy),
                routes.unitCost(answeredBy, message.destinationAddress()) * message.segments());
        return answeredBy;
    }

    private EarlyReceipts.Held takeEarlyReceipt(String name, int upstream, String upstreamMessageId) {
        if (earlyReceipts.size() == 0) {
            return null;
        }
        EarlyReceipts.Held early = earlyReceipts.take(name, upstreamMessageId);
        for (int i = idForms.ofAcknowledgedId(upstreamMessageId, routes.receiptIdFormat(upstream)) - 1;
             early == null && i >= 0; i--) {
            early = earlyReceipts.take(name, idForms.form(i));
        }
        return early;
    }

    /**
     * A receipt for one part. Its id is looked up as written, then in its other numeric forms (hex/decimal) as
     * the upstream's {@code receipt-id-format} allows; a receipt still unmatched is held for its acknowledgement.
     */
    private void receipt(MessageEvent event) {
        MessageState finalState = MessageState.fromReceiptStat(event.receiptStat);
        if (finalState == null) {
            return; // intermediate states (ENROUTE, ACCEPTD) change nothing
        }
        String id = event.upstreamMessageId;
        Message message = upstreamIds.remove(event.upstream, id);
        int upstream = routes.index(event.upstream);
        if (message == null && upstream >= 0) {
            ReceiptIdFormat format = routes.receiptIdFormat(upstream);
            int forms = idForms.ofReceiptId(event.upstreamMessageId, format);
            for (int i = forms - 1; message == null && i >= 0; i--) {
                id = idForms.form(i);
                message = upstreamIds.remove(event.upstream, id);
            }
            if (message == null && event.receiptRules >= 1 && format != ReceiptIdFormat.AS_IS) {
                message = upstreamIds.removeAnyPadding(event.upstream, event.upstreamMessageId);
                for (int i = forms - 1; message == null && i >= 0; i--) {
                    message = upstreamIds.removeAnyPadding(event.upstream, idForms.form(i));
                }
                if (message != null) {
                    id = upstreamIds.matchedId();
                }
            }
        }
        long doneAt = event.doneAt > 0 ? event.doneAt : event.timestamp;
        if (event.receiptRules >= 1) {
            doneAt = ReceiptFields.doneTime(doneAt, event.timestamp);
        }
        if (message == null) {
            if (earlyReceiptHoldMillis == 0 || upstream < 0 || !earlyReceipts.hold(event.upstream,
                    event.upstreamMessageId, finalState, event.errorCode, doneAt, event.timestamp)) {
                EngineCounters.increment(counters.receiptsUnmatched);
            }
            return;
        }
        // Receipt texts give the done date to the minute: never report a message done before it was accepted.
        partReceipt(event, message, id, finalState, event.errorCode, Math.max(doneAt, message.acceptedAt()));
    }

    /**
     * A receipt for the part(s) acknowledged under {@code upstreamMessageId}; the caller has taken that id out of
     * the index already.
     */
    private void partReceipt(MessageEvent event, Message message, String upstreamMessageId, MessageState finalState,
                             int errorCode, long doneAt) {
        EngineCounters.increment(counters.receipts);
        finishParts(event, message, upstreamMessageId, finalState, errorCode, doneAt);
    }

    /** The parts acknowledged under {@code upstreamMessageId} reached {@code finalState}; the last ends the message. */
    private void finishParts(MessageEvent event, Message message, String upstreamMessageId, MessageState finalState,
                             int errorCode, long doneAt) {
        if (message.partsFinished(upstreamMessageId, finalState, errorCode, doneAt)) {
            deadlines.forget(message);
            finish(event, message, message.combinedState(), message.combinedError(), message.combinedDoneAt());
        }
    }

    /**
     * The clock ticked: receipts overdue past their account's DLR timeout close their message as UNKNOWN,
     * messages held past the hold timeout fail as REJECTED, and early receipts past their hold count unmatched.
     */
    private void timer(MessageEvent event) {
        tick = event;
        idempotencyKeys.expire(event.timestamp);
        deadlines.expire(event.timestamp, overdue);
        lookups.expire(event.timestamp - lookupExpiryMillis, lookupExpired);
        tick = null;
        if (event.releaseRules >= 2) {
            Iterator<Message> waiting = held.iterator(); // given-back messages wait behind newer ones
            while (waiting.hasNext()) {
                Message message = waiting.next();
                if (message.acceptedAt() + holdTimeoutMillis <= event.timestamp) {
                    waiting.remove();
                    EngineCounters.increment(counters.holdTimeouts);
                    finish(event, message, MessageState.REJECTED, 0, event.timestamp);
                }
            }
        } else {
            Message oldest;
            while ((oldest = held.peekFirst()) != null && oldest.acceptedAt() + holdTimeoutMillis <= event.timestamp) {
                held.pollFirst();
                EngineCounters.increment(counters.holdTimeouts);
                finish(event, oldest, MessageState.REJECTED, 0, event.timestamp);
            }
        }
        releaseScheduled(event);
        int expired = earlyReceipts.expire(event.timestamp, earlyReceiptHoldMillis);
        for (int i = 0; i < expired; i++) {
            EngineCounters.increment(counters.receiptsUnmatched);
        }
    }

    /** A receipt that never came: the message is closed as UNKNOWN (refunded unless the account says otherwise). */
    private void overdue(Message message) {
        EngineCounters.increment(counters.receiptTimeouts);
        finish(tick, message, MessageState.UNKNOWN, 0, tick.timestamp);
    }

    /** An upstream's availability changed: when it is up, held messages are routed again, oldest first. */
    private void upstreamState(MessageEvent event) {
        int upstream = routes.index(event.upstream);
        if (upstream < 0) {
            return;
        }
        boundSessions[upstream] = Math.max(0, event.boundSessions);
        if (event.boundSessions <= 0 || held.isEmpty()) {
            return;
        }
        Iterator<Message> waiting = held.iterator();
        while (waiting.hasNext()) {
            Message message = waiting.next();
            if (!stillConsented(event, message)) {
                waiting.remove();
                finish(event, message, MessageState.REJECTED, 0, event.timestamp);
                continue;
            }
            int chosen = routes.route(message.destinationAddress(), message.account(), message.sourceAddress(),
                    message.type(), gate);
            if (chosen >= 0) {
                waiting.remove();
                route(message, chosen, event.timestamp);
                event.dispatches.add(message);
            }
        }
    }

    // ---- Scheduled sending (HTTP send_at): rated and reserved at acceptance, routed when a TIMER reaches its time.

    private static boolean isScheduled(MessageEvent event) {
        return event.sendAt > event.timestamp;
    }

    /**
     * Routes every scheduled message whose send time this tick reached, earliest first, adding it to the event's
     * dispatches. One whose upstreams are all down or full waits for the next tick, like a held message, until
     * {@code routing.hold-timeout} after its send time (then REJECTED, refunded); one that has no route any more
     * (configuration changed) is REJECTED at once.
     */
    private void releaseScheduled(MessageEvent event) {
        Message due;
        while ((due = scheduled.peek()) != null && due.sendAt() <= event.timestamp) {
            scheduled.poll();
            if (!stillConsented(event, due)) {
                unindex(due);
                finish(event, due, MessageState.REJECTED, 0, event.timestamp);
                continue;
            }
            int chosen = routes.route(due.destinationAddress(), due.account(), due.sourceAddress(), due.type(), gate);
            if (chosen >= 0) {
                unindex(due);
                route(due, chosen, event.timestamp);
                event.dispatches.add(due);
            } else if (chosen == Routes.UNAVAILABLE && due.sendAt() + holdTimeoutMillis > event.timestamp) {
                notYetRoutable.addLast(due); // still waiting here: still replaceable
            } else {
                if (chosen == Routes.UNAVAILABLE) {
                    EngineCounters.increment(counters.holdTimeouts);
                }
                unindex(due);
                finish(event, due, MessageState.REJECTED, 0, event.timestamp);
            }
        }
        while ((due = notYetRoutable.pollFirst()) != null) {
            scheduled.add(due);
        }
    }

    /** Messages accepted and waiting for their send time (or, past it, for a usable upstream). */
    public int scheduled() {
        return scheduled.size();
    }

    private void schedule(Message message) {
        scheduled.add(message);
        index(message);
    }

    /** {@code message} waits here for its send time: a later submission with replace_if_present may replace it. */
    private void index(Message message) {
        scheduledByKey.computeIfAbsent(ReplaceKey.of(message), key -> new ArrayDeque<>(1)).addLast(message);
    }

    /** {@code message} no longer waits here (routed, refused or cancelled): it can no longer be replaced. */
    private void unindex(Message message) {
        ReplaceKey key = ReplaceKey.of(message);
        ArrayDeque<Message> same = scheduledByKey.get(key);
        if (same != null && same.remove(message) && same.isEmpty()) {
            scheduledByKey.remove(key);
        }
    }

    /**
     * A submission with replace_if_present replaces the newest message of its account that still waits here for
     * its send time with the same source, destination and type: that one ends DELETED, as if cancelled (refunded
     * if the account refunds DELETED, a receipt if one was asked for, on this event). A message already handed to
     * an upstream is the upstream's to replace: the flag goes there with the new one.
     */
    private void replaceScheduled(MessageEvent event, Message replacement) {
        ReplaceKey key = ReplaceKey.of(replacement);
        ArrayDeque<Message> same = scheduledByKey.get(key);
        if (same == null) {
            return;
        }
        Message replaced = same.pollLast();
        if (same.isEmpty()) {
            scheduledByKey.remove(key);
        }
        scheduled.remove(replaced);
        finish(event, replaced, MessageState.DELETED, 0, event.timestamp);
        EngineCounters.increment(counters.replaced);
    }

    /** What replace_if_present compares. */
    private record ReplaceKey(String account, String source, String destination, MessageType type) {
        static ReplaceKey of(Message message) {
            return new ReplaceKey(message.account(), message.sourceAddress(), message.destinationAddress(),
                    message.type());
        }
    }

    private void finish(MessageEvent event, Message message, MessageState finalState, int errorCode, long doneAt) {
        upstreamIds.removeParts(message);
        message.finish(finalState, errorCode, doneAt);
        ledger.close(message.id(), finalState, event.timestamp);
        Wallet wallet = ledger.wallet(message.account());
        finished.record(message, message.charge() != 0 && finalState.isFailure() && wallet.refunds(finalState));
        if (message.wantsReceipt(finalState)) {
            CustomerReceipt receipt = new CustomerReceipt(message, finalState, errorCode, doneAt);
            owedReceipts.put(message.id(), receipt);
            event.receipts.add(receipt);
        } else {
            messages.remove(message.id());
        }
    }

    /**
     * A customer cancels one of its messages: only one that still waits for its send time (scheduled, not yet
     * routed) can be, and it ends DELETED like any other final state: refunded if the account refunds DELETED (the
     * default), a receipt if one was asked for, its outcome remembered. A message of another account is answered
     * as unknown, so that ids of other accounts cannot be probed.
     */
    private Status cancel(MessageEvent event) {
        Message message = messages.get(event.messageId);
        if (message == null) {
            int slot = finished.find(event.messageId);
            return slot >= 0 && finished.account(slot).equals(event.account) ? Status.NOT_CANCELLABLE
                    : Status.UNKNOWN_MESSAGE;
        }
        if (!message.account().equals(event.account)) {
            return Status.UNKNOWN_MESSAGE;
        }
        if (!scheduled.remove(message)) {
            return Status.NOT_CANCELLABLE;
        }
        unindex(message);
        finish(event, message, MessageState.DELETED, 0, event.timestamp);
        EngineCounters.increment(counters.cancelled);
        return Status.OK;
    }

    private void receiptAcknowledged(MessageEvent event) {
        if (owedReceipts.remove(event.messageId) != null) {
            messages.remove(event.messageId);
            EngineCounters.increment(counters.receiptsAcknowledged);
        }
    }

    /**
     * Answers a QUERY: a recipient's consent for a brand ({@code target} names the brand), the account's balance
     * ({@code messageId} 0), or the outcome of one of its messages. A message of another account is answered as not
     * found, so that ids of other accounts cannot be probed; a brand of another account is forbidden.
     */
    private void query(MessageEvent event) {
        QueryAnswer answer = event.answer;
        event.status = Status.OK;
        if (event.target != null) {
            Brand brand = brands.named(event.target);
            if (brand == null) {
                event.status = Status.INVALID_CONSENT;
            } else if (event.account != null && !event.account.equals(brand.account())) {
                event.status = Status.FORBIDDEN;
            } else {
                answer.consent = consents.find(brand.name(), event.destinationAddress);
                answer.found = answer.consent != null;
            }
            return;
        }
        Wallet wallet = ledger.wallet(event.account);
        if (wallet == null) {
            event.status = Status.UNKNOWN_ACCOUNT;
            return;
        }
        if (event.messageId == 0) {
            answer.found = true;
            answer.balance = wallet.balance();
            answer.creditLimit = wallet.creditLimit();
            answer.parent = wallet.parent() == null ? null : wallet.parent().account();
            return;
        }
        Message message = messages.get(event.messageId);
        if (message != null) {
            if (message.account().equals(event.account)) {
                MessageState state = message.state();
                answer.found = true;
                answer.state = state;
                answer.segments = message.segments();
                answer.charge = message.charge();
                answer.refunded = message.charge() != 0 && state.isFailure() && wallet.refunds(state);
                answer.acceptedAt = message.acceptedAt();
                answer.doneAt = message.doneAt();
                answer.errorCode = message.errorCode();
                answer.reference = message.reference();
                answer.sendAt = message.sendAt();
                answer.scheduled = state == MessageState.ACCEPTED && message.sendAt() > message.acceptedAt()
                        && message.upstream() == null;
            }
            return;
        }
        int slot = finished.find(event.messageId);
        if (slot >= 0) {
            if (finished.account(slot).equals(event.account)) {
                answer.found = true;
                answer.state = finished.state(slot);
                answer.segments = finished.segments(slot);
                answer.charge = finished.charge(slot);
                answer.refunded = finished.refunded(slot);
                answer.acceptedAt = finished.acceptedAt(slot);
                answer.doneAt = finished.doneAt(slot);
                answer.errorCode = finished.errorCode(slot);
                answer.reference = finished.reference(slot);
                answer.sendAt = finished.sendAt(slot);
            }
            return;
        }
        // Issued, not in flight, not in the store: finished so long ago that a newer outcome took its slot.
        answer.forgotten = event.messageId > 0 && event.messageId <= lastMessageId;
    }

    // ---- Snapshots: call only while no thread applies events (before the ring starts, after it stopped, or on a
    // replica of the business logic that only the snapshot thread touches).

    private static final int SNAPSHOT_MARKER = 0x424C4831; // "BLH1"

    /**
     * Writes every piece of state this logic changes after construction (see {@code engine.snapshot}): counters
     * and scratch fields are not state, and what the configuration builds and nothing changes is not written.
     * Messages come first, as everything else refers to them by id; the account table comes last, so that a
     * snapshot that fails to read never touches the table the edges share before the rest has been read.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeInt(SNAPSHOT_MARKER);
        out.writeLong(lastMessageId);
        out.writeLong(lastConsentChange);
        writeInts(out, boundSessions);
        writeInts(out, queued);
        List<Message> live = new ArrayList<>(messages.size());
        messages.forEachValue(live::add);
        live.sort(Comparator.comparingLong(Message::id));
        out.writeCount(live.size());
        for (Message message : live) {
            message.writeSnapshot(out);
        }
        writeIds(out, held);
        List<Message> waiting = new ArrayList<>(scheduled);
        waiting.sort(scheduled.comparator());
        writeIds(out, waiting);
        List<CustomerReceipt> owed = owedReceipts();
        out.writeCount(owed.size());
        for (CustomerReceipt receipt : owed) {
            receipt.writeSnapshot(out);
        }
        upstreamIds.writeSnapshot(out);
        earlyReceipts.writeSnapshot(out);
        deadlines.writeSnapshot(out);
        finished.writeSnapshot(out);
        idempotencyKeys.writeSnapshot(out);
        routes.writeSnapshot(out);
        ledger.writeSnapshot(out);
        consents.writeSnapshot(out);
        registryAnswers.writeSnapshot(out);
        lookups.writeSnapshot(out);
        unpushed.writeSnapshot(out);
        out.writeInt(SNAPSHOT_MARKER);
        accounts.writeSnapshot(out);
    }

    /** Reads what {@link #writeSnapshot} wrote into this logic, which must be in its opening state. */
    public void readSnapshot(SnapshotInput in) throws IOException {
        in.expect(SNAPSHOT_MARKER, "business logic");
        lastMessageId = in.readLong();
        lastConsentChange = in.readLong();
        readInts(in, boundSessions, "bound sessions per upstream");
        readInts(in, queued, "queued messages per upstream");
        int live = in.readCount();
        for (int i = 0; i < live; i++) {
            Message message = Message.readSnapshot(in);
            messages.put(message.id(), message);
        }
        LongFunction<Message> byId = this::snapshotMessage;
        int heldCount = in.readCount();
        for (int i = 0; i < heldCount; i++) {
            held.addLast(byId.apply(in.readLong()));
        }
        int scheduledCount = in.readCount();
        List<Message> waiting = new ArrayList<>(scheduledCount);
        for (int i = 0; i < scheduledCount; i++) {
            Message message = byId.apply(in.readLong());
            scheduled.add(message);
            waiting.add(message);
        }
        // Rebuilt as the live logic built it: each key's messages in the order they were accepted (by id).
        waiting.sort(Comparator.comparingLong(Message::id));
        waiting.forEach(this::index);
        int owed = in.readCount();
        for (int i = 0; i < owed; i++) {
            CustomerReceipt receipt = CustomerReceipt.readSnapshot(in, byId);
            owedReceipts.put(receipt.messageId(), receipt);
        }
        upstreamIds.readSnapshot(in, byId);
        earlyReceipts.readSnapshot(in);
        deadlines.readSnapshot(in, byId);
        finished.readSnapshot(in);
        idempotencyKeys.readSnapshot(in);
        routes.readSnapshot(in);
        ledger.readSnapshot(in);
        consents.readSnapshot(in);
        registryAnswers.readSnapshot(in);
        lookups.readSnapshot(in);
        unpushed.readSnapshot(in);
        in.expect(SNAPSHOT_MARKER, "end of the business logic");
        accounts.readSnapshot(in); // reads its whole section before it changes the table
    }

    /** A message the snapshot refers to by id, which its list of live messages must hold. */
    private Message snapshotMessage(long id) {
        Message message = messages.get(id);
        if (message == null) {
            throw new IllegalStateException("the snapshot refers to message " + id + ", which it does not hold");
        }
        return message;
    }

    private static void writeInts(SnapshotOutput out, int[] values) throws IOException {
        out.writeCount(values.length);
        for (int value : values) {
            out.writeInt(value);
        }
    }

    private static void readInts(SnapshotInput in, int[] into, String what) throws IOException {
        int count = in.readCount();
        if (count != into.length) {
            throw new SnapshotFormatException(what + ": " + count + " values, the configuration has " + into.length);
        }
        for (int i = 0; i < count; i++) {
            into[i] = in.readInt();
        }
    }

    private static void writeIds(SnapshotOutput out, java.util.Collection<Message> inOrder) throws IOException {
        out.writeCount(inOrder.size());
        for (Message message : inOrder) {
            out.writeLong(message.id());
        }
    }

    // ---- Views for recovery, queries and tests: call only before the ring starts or after it stopped. ----

    /**
     * Messages routed but never (fully) acknowledged upstream, oldest first: they are dispatched again on start.
     * Held messages are not among them: they stay held until an upstream reports it is up.
     */
    public List<Message> awaitingDispatch() {
        List<Message> result = new ArrayList<>();
        messages.forEachValue(message -> {
            if (message.state() == MessageState.ACCEPTED && message.upstream() != null) {
                result.add(message);
            }
        });
        result.sort(Comparator.comparingLong(Message::id));
        return result;
    }

    /**
     * Per upstream, the ids it acknowledged for parts whose receipt has not come yet, oldest message first: an
     * upstream that polls for receipts asks for them again after a restart.
     */
    public Map<String, List<String>> awaitingReceipts() {
        List<Message> inFlight = new ArrayList<>(messages.size());
        messages.forEachValue(inFlight::add);
        inFlight.sort(Comparator.comparingLong(Message::id));
        Map<String, List<String>> byUpstream = new HashMap<>();
        for (Message message : inFlight) {
            if (message.upstream() == null || message.state().isFinal()) {
                continue;
            }
            for (int part = 0; part < message.segments(); part++) {
                String id = message.partUpstreamId(part);
                if (id != null && !message.partDone(part)) {
                    List<String> ids = byUpstream.computeIfAbsent(message.upstream(), name -> new ArrayList<>());
                    if (ids.isEmpty() || !ids.get(ids.size() - 1).equals(id)) {
                        ids.add(id); // an HTTP provider acknowledges every part under one id: ask once
                    }
                }
            }
        }
        return byUpstream;
    }

    /** Receipts owed to customers and not yet acknowledged, oldest first. */
    public List<CustomerReceipt> owedReceipts() {
        List<CustomerReceipt> result = new ArrayList<>(owedReceipts.size());
        owedReceipts.forEachValue(result::add);
        result.sort(Comparator.comparingLong(CustomerReceipt::messageId));
        return result;
    }

    public long lastMessageId() {
        return lastMessageId;
    }

    /**
     * What this state has decided, comparable across configurations: the last message id issued, and a digest of
     * what each account was charged and refunded and the balance it started from (accounts neither charged nor
     * refunded left out: their opening balance is behind no statement line yet) and of the upstream each message
     * in flight was taken by (one not yet taken by any is sent, after a restart, where the routes then say). Two
     * replays of the same journal that accepted, priced and routed alike give equal decisions; a configuration that
     * would decide the journal's past differently (another tariff, an account or upstream removed) gives others.
     * The digest sums one mixed hash per wallet and per message, so the maps' iteration order does not matter.
     */
    public SnapshotFiles.Decisions decisions() {
        long digest = 0;
        for (Wallet wallet : ledger.wallets()) {
            if (wallet.charged() != 0 || wallet.refunded() != 0) { // an account the past never used may come and go
                digest += mix(mix(mix(mix(wallet.account().hashCode()) ^ wallet.charged()) ^ wallet.refunded())
                        ^ wallet.openingBalance());
            }
        }
        long[] messagesDigest = {0};
        messages.forEach((id, message) -> messagesDigest[0] += mix(mix(id)
                ^ (message.state() == MessageState.ACCEPTED || message.upstream() == null ? 0
                        : message.upstream().hashCode())));
        return new SnapshotFiles.Decisions(lastMessageId, digest + messagesDigest[0]);
    }

    /** SplitMix64's finaliser: spreads every bit of {@code value} over the result. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Messages not yet finished with (in flight upstream, or with a receipt still owed). */
    public int inFlight() {
        return messages.size();
    }

    /** Looks a message up by id. */
    public Message message(long id) {
        return messages.get(id);
    }

    public Ledger ledger() {
        return ledger;
    }

    public ConsentRegistry consents() {
        return consents;
    }

    /** Recipients the external registry was asked about and has not answered for yet. */
    public List<RegistryAnswers.Key> openLookups() {
        return lookups.open();
    }

    /** Submissions waiting for the external registry's answer. */
    public int parkedForConsent() {
        return lookups.parked();
    }

    /** Consent changes the external registry has not taken yet, in change order. */
    public List<ConsentChange> unpushedChanges() {
        return unpushed.all();
    }

    /** Registry answers cached for integrator-mode brands. */
    public int cachedRegistryAnswers() {
        return registryAnswers.size();
    }

    /** Idempotency keys remembered (one per accepted recipient of a keyed request). */
    public int idempotencyKeys() {
        return idempotencyKeys.size();
    }

    /** Messages dispatched and waiting for their receipt. */
    public int awaitingReceipt() {
        return deadlines.size();
    }

    /** Messages accepted and waiting for a usable upstream. */
    public int held() {
        return held.size();
    }

    /** Messages routed to {@code upstream} and not yet acknowledged by it. */
    public int queued(String upstream) {
        return queued[routes.index(upstream)];
    }
}
