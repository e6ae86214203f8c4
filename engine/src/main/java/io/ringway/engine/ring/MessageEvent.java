package io.ringway.engine.ring;

import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.consent.ConsentChange;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.consent.RecipientType;
import io.ringway.engine.consent.ReplyText;
import io.ringway.engine.customer.QueryResponder;
import io.ringway.engine.customer.SubmitResponder;
import io.ringway.engine.dlr.CustomerReceipt;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.IdempotencyKeys;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.Segments;
import io.ringway.engine.message.Status;
import io.ringway.engine.routing.ReportAcknowledgement;

import java.util.ArrayList;
import java.util.List;

/**
 * One pre-allocated slot of the ring. A producer claims it through {@link RingIngress}, fills the input fields
 * of its {@link EventKind}, and publishes it; the handlers then read it in order: journal, business logic,
 * and finally the responder and the dispatcher, which read the outputs the business logic wrote.
 *
 * <p>Fields are public because this is a mutable struct reused for every event: no getters, no copies, no
 * allocation. The ring's sequence barriers order every write before the reads of the next stage.
 */
public final class MessageEvent {
    // ---- Input, journaled. ----
    public EventKind kind;
    /** Ingress time stamp, epoch milliseconds: the business logic's only clock, so replay needs none. */
    public long timestamp;

    // SUBMIT
    public String account;
    public Channel channel;
    public String serviceType;
    public String sourceAddress;
    public byte sourceTon;
    public byte sourceNpi;
    public String destinationAddress;
    public byte destinationTon;
    public byte destinationNpi;
    public byte esmClass;
    /**
     * MO: how its text is read. 0, the MO records journaled before this existed: the payload whole, in the
     * alphabet its data_coding names only when that is 0, 1, 3 or 8. 1: past a user data header (esm_class UDHI)
     * and in the alphabet of any GSM 03.38 coding group ({@link io.ringway.engine.message.TextEncoding#alphabet}).
     * 2: also under the national language shift tables the header names, and a later part of a concatenated
     * reply has no first word ({@link ReplyText}). Kept per record so that a replay reads
     * each MO as it was read when it came.
     */
    public byte moText;
    /** How MOs that come now are read ({@link #moText}). */
    public static final byte MO_TEXT_CURRENT = ReplyText.RULES_CURRENT;
    /**
     * DLR: how the receipt is applied. 0, the records journaled before this existed: its id is looked up as
     * written and in the other radix's plain form, and its done time is the upstream's (never before acceptance).
     * 1: a numeric id is also found whatever the zero padding of either side (an SMSC that answers {@code 00AB03E9}
     * and reports {@code 11207657}), and a done time the upstream gives to the minute is the receipt's arrival when
     * that falls in the same minute. UPSTREAM_ACK: 1, a part acknowledged under an id whose receipt another part of
     * the message already got is finished by it (0: it waited for a receipt that had come). Kept per record so that
     * a replay applies each receipt as it was applied.
     */
    public byte receiptRules;
    /** The rules receipts that come now are applied under ({@link #receiptRules}). */
    public static final byte RECEIPT_RULES_CURRENT = 1;
    /**
     * TIMER, UPSTREAM_STATE: the rules the business logic applies to the messages they release. 0, the records
     * journaled before this existed: a message that waited (scheduled, or held for an upstream) goes as decided at
     * acceptance. 1: a commercial one goes only if its recipient has not opted out of its brand meanwhile. 2 (TIMER):
     * besides, every held message past its hold time fails, not only those before the first still in time (an
     * upstream's give-back, {@link io.ringway.engine.routing.UpstreamEvents#RETURNED}, holds older messages behind
     * newer ones). Kept per record so that a replay releases each as it was released.
     */
    public byte releaseRules;
    /** The rules inputs taken now are released under ({@link #releaseRules}). */
    public static final byte RELEASE_RULES_CURRENT = 2;
    public byte registeredDelivery;
    public byte dataCoding;
    /**
     * SUBMIT: the {@link io.ringway.engine.message.Segments} rules the body's segments are counted (charged and
     * split) under; every claim starts with the current ones, and a SUBMIT record journaled before they were kept
     * reads as the first ones. Kept per record so that a replay charges each message as it was charged.
     */
    public byte segmentRules;
    /** The message body; the producer hands over an array it no longer touches. */
    public byte[] payload;
    /** Where the delivery report goes for HTTP and Kannel submissions (a webhook or dlr-url); null for SMPP. */
    public String callbackUrl;
    // SUBMIT options of the HTTP API, journaled at the end of the SUBMIT record (absent in older records)
    /** How long the network may try to deliver, milliseconds; 0 leaves the upstream's default validity. */
    public long validityMillis;
    /** The customer's own reference for the message, returned in status answers and callbacks; or null. */
    public String reference;
    /** When to send, epoch milliseconds; 0, or a time not after {@link #timestamp}, means now. */
    public long sendAt;
    /**
     * The HTTP request's {@code Idempotency-Key}, or null: an accepted submission with the same account, key and
     * {@link #idempotencyRecipient} is answered again instead of being sent twice.
     */
    public String idempotencyKey;
    /** The recipient's index in the request's {@code to}: a key covers each recipient of its request apart. */
    public int idempotencyRecipient;
    // SUBMIT fields of SMPP carried to the upstream as given (journaled after the options; absent in older records)
    /** submit_sm protocol_id (SMPP 3.4 §5.2.13; GSM TP-PID: 0x40 a silent message, 0x41-0x47 replace types). */
    public byte protocolId;
    /** submit_sm priority_flag (§5.2.14), 0-3. */
    public byte priorityFlag;
    /** submit_sm replace_if_present_flag (§5.2.18), 0 or 1. */
    public byte replaceIfPresent;
    /** The submission's sar_* TLVs (§5.3.2.22-24) as {@link io.ringway.engine.message.Sar} packs them; 0 without. */
    public long sar;

