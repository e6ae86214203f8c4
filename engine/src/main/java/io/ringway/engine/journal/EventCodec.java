package io.ringway.engine.journal;

import io.ringway.engine.account.AdminOperation;
import io.ringway.engine.consent.ConsentSource;
import io.ringway.engine.consent.ConsentStatus;
import io.ringway.engine.consent.RecipientType;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Segments;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The journal's record format: the input fields of a {@link MessageEvent}, in a compact binary layout
 * (version byte, kind code, ingress time, then the kind's fields). Outputs and transient fields are never
 * written; they are recomputed on replay. Changing the layout means a new version byte and a reader for the old,
 * except for optional fields appended at the end of a kind's record: a reader finds them absent in older records
 * (the SUBMIT {@code callbackUrl}, then its validity, reference and send time, then its idempotency key and
 * recipient index, are such).
 *
 * <p>Version 2 added the part index to UPSTREAM_ACK; version 1 records are read as part 0.
 *
 * <p>Records are encoded into a {@link RecordWriter} and copied into the journal in bulk, several to a document
 * ({@link #BATCH}); they are read through Chronicle Bytes.
 */
public final class EventCodec {
    static final byte VERSION = 2;
    private static final byte VERSION_1 = 1;
    /**
     * First octet of a journal document that holds a batch of records, each as its length (stop bit) and its
     * octets. Documents written before batches hold one record and start with its version octet (1 or 2).
     */
    static final byte BATCH = 3;

    private EventCodec() {
    }

    /** Encodes {@code event}'s inputs as one record into {@code out}, replacing what it held. */
    public static void write(MessageEvent event, RecordWriter out) {
        out.reset();
        out.writeByte(VERSION);
        out.writeByte(event.kind.code());
        out.writeLong(event.timestamp);
        switch (event.kind) {
            case SUBMIT -> {
                out.utf8(event.account);
                out.writeByte((byte) (event.channel == null ? 0 : event.channel.ordinal()));
                out.utf8(event.serviceType);
                out.utf8(event.sourceAddress);
                out.writeByte(event.sourceTon);
                out.writeByte(event.sourceNpi);
                out.utf8(event.destinationAddress);
                out.writeByte(event.destinationTon);
                out.writeByte(event.destinationNpi);
                out.writeByte(event.esmClass);
                out.writeByte(event.registeredDelivery);
                out.writeByte(event.dataCoding);
                writeBytes(event.payload, out);
                out.utf8(event.callbackUrl);
                writeSubmitOptions(event, out);
            }
            case UPSTREAM_ACK -> {
                out.writeLong(event.messageId);
                out.utf8(event.upstream);
                out.utf8(event.upstreamMessageId);
                out.writeInt(event.commandStatus);
                out.writeInt(event.part);
                out.writeByte(event.receiptRules);
            }
            case DLR -> {
                out.utf8(event.upstream);
                out.utf8(event.upstreamMessageId);
                out.utf8(event.receiptStat);
                out.writeInt(event.errorCode);
                out.writeLong(event.doneAt);
                out.writeByte(event.receiptRules);
            }
            case RECEIPT_ACK -> out.writeLong(event.messageId);
            case ADMIN -> {
                out.writeByte((byte) event.adminOperation.ordinal());
                out.utf8(event.account);
                out.utf8(event.target);
                out.writeLong(event.amount);
                out.writeLong(event.coefficient);
                out.utf8(event.priceList);
                out.utf8(event.text);
                out.writeByte(event.adminRules);
            }
            case TIMER -> out.writeByte(event.releaseRules);
            case UPSTREAM_STATE -> {
                out.utf8(event.upstream);
                out.writeInt(event.boundSessions);
                out.writeByte(event.releaseRules);
            }
            case CONSENT -> {
                out.utf8(event.destinationAddress);
                out.utf8(event.target);
                out.writeByte((byte) event.consentStatus.ordinal());
                out.writeLong(event.consentDate);
                out.writeByte((byte) event.consentSource.ordinal());
                out.writeByte((byte) event.recipientType.ordinal());
            }
            case CONSENT_ANSWER -> {
                out.utf8(event.destinationAddress);
                out.utf8(event.target);
                out.writeInt(event.commandStatus);
                out.writeBoolean(event.consentStatus != null);
                if (event.consentStatus != null) {
                    out.writeByte((byte) event.consentStatus.ordinal());
                    out.writeLong(event.consentDate);
                    out.writeByte((byte) event.consentSource.ordinal());
                    out.writeByte((byte) event.recipientType.ordinal());
                }
            }
            case CONSENT_PUSHED -> {
                out.utf8(event.target);
                out.writeLong(event.messageId);
            }
            case CANCEL -> {
                out.utf8(event.account);
                out.writeLong(event.messageId);
            }
            case MO -> {
                out.utf8(event.upstream);
                out.utf8(event.sourceAddress);
                out.utf8(event.destinationAddress);
                out.writeByte(event.esmClass);
                out.writeByte(event.dataCoding);
                writeBytes(event.payload, out);
                out.writeByte(event.moText);
            }
            default -> throw new IllegalArgumentException("not a journaled kind: " + event.kind);
        }
    }

    /**
     * Reads one record into {@code event} (whose fields the caller has cleared). Returns false for a record this
     * version cannot read, which the caller reports and skips.
     */
    public static boolean read(Bytes<?> in, MessageEvent event) {
        byte version = in.readByte();
        if (version != VERSION && version != VERSION_1) {
            return false;
        }
        EventKind kind = EventKind.ofCode(in.readByte());
        if (kind == null || !kind.journaled()) {
            return false;
        }
        event.kind = kind;
        event.timestamp = in.readLong();
        switch (kind) {
            case SUBMIT -> {
                event.account = in.readUtf8();
                event.channel = Channel.ofOrdinal(in.readByte());
                event.serviceType = in.readUtf8();
                event.sourceAddress = in.readUtf8();
                event.sourceTon = in.readByte();
                event.sourceNpi = in.readByte();
                event.destinationAddress = in.readUtf8();
                event.destinationTon = in.readByte();
                event.destinationNpi = in.readByte();
                event.esmClass = in.readByte();
                event.registeredDelivery = in.readByte();
                event.dataCoding = in.readByte();
                event.payload = readBytes(in);
                event.callbackUrl = in.readRemaining() > 0 ? in.readUtf8() : null;
                readSubmitOptions(in, event);
            }
            case UPSTREAM_ACK -> {
                event.messageId = in.readLong();
                event.upstream = in.readUtf8();
                event.upstreamMessageId = in.readUtf8();
                event.commandStatus = in.readInt();
                event.part = version == VERSION_1 ? 0 : in.readInt();
                event.receiptRules = in.readRemaining() > 0 ? in.readByte() : 0; // absent before it existed
            }
            case DLR -> {
                event.upstream = in.readUtf8();
                event.upstreamMessageId = in.readUtf8();
                event.receiptStat = in.readUtf8();
                event.errorCode = in.readInt();
                event.doneAt = in.readLong();
                event.receiptRules = in.readRemaining() > 0 ? in.readByte() : 0; // absent before it existed
            }
            case RECEIPT_ACK -> event.messageId = in.readLong();
            case ADMIN -> {
                event.adminOperation = AdminOperation.ofOrdinal(in.readByte());
                event.account = in.readUtf8();
                event.target = in.readUtf8();
                event.amount = in.readLong();
                event.coefficient = in.readLong();
                event.priceList = in.readUtf8();
                event.text = in.readUtf8();
                event.adminRules = in.readRemaining() > 0 ? in.readByte() : 0; // absent before it existed
            }
            case TIMER -> event.releaseRules = in.readRemaining() > 0 ? in.readByte() : 0; // absent before it existed
            case UPSTREAM_STATE -> {
                event.upstream = in.readUtf8();
                event.boundSessions = in.readInt();
                event.releaseRules = in.readRemaining() > 0 ? in.readByte() : 0;
            }
            case CONSENT -> {
                event.destinationAddress = in.readUtf8();
                event.target = in.readUtf8();
                event.consentStatus = ConsentStatus.values()[in.readByte()];
                event.consentDate = in.readLong();
                event.consentSource = ConsentSource.values()[in.readByte()];
                event.recipientType = RecipientType.values()[in.readByte()];
            }
            case CONSENT_ANSWER -> {
                event.destinationAddress = in.readUtf8();
                event.target = in.readUtf8();
                event.commandStatus = in.readInt();
                if (in.readBoolean()) {
                    event.consentStatus = ConsentStatus.values()[in.readByte()];
                    event.consentDate = in.readLong();
                    event.consentSource = ConsentSource.values()[in.readByte()];
                    event.recipientType = RecipientType.values()[in.readByte()];
                }
            }
            case CONSENT_PUSHED -> {
                event.target = in.readUtf8();
                event.messageId = in.readLong();
            }
            case CANCEL -> {
                event.account = in.readUtf8();
                event.messageId = in.readLong();
            }
            case MO -> {
                event.upstream = in.readUtf8();
                event.sourceAddress = in.readUtf8();
                event.destinationAddress = in.readUtf8();
                event.esmClass = in.readByte();
                event.dataCoding = in.readByte();
                event.payload = readBytes(in);
                event.moText = in.readRemaining() > 0 ? in.readByte() : 0; // absent before it existed
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The HTTP API's SUBMIT options, appended after {@code callbackUrl}: validity, reference, send time, then the
     * idempotency key and the recipient's index in its request. The key is journaled because the business logic
     * decides duplicates from it: a replay must find the same keys to decide alike.
     */
    private static void writeSubmitOptions(MessageEvent event, RecordWriter out) {
        out.stopBit(event.validityMillis);
        out.utf8(event.reference);
        out.stopBit(event.sendAt);
        out.utf8(event.idempotencyKey);
        out.stopBit(event.idempotencyRecipient);
        out.writeByte(event.protocolId);
        out.writeByte(event.priorityFlag);
        out.writeByte(event.replaceIfPresent);
        out.stopBit(event.sar);
        out.writeByte(event.segmentRules);
    }

    /**
     * Reads what {@link #writeSubmitOptions} wrote. A SUBMIT record written before the options existed has none;
     * one written before idempotency keys existed ends after the send time, and is read as having no key; one
     * written before the SMPP fields (protocol_id, priority_flag, replace_if_present, sar_*) ends after the key,
     * and is read as having their defaults; one written before the segment rules ends after them, and is read as
     * counted under {@link Segments#RULES_FIRST}.
     */
    private static void readSubmitOptions(Bytes<?> in, MessageEvent event) {
        event.segmentRules = Segments.RULES_FIRST; // unless the record says otherwise (below)
        if (in.readRemaining() <= 0) {
            return;
        }
        event.validityMillis = in.readStopBit();
        event.reference = in.readUtf8();
        event.sendAt = in.readStopBit();
        if (in.readRemaining() <= 0) {
            return;
        }
        event.idempotencyKey = in.readUtf8();
        event.idempotencyRecipient = (int) in.readStopBit();
        if (in.readRemaining() <= 0) {
            return;
        }
        event.protocolId = in.readByte();
        event.priorityFlag = in.readByte();
        event.replaceIfPresent = in.readByte();
        event.sar = in.readStopBit();
        if (in.readRemaining() > 0) {
            event.segmentRules = in.readByte();
        }
    }

    private static void writeBytes(byte[] bytes, RecordWriter out) {
        if (bytes == null) {
            out.stopBit(-1);
            return;
        }
        out.stopBit(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(Bytes<?> in) {
        long length = in.readStopBit();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[(int) length];
        in.read(bytes);
        return bytes;
    }
}
