package io.ringway.engine.message;

/**
 * One accepted message. The content fields are final and set once by the business logic, so the dispatcher,
 * the connectors and the edges may read them from any thread once the message has passed the ring. The
 * lifecycle fields below them belong to the business-logic thread alone.
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
    private final String upstream;
    private final String callbackUrl;

    // Lifecycle: business-logic thread only.
    private MessageState state = MessageState.ACCEPTED;
    private String upstreamMessageId;
    private long doneAt;
    private int errorCode;
    private int segments = 1;
    private long charge;

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
        this.callbackUrl = callbackUrl;
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
    /** Name of the upstream the message was routed to. */
    public String upstream() { return upstream; }
    /** Where an HTTP or Kannel submission wants its delivery report; {@code null} for SMPP. */
    public String callbackUrl() { return callbackUrl; }

    /** Business-logic thread only. */
    public MessageState state() { return state; }
    /** Business-logic thread only. */
    public String upstreamMessageId() { return upstreamMessageId; }
    /** Business-logic thread only. */
    public long doneAt() { return doneAt; }
    /** Business-logic thread only. */
    public int errorCode() { return errorCode; }

    /** Network segments the message was rated for; set once at acceptance, before the message leaves the logic. */
    public int segments() { return segments; }
    /** What the submitting account was charged (micro-units); set once at acceptance, like {@link #segments()}. */
    public long charge() { return charge; }

    /** Business-logic thread only: records the rating decided at acceptance. */
    public void rated(int segments, long charge) {
        this.segments = segments;
        this.charge = charge;
    }

    /** Business-logic thread only: the upstream acknowledged the message under {@code upstreamMessageId}. */
    public void dispatched(String upstreamMessageId) {
        this.upstreamMessageId = upstreamMessageId;
        this.state = MessageState.DISPATCHED;
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
}