    // UPSTREAM_ACK, RECEIPT_ACK, QUERY (0 asks for the account's balance)
    public long messageId;
    // UPSTREAM_ACK, DLR
    public String upstream;
    public String upstreamMessageId;
    // UPSTREAM_ACK
    public int commandStatus;
    /** Which part of a concatenated message the acknowledgement is for (0 for a single-part message). */
    public int part;
    // RECEIPT_RETURNED (with messageId)
    /** The offer of the receipt to a session that the session gave back ({@code CustomerReceipt.handOver}). */
    public int handOver;
    // UPSTREAM_STATE (with upstream)
    /** Sending sessions of the upstream that are bound now; 0 means the upstream is down. */
    public int boundSessions;
    // DLR
    public String receiptStat;
    public int errorCode;
    public long doneAt;

    // ADMIN (account = who asks; null for the operator)
    public AdminOperation adminOperation;
    /** The account or price list the command is about. */
    public String target;
    /** A top-up amount or a credit limit, micro-units. */
    public long amount;
    /** A price-list coefficient, millionths. */
    public long coefficient;
    /**
     * ADMIN: the rules the command is decided under. 0, the records journaled before this existed: a top-up is
     * refused only when the balance would overflow. 1: also when it would take the balance, with every open
     * reservation given back, past {@link io.ringway.config.AccountConfig#MAX_BALANCE} (a refund after a top-up to
     * the brink wrapped the balance around). Every claim starts with the current rules; kept per record so that a
     * replay decides each command as it was decided.
     */
    public byte adminRules;
    /** The rules administration commands taken now are decided under ({@link #adminRules}). */
    public static final byte ADMIN_RULES_CURRENT = 1;
    public String priceList;
    /** A password hash (new account), a tariff list (new price list) or a reference (top-up). */
    public String text;

