package io.ringway.engine.message;

import io.ringway.engine.snapshot.SnapshotFormatException;
import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;

/**
 * One accepted message. The content fields are final and set once by the business logic, so the dispatcher,
 * the connectors and the edges may read them from any thread once the message has passed the ring. The
 * lifecycle fields below them belong to the business-logic thread alone.
 *
 * <p>A message longer than one segment travels upstream as {@link #segments()} concatenated parts, each with its
 * own upstream id and receipt. It is DISPATCHED once every part is acknowledged, and final once every part has a
 * final receipt: DELIVERED only if every part was delivered, otherwise the worst failure among the parts.
 */
public final class Message {
    private final long id;
    private final String account;
    private final Channel channel;
    private final MessageType type;
    private final String sourceAddress;
    private final byte sourceTon;
    private final byte sourceNpi;
    private final String destinationAddress;
    private final byte destinationTon;
    private final byte destinationNpi;
    private final byte esmClass;
    private final byte dataCoding;
    private final byte registeredDelivery;
    private final byte[] payload;
    private final long acceptedAt;
    /** Set by the business logic before the message is handed to the dispatcher (null while it is held). */
    private String upstream;
    private long cost;
    /**
     * The callback URL and the submission's options; null for most messages (SMPP without a validity or a
     * schedule). Set at acceptance, before the message leaves the business logic, and never changed.
     */
    private Extras extras;

    // Lifecycle: business-logic thread only.
    private MessageState state = MessageState.ACCEPTED;
    private long doneAt;
    private int errorCode;
    private int segments = 1;
    /** The {@link Segments} rules {@link #segments} was counted under, which the connector splits the body by. */
    private byte segmentRules = Segments.RULES_CURRENT;
    private long charge;
    /**
     * Upstream id of the first (for most messages the only) part, null until acknowledged; null too when the id
     * is a number ({@link NumericForm}): then it is kept as {@link #firstPartForm} and {@link #firstPartValue},
     * which saves the string (about 50 bytes) for as long as the message waits for its receipt.
     */
    private String firstPartId;
    private long firstPartValue;
    /** The {@link NumericForm} of the first part's id, or -1 when it is a string (or not acknowledged yet). */
    private byte firstPartForm = -1;
    /** Final state of the first part, null until its receipt came. */
    private MessageState firstPartState;
    /**
     * The later parts' state of a message of more than one segment; else null, and the first part's outcome,
     * when it comes, is the message's (its error and time are kept in {@link #errorCode} and {@link #doneAt}).
     */
    private Parts parts;

    // Links of the receipt-deadline queue this message waits in (ReceiptDeadlines): business-logic thread only.
    ReceiptDeadlines.Queue deadlineQueue;
    Message deadlinePrevious;
    Message deadlineNext;
    long deadline;

    public Message(long id, String account, Channel channel, MessageType type,
                   String sourceAddress, byte sourceTon, byte sourceNpi,
                   String destinationAddress, byte destinationTon, byte destinationNpi,
                   byte esmClass, byte dataCoding, byte registeredDelivery, byte[] payload,
                   long acceptedAt, String upstream) {
        this(id, account, channel, type, sourceAddress, sourceTon, sourceNpi, destinationAddress, destinationTon,
                destinationNpi, esmClass, dataCoding, registeredDelivery, payload, acceptedAt, upstream, null);
    }

    public Message(long id, String account, Channel channel, MessageType type,
                   String sourceAddress, byte sourceTon, byte sourceNpi,
                   String destinationAddress, byte destinationTon, byte destinationNpi,
                   byte esmClass, byte dataCoding, byte registeredDelivery, byte[] payload,
                   long acceptedAt, String upstream, String callbackUrl) {
        this.id = id;
        this.account = account;
        this.channel = channel;
        this.type = type;
        this.sourceAddress = sourceAddress;
        this.sourceTon = sourceTon;
        this.sourceNpi = sourceNpi;
        this.destinationAddress = destinationAddress;
        this.destinationTon = destinationTon;
        this.destinationNpi = destinationNpi;
        this.esmClass = esmClass;
        this.dataCoding = dataCoding;
        this.registeredDelivery = registeredDelivery;
        this.payload = payload;
        this.acceptedAt = acceptedAt;
        this.upstream = upstream;
        this.extras = callbackUrl == null ? null
                : new Extras(callbackUrl, 0, null, 0, (byte) 0, (byte) 0, (byte) 0, Sar.NONE);
    }

