package io.ringway.engine.ring;

import io.ringway.engine.journal.EventCodec;
import io.ringway.engine.journal.RecordWriter;
import net.openhft.chronicle.bytes.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A journal kept in memory for business-logic tests: {@link #apply} encodes each event as the journal handler
 * would, keeps the record and applies the event; {@link #replay} decodes the records into another business logic,
 * as recovery does, so that a test can check that the journal decides alike.
 */
final class RecordedJournal {
    private final List<Bytes<?>> records = new ArrayList<>();

    /** Journals {@code event}, then applies it to {@code logic} as the ring would; returns it with its outputs. */
    MessageEvent apply(BusinessLogicHandler logic, MessageEvent event) {
        RecordWriter encoded = new RecordWriter();
        EventCodec.write(event, encoded);
        Bytes<?> record = Bytes.allocateElasticOnHeap(256);
        record.write(encoded.array(), 0, encoded.size());
        records.add(record);
        event.journaled = true;
        logic.onEvent(event, 0, true);
        return event;
    }

    /** A TIMER input at {@code time}: the clock tick the ring journals every second. */
    static MessageEvent tick(long time) {
        MessageEvent event = new MessageEvent();
        event.reset(EventKind.TIMER, 0, time);
        return event;
    }

    /** Applies every record so far to {@code logic}, in order, handing each decoded event to {@code after}. */
    void replay(BusinessLogicHandler logic, Consumer<MessageEvent> after) {
        for (Bytes<?> record : records) {
            MessageEvent event = new MessageEvent();
            if (!EventCodec.read(record.bytesForRead(), event)) {
                throw new AssertionError("a journaled record did not read back");
            }
            event.journaled = true;
            logic.apply(event);
            after.accept(event);
        }
    }
}