    // CONSENT (destinationAddress = the recipient, target = the brand)
    public ConsentStatus consentStatus;
    /** When the recipient gave or withdrew the consent, epoch milliseconds. */
    public long consentDate;
    public ConsentSource consentSource;
    public RecipientType recipientType;

    // CONSENT_ANSWER (destinationAddress = the recipient, target = the brand; the consent fields above, or a null
    // consentStatus when the registry holds no consent; commandStatus 0 = answered, anything else = unavailable)
    // CONSENT_PUSHED (target = the brand, messageId = the last change number the registry took)

    // MO: upstream, sourceAddress (the phone), destinationAddress (our number), dataCoding, esmClass, payload

    // ---- Input, transient: where the answer goes. Not journaled. ----
    public SubmitResponder responder;
    /** Where the answer to an ADMIN or QUERY event goes. */
    public QueryResponder queryResponder;
    public int correlation;
    /** DLR, MO from an upstream: told by the output stage whether the report was journaled, to answer the SMSC. */
    public ReportAcknowledgement acknowledgement;

    // ---- Written by the journal handler. ----
    /** False when the journal could not write this event: the business logic then ignores it. */
    public boolean journaled;

    // ---- Outputs of the business logic, read by the responder and the dispatcher. ----
    public Status status;
    public Message message;
    /**
     * The business logic routed {@link #message} while deciding this SUBMIT: the dispatcher sends it. Decided here
     * and not read from the message, whose upstream the business logic may set meanwhile (a held message routed
     * by a later event, which sends it itself). A flag rather than an entry in {@link #dispatches}: the common
     * case then stores no further reference into the ring's long-lived event.
     */
    public boolean dispatchMessage;
    /**
     * A SUBMIT whose idempotency key an accepted submission already used for the same body: status OK, no
     * {@link #message}, and this is what the original was answered (nothing is charged or sent again).
     */
    public IdempotencyKeys.Original replayed;
    /** Receipts owed because of this event (one for a receipt, several for a timer tick). */
    public final List<CustomerReceipt> receipts = new ArrayList<>(4);
    /**
     * Messages to hand to their upstream because of this event, besides {@link #message}: held messages an
     * UPSTREAM_STATE made routable again, or scheduled messages whose time a TIMER reached.
     */
    public final List<Message> dispatches = new ArrayList<>(4);
    /** The answer to a QUERY. */
    public final QueryAnswer answer = new QueryAnswer();
    /**
     * A SUBMIT parked until the external consent registry answers: not answered now. Its decision comes later,
     * in {@link #decided} of the event that releases it.
     */
    public boolean deferred;
    /**
     * Parked submissions this event decided (a registry answer, or a tick that gave up on the registry): detached
     * copies carrying their responder, correlation, status and message, answered by the responder.
     */
    public final List<MessageEvent> decided = new ArrayList<>(0);
    /** Ask the external registry about {@link #destinationAddress}'s consent for this brand (dispatcher). */
    public String lookupBrand;
    /** A consent change the external registry must learn (dispatcher). */
    public ConsentChange consentChange;

    long sequence;

    /** Clears every field so that nothing of the previous event leaks into this one. */
    void reset(EventKind newKind, long newSequence, long now) {
        resetForClaim(newKind, newSequence, now);
        clearOutputLists();
        answer.clear();
    }