    public long id() { return id; }
    public String account() { return account; }
    public Channel channel() { return channel; }
    public MessageType type() { return type; }
    public String sourceAddress() { return sourceAddress; }
    public byte sourceTon() { return sourceTon; }
    public byte sourceNpi() { return sourceNpi; }
    public String destinationAddress() { return destinationAddress; }
    public byte destinationTon() { return destinationTon; }
    public byte destinationNpi() { return destinationNpi; }
    public byte esmClass() { return esmClass; }
    public byte dataCoding() { return dataCoding; }
    public byte registeredDelivery() { return registeredDelivery; }
    /** The message body as submitted; never modified after acceptance. */
    public byte[] payload() { return payload; }
    /** Ingress time stamp (epoch milliseconds) of the submission. */
    public long acceptedAt() { return acceptedAt; }
    /** Name of the upstream the message was routed to; {@code null} while it waits for a usable upstream. */
    public String upstream() { return upstream; }
    /** What the upstream charges for the message (unit cost x segments), micro-units; 0 when unknown. */
    public long cost() { return cost; }
    /** Where an HTTP or Kannel submission wants its delivery report; {@code null} for SMPP. */
    public String callbackUrl() { return extras == null ? null : extras.callbackUrl; }

    /** How long the network may try to deliver (milliseconds); 0 for the upstream's default validity. */
    public long validityMillis() { return extras == null ? 0 : extras.validityMillis; }
    /** The customer's own reference (HTTP), or {@code null}. */
    public String reference() { return extras == null ? null : extras.reference; }
    /** When the message is to be sent (epoch milliseconds), or 0 for at once. */
    public long sendAt() { return extras == null ? 0 : extras.sendAt; }
    /** The submit_sm protocol_id, passed to the upstream as given; 0 by default. */
    public byte protocolId() { return extras == null ? 0 : extras.protocolId; }
    /** The submit_sm priority_flag, passed to the upstream; 0 by default. */
    public byte priorityFlag() { return extras == null ? 0 : extras.priorityFlag; }
    /** The submit_sm replace_if_present_flag, passed to the upstream; 0 by default. */
    public byte replaceIfPresent() { return extras == null ? 0 : extras.replaceIfPresent; }
    /** The customer's own sar_* concatenation TLVs ({@link Sar}), passed to the upstream; {@link Sar#NONE} by default. */
    public long sar() { return extras == null ? Sar.NONE : extras.sar; }

    /**
     * Business-logic thread only: records the submission's options, once at acceptance, before the message
     * leaves the logic (the ring barrier publishes them like {@link #rated}).
     */
    public void options(long validityMillis, String reference, long sendAt) {
        if (validityMillis != 0 || reference != null || sendAt != 0) {
            extras = new Extras(callbackUrl(), validityMillis, reference, sendAt, protocolId(), priorityFlag(),
                    replaceIfPresent(), sar());
        }
    }

    /**
     * Business-logic thread only: records the SMPP fields the upstream gets as the customer gave them, once at
     * acceptance, like {@link #options}. Messages with the defaults (all of HTTP's, most of SMPP's) keep no room
     * for them.
     */
    public void smppFields(byte protocolId, byte priorityFlag, byte replaceIfPresent, long sar) {
        if (protocolId != 0 || priorityFlag != 0 || replaceIfPresent != 0 || sar != Sar.NONE) {
            extras = new Extras(callbackUrl(), validityMillis(), reference(), sendAt(), protocolId, priorityFlag,
                    replaceIfPresent, sar);
        }
    }

    /** Business-logic thread only. */
    public MessageState state() { return state; }
    /** The upstream id of the first part. Business-logic thread only. */
    public String upstreamMessageId() { return partUpstreamId(0); }
    /** Business-logic thread only. */
    public long doneAt() { return doneAt; }
    /** Business-logic thread only. */
    public int errorCode() { return errorCode; }

    /** Network segments the message was rated for; set once at acceptance, before the message leaves the logic. */
    public int segments() { return segments; }
    /**
     * The {@link Segments} rules {@link #segments()} was counted under: the body is split into parts by the same
     * rules ({@link Segments#partEnd(byte[], byte, int, byte)}). Set once at acceptance, like {@link #segments()}.
     */
    public byte segmentRules() { return segmentRules; }
    /** What the submitting account was charged (micro-units); set once at acceptance, like {@link #segments()}. */
    public long charge() { return charge; }

    /** {@link #rated(int, long, byte)} for segments counted under the current rules. */
    public void rated(int segments, long charge) {
        rated(segments, charge, Segments.RULES_CURRENT);
    }

    /**
     * Business-logic thread only: records the rating decided at acceptance, the segments counted under
     * {@code segmentRules}, and sizes the per-part state.
     */
    public void rated(int segments, long charge, byte segmentRules) {
        this.segments = segments;
        this.segmentRules = segmentRules;
        this.charge = charge;
        if (segments > 1) {
            parts = new Parts(segments);
        }
    }

