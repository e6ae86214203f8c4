package io.ringway.config;

import java.time.Duration;

/**
 * Where and how every input is journaled.
 *
 * @param directory data directory; the journal lives in {@code directory/journal}
 * @param sync      msync the journal at the end of each batch: an acknowledged message then survives power
 *                  loss, not only a killed process (slower)
 * @param minFreeMegabytes below this much free space on the journal's file system, inputs are refused (and
 *                  submissions answered ESME_RSYSERR) instead of written: the journal is memory-mapped, and a write
 *                  into a page the full file system cannot back would crash the JVM (SIGBUS); 0 turns the check off
 * @param snapshotInterval how often the business logic's state is written to {@code directory/snapshots} while
 *                  running (a start then replays only the journal after the newest snapshot); it is also written
 *                  at a clean stop and after a long recovery; 0 writes none while running
 * @param prefault  a thread of its own brings the journal file's next pages into memory ahead of the journal
 *                  stage, which otherwise clears every new page itself on its first write
 */
public record JournalConfig(String directory, boolean sync, int minFreeMegabytes, Duration snapshotInterval,
                            boolean prefault) {

    static JournalConfig from(ConfigNode n) {
        JournalConfig config = new JournalConfig(n.string("directory", "./data"), n.bool("sync", false),
                n.integer("min-free-megabytes", 64, 0, 1 << 20),
                n.duration("snapshot-interval", Duration.ofMinutes(10), Duration.ZERO, Duration.ofDays(1)),
                n.bool("prefault", true));
        n.finish();
        return config;
    }
}
