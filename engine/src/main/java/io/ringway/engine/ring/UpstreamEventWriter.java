package io.ringway.engine.ring;

import io.ringway.engine.routing.ReportAcknowledgement;
import io.ringway.engine.routing.UpstreamEvents;

/**
 * What each upstream report writes into its ring event. Where the event comes from and when it is published is
 * the subclass's: one claimed and published per report, or a range claimed at once and published together.
 */
abstract class UpstreamEventWriter implements UpstreamEvents {
    abstract MessageEvent next(EventKind kind);

    abstract void filled(MessageEvent event);

    @Override
    public void submitted(long messageId, int part, String upstream, String upstreamMessageId) {
        MessageEvent event = next(EventKind.UPSTREAM_ACK);
        event.messageId = messageId;
        event.part = part;
        event.upstream = upstream;
        event.upstreamMessageId = upstreamMessageId;
        event.receiptRules = MessageEvent.RECEIPT_RULES_CURRENT;
        filled(event);
    }

    @Override
    public void submitFailed(long messageId, int part, String upstream, int commandStatus) {
        MessageEvent event = next(EventKind.UPSTREAM_ACK);
        event.messageId = messageId;
        event.part = part;
        event.upstream = upstream;
        event.commandStatus = commandStatus == 0 ? 0x08 : commandStatus;
        filled(event);
    }

    @Override
    public void availability(String upstream, int boundSessions) {
        MessageEvent event = next(EventKind.UPSTREAM_STATE);
        event.upstream = upstream;
        event.boundSessions = boundSessions;
        event.releaseRules = MessageEvent.RELEASE_RULES_CURRENT;
        filled(event);
    }

    @Override
    public void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis) {
        receipt(upstream, upstreamMessageId, stat, errorCode, doneAtMillis, null);
    }

    @Override
    public void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis,
                        ReportAcknowledgement acknowledgement) {
        MessageEvent event = next(EventKind.DLR);
        event.acknowledgement = acknowledgement;
        event.upstream = upstream;
        event.upstreamMessageId = upstreamMessageId;
        event.receiptStat = stat;
        event.errorCode = errorCode;
        event.doneAt = doneAtMillis;
        event.receiptRules = MessageEvent.RECEIPT_RULES_CURRENT;
        filled(event);
    }

    @Override
    public void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass,
                        byte[] payload) {
        inbound(upstream, source, destination, dataCoding, esmClass, payload, null);
    }

    @Override
    public void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass,
                        byte[] payload, ReportAcknowledgement acknowledgement) {
        MessageEvent event = next(EventKind.MO);
        event.acknowledgement = acknowledgement;
        event.upstream = upstream;
        event.sourceAddress = source;
        event.destinationAddress = destination;
        event.dataCoding = dataCoding;
        event.esmClass = esmClass;
        event.payload = payload;
        event.moText = MessageEvent.MO_TEXT_CURRENT;
        filled(event);
    }
}