    /**
     * What a producer's claim clears: every field but the output lists and the query answer, which the output
     * stage empties once it has read them ({@link #clearOutputLists}). They are objects of their own; clearing
     * them here wrote four more cache lines, last written by the business logic and output threads, on the
     * producer's core for every event.
     */
    void resetForClaim(EventKind newKind, long newSequence, long now) {
        kind = newKind;
        sequence = newSequence;
        timestamp = now;
        account = null;
        channel = null;
        serviceType = null;
        sourceAddress = null;
        sourceTon = 0;
        sourceNpi = 0;
        destinationAddress = null;
        destinationTon = 0;
        destinationNpi = 0;
        esmClass = 0;
        moText = 0;
        releaseRules = 0;
        receiptRules = 0;
        registeredDelivery = 0;
        dataCoding = 0;
        segmentRules = Segments.RULES_CURRENT;
        payload = null;
        callbackUrl = null;
        validityMillis = 0;
        reference = null;
        sendAt = 0;
        idempotencyKey = null;
        idempotencyRecipient = 0;
        protocolId = 0;
        priorityFlag = 0;
        replaceIfPresent = 0;
        sar = 0;
        messageId = 0;
        upstream = null;
        upstreamMessageId = null;
        commandStatus = 0;
        part = 0;
        handOver = 0;
        boundSessions = 0;
        receiptStat = null;
        errorCode = 0;
        doneAt = 0;
        responder = null;
        queryResponder = null;
        correlation = 0;
        acknowledgement = null;
        journaled = false;
        status = null;
        message = null;
        dispatchMessage = false;
        replayed = null;
        deferred = false;
        lookupBrand = null;
        consentChange = null;
        adminOperation = null;
        target = null;
        amount = 0;
        coefficient = 0;
        adminRules = ADMIN_RULES_CURRENT;
        priceList = null;
        text = null;
        consentStatus = null;
        consentDate = 0;
        consentSource = null;
        recipientType = null;
    }

    /**
     * A copy of this submission's inputs and its responder that outlives the ring slot, for parking it. The copy's
     * outputs start empty.
     */
    MessageEvent detachedSubmission() {
        MessageEvent copy = new MessageEvent();
        copy.kind = kind;
        copy.sequence = sequence;
        copy.timestamp = timestamp;
        copy.account = account;
        copy.channel = channel;
        copy.serviceType = serviceType;
        copy.sourceAddress = sourceAddress;
        copy.sourceTon = sourceTon;
        copy.sourceNpi = sourceNpi;
        copy.destinationAddress = destinationAddress;
        copy.destinationTon = destinationTon;
        copy.destinationNpi = destinationNpi;
        copy.esmClass = esmClass;
        copy.registeredDelivery = registeredDelivery;
        copy.dataCoding = dataCoding;
        copy.segmentRules = segmentRules;
        copy.payload = payload;
        copy.callbackUrl = callbackUrl;
        copy.validityMillis = validityMillis;
        copy.reference = reference;
        copy.sendAt = sendAt;
        copy.idempotencyKey = idempotencyKey;
        copy.idempotencyRecipient = idempotencyRecipient;
        copy.protocolId = protocolId;
        copy.priorityFlag = priorityFlag;
        copy.replaceIfPresent = replaceIfPresent;
        copy.sar = sar;
        copy.responder = responder;
        copy.correlation = correlation;
        copy.journaled = journaled;
        return copy;
    }

    /** Clears every field, for a scratch event reused outside the ring (journal replay). */
    public void clear() {
        reset(null, sequence, 0);
    }

    /**
     * Empties the outputs kept in objects of their own; the output stage calls it once it has read them. The query
     * answer is written for QUERY and CONSENT events only, so only theirs needs clearing (fifteen fields).
     */
    void clearOutputLists() {
        if (!receipts.isEmpty()) {
            receipts.clear();
        }
        if (!dispatches.isEmpty()) {
            dispatches.clear();
        }
        if (!decided.isEmpty()) {
            decided.clear();
        }
        if (kind == EventKind.QUERY || kind == EventKind.CONSENT) {
            answer.clear();
        }
    }

    /** The slot's position in the ring; tests and the journal use it to tell events apart. */
    public long sequence() {
        return sequence;
    }

    @Override
    public String toString() {
        return "MessageEvent{kind=" + kind + ", seq=" + sequence + ", account=" + account
                + ", messageId=" + messageId + ", upstream=" + upstream + ", upstreamMessageId=" + upstreamMessageId
                + ", status=" + status + '}';
    }
}