    /**
     * Business-logic thread only: the message goes out through {@code upstream}, which charges {@code cost} for it.
     * Called before the message is handed to the dispatcher, whose ring barrier publishes it.
     */
    public void routed(String upstream, long cost) {
        this.upstream = upstream;
        this.cost = cost;
    }

    /**
     * Business-logic thread only: the message's upstream gave it back unsent; it waits for another, like a message
     * accepted while none was usable.
     */
    public void unrouted() {
        this.upstream = null;
        this.cost = 0;
    }

    /** Business-logic thread only: whether the upstream acknowledged any of the message's parts. */
    public boolean anyPartAcknowledged() {
        return parts == null ? hasPartId(0) : parts.acknowledged > 0;
    }

    /** Business-logic thread only: a single-part message was acknowledged under {@code upstreamMessageId}. */
    public void dispatched(String upstreamMessageId) {
        partAcknowledged(0, upstreamMessageId);
    }

    /**
     * Business-logic thread only: the upstream acknowledged part {@code part} under {@code upstreamMessageId}.
     * Returns false for a part out of range or acknowledged before (a re-dispatch answered twice). The message is
     * DISPATCHED once every part is.
     */
    public boolean partAcknowledged(int part, String upstreamMessageId) {
        if (part < 0 || part >= segments || hasPartId(part)) {
            return false;
        }
        if (part == 0) {
            firstPartId(upstreamMessageId);
        } else {
            parts.laterIds[part - 1] = upstreamMessageId;
        }
        if (parts == null || ++parts.acknowledged == segments) {
            state = MessageState.DISPATCHED;
        }
        return true;
    }

    /**
     * The upstream id of part {@code part}, or {@code null} while unacknowledged. The dispatcher reads it only
     * for messages recovered from the journal (before the ring starts), to send again only the parts the upstream
     * never acknowledged; for live messages no part is acknowledged before they are sent.
     */
    public String partUpstreamId(int part) {
        if (part == 0) {
            return firstPartForm >= 0 ? NumericForm.text(firstPartValue, firstPartForm) : firstPartId;
        }
        return parts.laterIds[part - 1];
    }

    /**
     * The {@link NumericForm} of the first part's upstream id, or -1 when it is not a number or not acknowledged
     * (then {@link #partUpstreamId} gives it): lets the index of upstream ids find it without making its string.
     */
    public int firstPartForm() { return firstPartForm; }
    /** The first part's upstream id's value when {@link #firstPartForm()} is not -1. */
    public long firstPartValue() { return firstPartValue; }

    private boolean hasPartId(int part) {
        return part == 0 ? firstPartForm >= 0 || firstPartId != null : parts.laterIds[part - 1] != null;
    }

    /** Whether part {@code part} was acknowledged under {@code upstreamMessageId} (never for a null one). */
    private boolean partHasId(int part, String upstreamMessageId) {
        if (upstreamMessageId == null) {
            return false;
        }
        if (part == 0 && firstPartForm >= 0) {
            int form = NumericForm.of(upstreamMessageId);
            return form == firstPartForm && NumericForm.value(upstreamMessageId, form) == firstPartValue;
        }
        return upstreamMessageId.equals(part == 0 ? firstPartId : parts.laterIds[part - 1]);
    }

    private void firstPartId(String upstreamMessageId) {
        int form = NumericForm.of(upstreamMessageId);
        if (form >= 0) {
            firstPartForm = (byte) form;
            firstPartValue = NumericForm.value(upstreamMessageId, form);
            firstPartId = null;
        } else {
            firstPartForm = -1;
            firstPartId = upstreamMessageId;
        }
    }

    /**
     * Business-logic thread only: every part acknowledged under {@code upstreamMessageId} reached
     * {@code finalState}. An SMSC gives each part its own id; an HTTP provider, which splits a long message
     * itself, acknowledges every part under the one id of the whole, and its one receipt finishes them all.
     * Returns true when this completed the message, as {@link #partFinished} does.
     */
    public boolean partsFinished(String upstreamMessageId, MessageState finalState, int error, long partDoneAt) {
        boolean completed = false;
        for (int part = 0; part < segments; part++) {
            if (partHasId(part, upstreamMessageId)) {
                completed |= partFinished(part, finalState, error, partDoneAt);
            }
        }
        return completed;
    }

