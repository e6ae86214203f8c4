package io.ringway.engine.ring;

import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.account.Accounts;
import io.ringway.engine.billing.MovementListener;
import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What recovery tells each upstream about receipts still owed for ids it acknowledged before a restart. */
class AwaitingReceiptsTest {
    private final RingwayConfig config = ConfigLoader.parse("awaiting.yaml", """
            upstreams:
              - {name: sms, host: h, system-id: x}
              - name: web
                type: http
                http: {url: "http://provider.test/send", status-url: "http://provider.test/status/{id}"}
            routes:
              - {prefix: "90", upstreams: [{name: web}]}
              - {prefix: "", upstreams: [{name: sms}]}
            accounts:
              - {system-id: shop, password-hash: "pbkdf2-sha256$1000$c2FsdA$aGFzaA"}
            """);
    private final BusinessLogicHandler logic = BusinessLogicHandler.fromConfig(config, new Accounts(),
            new EngineCounters(), MovementListener.NONE);
    private long clock = 1_800_000_000_000L;

    @Test
    void shouldListPerUpstreamTheAcknowledgedIdsWhoseReceiptHasNotCome() {
        long delivered = submit("905321111111", "short");
        long waiting = submit("905322222222", "short");
        long longOne = submit("905323333333", "x".repeat(200));
        long viaSmsc = submit("447700900000", "short");
        submit("905324444444", "short"); // not acknowledged yet: dispatched again on start, not awaited
        ack(delivered, 0, "web", "p-1");
        ack(waiting, 0, "web", "p-2");
        ack(longOne, 0, "web", "p-3");
        ack(longOne, 1, "web", "p-3");
        ack(viaSmsc, 0, "sms", "s-1");
        receipt("web", "p-1");

        Map<String, List<String>> awaiting = logic.awaitingReceipts();
        assertThat(awaiting.get("web")).as("p-3 once for both parts of the long message; p-1 has its receipt")
                .containsExactly("p-2", "p-3");
        assertThat(awaiting.get("sms")).containsExactly("s-1");
        assertThat(awaiting).containsOnlyKeys("web", "sms");
    }

    private long submit(String destination, String text) {
        MessageEvent event = event(EventKind.SUBMIT);
        event.account = "shop";
        event.channel = Channel.SMPP;
        event.sourceAddress = "SHOP";
        event.destinationAddress = destination;
        event.registeredDelivery = 1;
        event.payload = text.getBytes(StandardCharsets.ISO_8859_1);
        logic.apply(event);
        assertThat(event.status).isEqualTo(Status.OK);
        return event.message.id();
    }

    private void ack(long messageId, int part, String upstream, String upstreamId) {
        MessageEvent event = event(EventKind.UPSTREAM_ACK);
        event.messageId = messageId;
        event.part = part;
        event.upstream = upstream;
        event.upstreamMessageId = upstreamId;
        logic.apply(event);
    }

    private void receipt(String upstream, String upstreamId) {
        MessageEvent event = event(EventKind.DLR);
        event.upstream = upstream;
        event.upstreamMessageId = upstreamId;
        event.receiptStat = "DELIVRD";
        logic.apply(event);
    }

    private MessageEvent event(EventKind kind) {
        MessageEvent event = new MessageEvent();
        event.kind = kind;
        event.timestamp = clock++;
        return event;
    }
}
