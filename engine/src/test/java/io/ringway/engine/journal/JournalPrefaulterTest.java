package io.ringway.engine.journal;

import io.ringway.engine.ring.MessageEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JournalPrefaulterTest {
    private static final long MB = 1L << 20;

    @TempDir
    Path directory;

    @Test
    void shouldReadAheadOfTheAppenderWithoutChangingTheFile() throws Exception {
        File file = sparseFile("cycle-1.cq4", 64 * MB);
        writeMarker(file, 2 * MB, (byte) 7);
        writeMarker(file, 30 * MB, (byte) 9);
        byte[] before = Files.readAllBytes(file.toPath());

        try (JournalPrefaulter prefaulter = new JournalPrefaulter("test-prefault", directory, 0)) {
            prefaulter.wrote(file, 0);
            awaitTrue(() -> prefaulter.touchedUpTo() == JournalPrefaulter.AHEAD);
            assertThat(prefaulter.file()).isEqualTo(file);

            prefaulter.wrote(file, 20 * MB);
            awaitTrue(() -> prefaulter.touchedUpTo() == 20 * MB + JournalPrefaulter.AHEAD);
        }

        assertThat(Files.readAllBytes(file.toPath())).isEqualTo(before);
    }

    @Test
    void shouldStopAtTheEndOfTheFileAndFollowTheAppenderToTheNextOne() throws Exception {
        File first = sparseFile("cycle-1.cq4", 3 * MB + 100);
        File second = sparseFile("cycle-2.cq4", 64 * MB);

        try (JournalPrefaulter prefaulter = new JournalPrefaulter("test-prefault", directory, 0)) {
            prefaulter.wrote(first, MB);
            awaitTrue(() -> prefaulter.touchedUpTo() == 3 * MB + 100);

            prefaulter.wrote(second, 4096);
            awaitTrue(() -> second.equals(prefaulter.file())
                    && prefaulter.touchedUpTo() == 4096 + JournalPrefaulter.AHEAD);
        }
        assertThat(first.length()).isEqualTo(3 * MB + 100);
        assertThat(second.length()).isEqualTo(64 * MB);
    }

    @Test
    void shouldNotReadAheadWhileTheFileSystemHasLessThanTheReserveAndTwiceTheLeadFree() throws Exception {
        File file = sparseFile("cycle-1.cq4", 64 * MB);
        long reserve = Files.getFileStore(directory).getUsableSpace(); // more than can ever be free on top
        try (JournalPrefaulter prefaulter = new JournalPrefaulter("test-prefault", directory, reserve)) {
            prefaulter.wrote(file, 0);
            awaitTrue(() -> prefaulter.roundsWithoutRoom() >= 3);
            assertThat(prefaulter.touchedUpTo()).isZero();
        }
    }

    @Test
    void shouldNotSuitAMemoryFileSystem() throws Exception {
        Path mount = directory.resolve("memory");
        Files.createDirectories(mount);
        boolean mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start().waitFor() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
        try {
            assertThat(JournalPrefaulter.suits(mount)).isFalse();
            assertThat(JournalPrefaulter.suits(directory)).isEqualTo(
                    !Files.getFileStore(directory).type().equals("tmpfs"));
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
        }
    }

    @Test
    void shouldEndItsThreadWhenClosed() throws Exception {
        JournalPrefaulter prefaulter = new JournalPrefaulter("test-prefault", directory, 0);
        prefaulter.wrote(sparseFile("cycle-1.cq4", 8 * MB), 0);
        awaitTrue(() -> prefaulter.touchedUpTo() == 8 * MB);

        prefaulter.close();

        assertThat(prefaulter.running()).isFalse();
    }

    @Test
    void shouldLeaveWhatTheRingAppenderWritesIntactAndEndWithIt() {
        String prefaulterName = Thread.currentThread().getName() + "-prefault";
        List<Long> replayed = new ArrayList<>();
        try (Journal journal = new Journal(directory, 0, true)) {
            Journal.JournalAppender appender = journal.ringAppender();
            assertThat(threadNamed(prefaulterName)).isEqualTo(JournalPrefaulter.suits(directory)); // not on tmpfs
            for (long id = 1; id <= 300_000; id++) {
                appender.write(JournalTest.receiptAck(id));
                if (id % 500 == 0) {
                    appender.commit(); // many commits, so the prefaulter reads ahead while records are written
                }
            }
            appender.close();
            assertThat(threadNamed(prefaulterName)).isFalse();

            journal.replay(new MessageEvent(), event -> replayed.add(event.messageId));
        }
        assertThat(replayed).hasSize(300_000);
        for (int i = 0; i < replayed.size(); i++) {
            assertThat(replayed.get(i)).isEqualTo(i + 1L);
        }
    }

    @Test
    void shouldStartNoThreadForAJournalOpenedWithoutPrefaulting() {
        String prefaulterName = Thread.currentThread().getName() + "-prefault";
        try (Journal journal = new Journal(directory, 0, false)) {
            Journal.JournalAppender appender = journal.ringAppender();
            appender.append(JournalTest.receiptAck(1));
            assertThat(threadNamed(prefaulterName)).isFalse();
            appender.close();
        }
    }

    private File sparseFile(String name, long length) throws IOException {
        File file = directory.resolve(name).toFile();
        try (RandomAccessFile raw = new RandomAccessFile(file, "rw")) {
            raw.setLength(length);
        }
        return file;
    }

    private static void writeMarker(File file, long position, byte value) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file, "rw")) {
            raw.seek(position);
            raw.write(value);
        }
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
