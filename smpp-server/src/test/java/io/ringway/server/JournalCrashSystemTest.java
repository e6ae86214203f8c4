package io.ringway.server;

import io.ringway.engine.journal.Journal;
import io.ringway.engine.ring.EventKind;
import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL in the middle of journal writes (Chronicle Queue's CheckHalfWrittenMsgNotSeenByTailerTest, on our
 * records): a second JVM appends in a tight loop and is killed at an arbitrary point, twice. Replaying must show
 * every record whose append had returned, each whole and in order, none twice, and no half-written one; a writer
 * started after the kill must carry on where the readable journal ends.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JournalCrashSystemTest {
    @TempDir
    Path data;

    @Test
    void shouldReplayEveryReturnedAppendWholeAndInOrderAfterSigkillDuringWrites() throws Exception {
        long confirmedFirst = writeThenKill(20_000);
        long replayedFirst = assertContiguousWholeRecords(confirmedFirst);

        long confirmedSecond = writeThenKill(replayedFirst + 20_000);
        long replayedSecond = assertContiguousWholeRecords(confirmedSecond);

        assertThat(replayedSecond).isGreaterThan(replayedFirst);
    }

    /** Starts a writer, kills it with SIGKILL once it reports {@code atLeast} appends; returns the last report. */
    private long writeThenKill(long atLeast) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle")) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
                JournalWriterMain.class.getName(), data.toString()));
        Process writer = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long confirmed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while (confirmed < atLeast && (line = out.readLine()) != null) {
                if (line.startsWith("appended ")) {
                    confirmed = Long.parseLong(line.substring("appended ".length()));
                }
            }
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(confirmed).as("the writer reported its progress before it was killed").isGreaterThanOrEqualTo(atLeast);
        return confirmed;
    }

    /** Replays the journal, checking record {@code i} is exactly what the writer wrote; returns the count. */
    private long assertContiguousWholeRecords(long confirmed) {
        MessageEvent expected = new MessageEvent();
        long[] next = {0};
        try (Journal journal = new Journal(data)) {
            long replayed = journal.replay(new MessageEvent(), event -> {
                JournalWriterMain.fill(expected, next[0]);
                assertThat(event.kind).isEqualTo(EventKind.SUBMIT);
                assertThat(event.timestamp).as("record in order, none twice").isEqualTo(next[0]);
                assertThat(event.payload).as("record %d whole", next[0]).isEqualTo(expected.payload);
                next[0]++;
            });
            assertThat(replayed).as("every record readable").isEqualTo(next[0]);
            assertThat(replayed).as("every returned append survived the kill").isGreaterThanOrEqualTo(confirmed);
            return replayed;
        }
    }
}
