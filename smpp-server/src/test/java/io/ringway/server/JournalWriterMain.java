package io.ringway.server;

import io.ringway.engine.journal.Journal;
import io.ringway.engine.message.Channel;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child JVM of {@link JournalCrashSystemTest}: appends SUBMIT records to the journal in {@code args[0]} as fast as
 * it can, record {@code i} carrying {@code i} as its timestamp and a body of {@code 40 + i % 200} octets all equal to
 * {@code (byte) i}, starting after the records already there. Prints {@code appended N} after every thousandth
 * append has returned, so that the test knows how many were certainly written when it kills the process.
 */
public final class JournalWriterMain {
    private JournalWriterMain() {
    }

    public static void main(String[] args) {
        try (Journal journal = new Journal(Path.of(args[0]));
             Journal.JournalAppender appender = journal.appender()) {
            long next = journal.replay(new MessageEvent(), event -> { });
            MessageEvent event = new MessageEvent();
            for (long i = next; ; i++) {
                fill(event, i);
                appender.append(event);
                if ((i + 1) % 1_000 == 0) {
                    System.out.println("appended " + (i + 1));
                    System.out.flush();
                }
            }
        }
    }

    static void fill(MessageEvent event, long i) {
        event.clear();
        event.kind = EventKind.SUBMIT;
        event.timestamp = i;
        event.account = "crash";
        event.channel = Channel.SMPP;
        event.sourceAddress = "Ringway";
        event.destinationAddress = "905321234567";
        byte[] body = new byte[40 + (int) (i % 200)];
        Arrays.fill(body, (byte) i);
        event.payload = body;
    }
}