    /**
     * Business-logic thread only: part {@code part} reached {@code finalState}. Returns true when this completed
     * the message, whose combined outcome is then {@link #combinedState()}, {@link #combinedError()} and
     * {@link #combinedDoneAt()}. A second receipt for a finished part changes nothing.
     */
    public boolean partFinished(int part, MessageState finalState, int error, long partDoneAt) {
        if (part < 0 || part >= segments || partState(part) != null) {
            return false;
        }
        if (parts == null) {
            firstPartState = finalState;
            errorCode = error;
            doneAt = partDoneAt;
            return true;
        }
        if (part == 0) {
            firstPartState = finalState;
        } else {
            parts.laterStates[part - 1] = finalState;
        }
        if (parts.worstState == null || severity(finalState) > severity(parts.worstState)) {
            parts.worstState = finalState;
            parts.worstError = error;
        }
        parts.lastDoneAt = Math.max(parts.lastDoneAt, partDoneAt);
        return ++parts.finished == segments;
    }

    /**
     * Business-logic thread only: the final state another part than {@code part}, acknowledged under the same
     * {@code upstreamMessageId}, reached already, or null. An upstream that gives every part of a message one id
     * (HTTP providers) sends one receipt for them all, and it can come before the later parts' acknowledgements.
     */
    public MessageState stateUnderId(String upstreamMessageId, int part) {
        for (int other = 0; other < segments; other++) {
            if (other != part && partHasId(other, upstreamMessageId) && partState(other) != null) {
                return partState(other);
            }
        }
        return null;
    }

    /** Whether part {@code part} has its final state. Business-logic thread, or a stopped ring, only. */
    public boolean partDone(int part) {
        return partState(part) != null;
    }

    private MessageState partState(int part) {
        return part == 0 ? firstPartState : parts.laterStates[part - 1];
    }

    /**
     * DELIVERED when every part was; otherwise the worst failure among the parts; null while no part has its
     * final state.
     */
    public MessageState combinedState() { return parts == null ? firstPartState : parts.worstState; }
    /** The error that came with {@link #combinedState()}; 0 while no part has its final state. */
    public int combinedError() {
        return parts != null ? parts.worstError : firstPartState == null ? 0 : errorCode;
    }
    /** When the last part reached its state; 0 while none has. */
    public long combinedDoneAt() {
        return parts != null ? parts.lastDoneAt : firstPartState == null ? 0 : doneAt;
    }

    /**
     * How bad a part's outcome is for the whole: a definite network failure (UNDELIV, REJECTD) outranks an
     * expiry or deletion, which outranks not knowing (UNKNOWN); any failure outranks delivery.
     */
    private static int severity(MessageState state) {
        return switch (state) {
            case DELIVERED -> 0;
            case UNKNOWN -> 1;
            case DELETED, EXPIRED -> 2;
            case UNDELIVERABLE, REJECTED -> 3;
            default -> 0;
        };
    }

    /** Business-logic thread only: the message reached a final state. */
    public void finish(MessageState finalState, int errorCode, long doneAt) {
        this.state = finalState;
        this.errorCode = errorCode;
        this.doneAt = doneAt;
    }

    /** SMPP 3.4 §5.2.17: does the customer want a receipt for a message that ended in {@code finalState}? */
    public boolean wantsReceipt(MessageState finalState) {
        int smscReceipt = registeredDelivery & 0x03;
        return smscReceipt == 1 || (smscReceipt == 2 && finalState.isFailure());
    }

