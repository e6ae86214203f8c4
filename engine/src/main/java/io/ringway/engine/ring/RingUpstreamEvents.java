package io.ringway.engine.ring;

import io.ringway.engine.routing.UpstreamEvents;

/** Turns what connectors report into ring events. Waits for a slot when the ring is full; never drops. */
final class RingUpstreamEvents implements UpstreamEvents {
    private final RingIngress ingress;

    RingUpstreamEvents(RingIngress ingress) {
        this.ingress = ingress;
    }

    @Override
    public void submitted(long messageId, int part, String upstream, String upstreamMessageId) {
        MessageEvent event = ingress.claim(EventKind.UPSTREAM_ACK);
        event.messageId = messageId;
        event.part = part;
        event.upstream = upstream;
        event.upstreamMessageId = upstreamMessageId;
        ingress.publish(event);
    }

    @Override
    public void submitFailed(long messageId, int part, String upstream, int commandStatus) {
        MessageEvent event = ingress.claim(EventKind.UPSTREAM_ACK);
        event.messageId = messageId;
        event.part = part;
        event.upstream = upstream;
        event.commandStatus = commandStatus == 0 ? 0x08 : commandStatus;
        ingress.publish(event);
    }

    @Override
    public void availability(String upstream, int boundSessions) {
        MessageEvent event = ingress.claim(EventKind.UPSTREAM_STATE);
        event.upstream = upstream;
        event.boundSessions = boundSessions;
        ingress.publish(event);
    }

    @Override
    public void receipt(String upstream, String upstreamMessageId, String stat, int errorCode, long doneAtMillis) {
        MessageEvent event = ingress.claim(EventKind.DLR);
        event.upstream = upstream;
        event.upstreamMessageId = upstreamMessageId;
        event.receiptStat = stat;
        event.errorCode = errorCode;
        event.doneAt = doneAtMillis;
        ingress.publish(event);
    }

    @Override
    public void inbound(String upstream, String source, String destination, byte dataCoding, byte esmClass,
                        byte[] payload) {
        MessageEvent event = ingress.claim(EventKind.MO);
        event.upstream = upstream;
        event.sourceAddress = source;
        event.destinationAddress = destination;
        event.dataCoding = dataCoding;
        event.esmClass = esmClass;
        event.payload = payload;
        ingress.publish(event);
    }
}
