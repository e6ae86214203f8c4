package io.ringway.engine.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotFilesTest {
    private static final long FINGERPRINT = 0x1234_5678_9ABC_DEF0L;
    private static final SnapshotFiles.Decisions DECISIONS = new SnapshotFiles.Decisions(0, 0);

    @TempDir
    Path data;

    /** A stand-in state: a list of strings, written as a count and the strings. */
    private static SnapshotFiles.Body listOf(String... items) {
        return out -> {
            out.writeCount(items.length);
            for (String item : items) {
                out.writeString(item);
            }
        };
    }

    private static void readList(List<String> into, SnapshotInput in) throws IOException {
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            into.add(in.readString());
        }
    }

    private SnapshotFiles.Restored<List<String>> restore(SnapshotFiles files) {
        return files.restoreNewest(ArrayList::new, SnapshotFilesTest::readList, index -> true);
    }

    @Test
    void shouldReadBackTheNewestSnapshotWithItsJournalIndex() throws IOException {
        SnapshotFiles files = new SnapshotFiles(data, FINGERPRINT);
        files.write(0x10, 1L, DECISIONS, listOf("a"));
        files.write(0x2_0000_0003L, 2L, DECISIONS, listOf("b", null, "ç"));

        SnapshotFiles.Restored<List<String>> restored = restore(files);

        assertThat(restored.journalIndex()).isEqualTo(0x2_0000_0003L);
        assertThat(restored.state()).containsExactly("b", null, "ç");
        assertThat(restored.file().getFileName().toString()).isEqualTo("snapshot-0000000200000003.bin");
    }

    @Test
    void shouldKeepOnlyTheNewestTwo() throws IOException {
        SnapshotFiles files = new SnapshotFiles(data, FINGERPRINT);
        files.write(1, 1L, DECISIONS, listOf("one"));
        files.write(2, 2L, DECISIONS, listOf("two"));
        files.write(3, 3L, DECISIONS, listOf("three"));

        assertThat(files.newestFirst()).extracting(path -> path.getFileName().toString())
                .containsExactly("snapshot-0000000000000003.bin", "snapshot-0000000000000002.bin");
    }

    @Test
    void shouldFallBackToTheOlderSnapshotWhenTheNewestIsDamaged() throws IOException {
        SnapshotFiles files = new SnapshotFiles(data, FINGERPRINT);
        files.write(1, 1L, DECISIONS, listOf("older"));
        Path newest = files.write(2, 2L, DECISIONS, listOf("newer"));
        byte[] octets = Files.readAllBytes(newest);
        octets[octets.length - 6] ^= 0x01; // inside the body: only the checksum can tell
        Files.write(newest, octets);

        assertThat(restore(files).state()).containsExactly("older");
    }

    @Test
    void shouldFallBackToTheOlderSnapshotWhenTheNewestIsTruncated() throws IOException {
        SnapshotFiles files = new SnapshotFiles(data, FINGERPRINT);
        files.write(1, 1L, DECISIONS, listOf("older"));
        Path newest = files.write(2, 2L, DECISIONS, listOf("newer", "and longer"));
        byte[] octets = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(octets, octets.length - 9));

        assertThat(restore(files).state()).containsExactly("older");
    }

    @Test
    void shouldIgnoreSnapshotsOfAnotherConfiguration() throws IOException {
        new SnapshotFiles(data, FINGERPRINT).write(1, 1L, DECISIONS, listOf("written under the old configuration"));

        assertThat(restore(new SnapshotFiles(data, FINGERPRINT + 1))).isNull();
    }

    /** A power loss with sync: false, or a deleted journal file: records the snapshot covered are gone. */
    @Test
    void shouldRefuseToRestoreWhenAnIntactSnapshotIsAfterTheEndOfTheJournal() throws IOException {
        SnapshotFiles files = new SnapshotFiles(data, FINGERPRINT);
        files.write(1, 1L, DECISIONS, listOf("older"));
        Path newest = files.write(2, 2L, DECISIONS, listOf("newer"));
        Path another = new SnapshotFiles(data, FINGERPRINT + 1).write(3, 3L, DECISIONS,
                listOf("another configuration's"));

        assertThatThrownBy(() -> files.restoreNewest(ArrayList::new, SnapshotFilesTest::readList, index -> index < 3))
                .isInstanceOf(JournalBehindSnapshotException.class).hasMessageContaining("journal document 3");
        Files.delete(another);
        assertThatThrownBy(() -> files.restoreNewest(ArrayList::new, SnapshotFilesTest::readList, index -> index < 2))
                .isInstanceOf(JournalBehindSnapshotException.class)
                .hasMessageContaining(newest.getFileName().toString());
        assertThat(files.restoreNewest(ArrayList::new, SnapshotFilesTest::readList, index -> index < 3).state())
                .containsExactly("newer");
    }

    @Test
    void shouldNameTheNewestIntactSnapshotOfAnotherConfigurationAndWhatItHadDecided() throws IOException {
        SnapshotFiles old = new SnapshotFiles(data, FINGERPRINT);
        old.write(1, 1L, new SnapshotFiles.Decisions(10, 0xAAAAL), listOf("older"));
        Path newest = old.write(2, 2L, new SnapshotFiles.Decisions(20, 0xBBBBL), listOf("newer"));
        SnapshotFiles current = new SnapshotFiles(data, FINGERPRINT + 1);

        SnapshotFiles.Recorded recorded = current.newestOfAnotherConfiguration(index -> true);

        assertThat(recorded.journalIndex()).isEqualTo(2);
        assertThat(recorded.decisions()).isEqualTo(new SnapshotFiles.Decisions(20, 0xBBBBL));
        assertThat(old.newestOfAnotherConfiguration(index -> true)).as("its own configuration's").isNull();
        assertThat(current.newestOfAnotherConfiguration(index -> index < 2).journalIndex())
                .as("the journal does not hold the newest one's document").isEqualTo(1);
        byte[] octets = Files.readAllBytes(newest);
        octets[octets.length - 6] ^= 1;
        Files.write(newest, octets);
        assertThat(current.newestOfAnotherConfiguration(index -> true).decisions())
                .as("the newest is damaged").isEqualTo(new SnapshotFiles.Decisions(10, 0xAAAAL));
        assertThat(current.newestOfAnotherConfiguration(index -> index < 1)).isNull();
    }

    @Test
    void shouldReadEachCandidateIntoAStateOfItsOwnSoThatAFailedReadLeavesNothingBehind() throws IOException {
        SnapshotFiles files = new SnapshotFiles(data, FINGERPRINT);
        files.write(1, 1L, DECISIONS, listOf("older"));
        files.write(2, 2L, DECISIONS, listOf("newer"));
        List<List<String>> supplied = new ArrayList<>();

        SnapshotFiles.Restored<List<String>> restored = files.restoreNewest(() -> {
            List<String> state = new ArrayList<>();
            supplied.add(state);
            return state;
        }, (into, in) -> {
            readList(into, in);
            if (into.contains("newer")) {
                throw new SnapshotFormatException("a reader out of step");
            }
        }, index -> true);

        assertThat(restored.state()).containsExactly("older");
        assertThat(supplied).hasSize(2);
        assertThat(supplied.get(0)).containsExactly("newer");
        assertThat(supplied.get(1)).isSameAs(restored.state());
    }

    @Test
    void shouldRefuseASnapshotWhoseReaderStopsBeforeTheEndOfItsBody() throws IOException {
        SnapshotFiles files = new SnapshotFiles(data, FINGERPRINT);
        files.write(1, 1L, DECISIONS, listOf("older"));
        files.write(2, 2L, DECISIONS, listOf("newer", "with", "more"));

        SnapshotFiles.Restored<List<String>> restored = files.restoreNewest(ArrayList::new, (into, in) -> {
            into.add(String.valueOf(in.readCount()));
            if (into.contains("3")) {
                return; // a reader out of step with its writer, which reads too little
            }
            into.add(in.readString());
        }, index -> true);

        assertThat(restored.journalIndex()).isEqualTo(1);
        assertThat(restored.state()).containsExactly("1", "older");
    }

    @Test
    void shouldNeverReadAHalfWrittenSnapshotAndRemoveItOnTheNextWrite() throws IOException {
        SnapshotFiles files = new SnapshotFiles(data, FINGERPRINT);
        files.write(1, 1L, DECISIONS, listOf("complete"));
        Path halfWritten = files.directory().resolve("snapshot-0000000000000002.bin.tmp");
        Files.write(halfWritten, new byte[] {1, 2, 3});

        assertThat(restore(files).state()).containsExactly("complete");
        files.write(3, 3L, DECISIONS, listOf("next"));
        assertThat(halfWritten).doesNotExist();
    }

    /** Configuration records hold Set.of and Map.copyOf values, whose order changes from one JVM to the next. */
    record Section(String name, Set<String> states, Map<String, String> prices, List<String> inOrder) {
    }

    @Test
    void shouldWriteConfigurationValuesAsTheSameTextWhateverTheOrderOfTheirSetsAndMaps() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("90", "0.01");
        forward.put("44", "0.03");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("44", "0.03");
        backward.put("90", "0.01");
        StringBuilder one = new StringBuilder();
        SnapshotFiles.canonical(List.of(new Section("a", new LinkedHashSet<>(List.of("UNDELIV", "EXPIRED")), forward,
                List.of("x", "y"))), one);
        StringBuilder other = new StringBuilder();
        SnapshotFiles.canonical(List.of(new Section("a", new LinkedHashSet<>(List.of("EXPIRED", "UNDELIV")), backward,
                List.of("x", "y"))), other);

        assertThat(one.toString()).isEqualTo(other.toString())
                .isEqualTo("[Section(name=a,states={EXPIRED,UNDELIV},prices={44=0.03,90=0.01},inOrder=[x,y,],),]");
    }

    @Test
    void shouldFindNothingInADirectoryWithoutSnapshots() {
        assertThat(restore(new SnapshotFiles(data, FINGERPRINT))).isNull();
    }
}