    /**
     * Writes the whole message, content and lifecycle, except its place in a receipt-deadline queue: that is
     * {@link ReceiptDeadlines}' state and it writes it by message id. No section marker: messages are written by
     * the million, inside the business logic's own section.
     */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeLong(id);
        out.writeName(account);
        out.writeEnum(channel);
        out.writeEnum(type);
        out.writeName(sourceAddress);
        out.writeByte(sourceTon);
        out.writeByte(sourceNpi);
        out.writeString(destinationAddress);
        out.writeByte(destinationTon);
        out.writeByte(destinationNpi);
        out.writeByte(esmClass);
        out.writeByte(dataCoding);
        out.writeByte(registeredDelivery);
        out.writeBytes(payload);
        out.writeLong(acceptedAt);
        out.writeName(callbackUrl());
        out.writeName(upstream);
        out.writeLong(cost);
        out.writeLong(validityMillis());
        out.writeString(reference());
        out.writeLong(sendAt());
        out.writeEnum(state);
        out.writeLong(doneAt);
        out.writeInt(errorCode);
        out.writeCount(segments);
        out.writeLong(charge);
        for (int part = 0; part < segments; part++) {
            out.writeString(partUpstreamId(part));
            out.writeEnum(partState(part));
        }
        // For a single part these counts follow from its id and state and are not read back.
        out.writeInt(parts != null ? parts.acknowledged : hasPartId(0) ? 1 : 0);
        out.writeInt(parts != null ? parts.finished : firstPartState == null ? 0 : 1);
        out.writeEnum(combinedState());
        out.writeInt(combinedError());
        out.writeLong(combinedDoneAt());
        out.writeByte(protocolId());
        out.writeByte(priorityFlag());
        out.writeByte(replaceIfPresent());
        out.writeLong(sar());
        out.writeByte(segmentRules);
    }

    /** The message {@link #writeSnapshot} wrote, waiting in no receipt-deadline queue. */
    public static Message readSnapshot(SnapshotInput in) throws IOException {
        Message message = new Message(in.readLong(), in.readName(), in.readEnum(Channel.class),
                in.readEnum(MessageType.class), in.readName(), in.readByte(), in.readByte(),
                in.readString(), in.readByte(), in.readByte(), in.readByte(), in.readByte(), in.readByte(),
                in.readBytes(), in.readLong(), null, in.readName());
        message.upstream = in.readName();
        message.cost = in.readLong();
        message.options(in.readLong(), in.readString(), in.readLong());
        message.state = in.readEnum(MessageState.class);
        message.doneAt = in.readLong();
        message.errorCode = in.readInt();
        int segments = in.readCount();
        if (segments < 1) {
            throw new SnapshotFormatException("message " + message.id + " has " + segments + " segments");
        }
        message.rated(segments, in.readLong());
        for (int part = 0; part < segments; part++) {
            String partId = in.readString();
            MessageState partState = in.readEnum(MessageState.class);
            if (part == 0) {
                message.firstPartId(partId);
                message.firstPartState = partState;
            } else {
                message.parts.laterIds[part - 1] = partId;
                message.parts.laterStates[part - 1] = partState;
            }
        }
        int acknowledged = in.readInt();
        int finished = in.readInt();
        MessageState worstState = in.readEnum(MessageState.class);
        int worstError = in.readInt();
        long lastDoneAt = in.readLong();
        if (message.parts != null) {
            message.parts.acknowledged = acknowledged;
            message.parts.finished = finished;
            message.parts.worstState = worstState;
            message.parts.worstError = worstError;
            message.parts.lastDoneAt = lastDoneAt;
        } else if (worstState != message.firstPartState
                || (worstState != null && (worstError != message.errorCode || lastDoneAt != message.doneAt))) {
            // A single part's outcome is the message's: the two must agree.
            throw new SnapshotFormatException("message " + message.id + " has outcome " + worstState
                    + " but its part " + message.firstPartState);
        }
        if (in.format() >= SnapshotInput.FORMAT_SMPP_FIELDS) {
            message.smppFields(in.readByte(), in.readByte(), in.readByte(), in.readLong());
        }
        // Snapshots before the rules were kept hold messages counted under the first ones.
        message.segmentRules = in.format() >= SnapshotInput.FORMAT_SEGMENT_RULES ? in.readByte() : Segments.RULES_FIRST;
        if (message.segmentRules != Segments.RULES_FIRST && message.segmentRules != Segments.RULES_CURRENT) {
            throw new SnapshotFormatException("message " + message.id + " has segment rules " + message.segmentRules);
        }
        return message;
    }

    /** The callback URL and options of the few messages that have any. Immutable. */
    private static final class Extras {
        final String callbackUrl;
        final long validityMillis;
        final String reference;
        final long sendAt;
        final byte protocolId;
        final byte priorityFlag;
        final byte replaceIfPresent;
        final long sar;

        Extras(String callbackUrl, long validityMillis, String reference, long sendAt, byte protocolId,
               byte priorityFlag, byte replaceIfPresent, long sar) {
            this.callbackUrl = callbackUrl;
            this.validityMillis = validityMillis;
            this.reference = reference;
            this.sendAt = sendAt;
            this.protocolId = protocolId;
            this.priorityFlag = priorityFlag;
            this.replaceIfPresent = replaceIfPresent;
            this.sar = sar;
        }
    }

    /** The per-part state of a message of more than one segment. Business-logic thread only. */
    private static final class Parts {
        /** Upstream ids of the parts after the first, null until acknowledged. */
        final String[] laterIds;
        /** Final states of the parts after the first, null until their receipts came. */
        final MessageState[] laterStates;
        int acknowledged;
        int finished;
        MessageState worstState;
        int worstError;
        long lastDoneAt;

        Parts(int segments) {
            laterIds = new String[segments - 1];
            laterStates = new MessageState[segments - 1];
        }
    }
}
