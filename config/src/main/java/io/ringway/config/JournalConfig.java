package io.ringway.config;

/**
 * Where and how every input is journaled.
 *
 * @param directory data directory; the journal lives in {@code directory/journal}
 * @param sync      msync the journal at the end of each batch: an acknowledged message then survives power
 *                  loss, not only a killed process (slower)
 * @param minFreeMegabytes below this much free space on the journal's file system, inputs are refused (and
 *                  submissions answered ESME_RSYSERR) instead of written: the journal is memory-mapped, and a write
 *                  into a page the full file system cannot back would crash the JVM (SIGBUS); 0 turns the check off
 */
public record JournalConfig(String directory, boolean sync, int minFreeMegabytes) {

    static JournalConfig from(ConfigNode n) {
        JournalConfig config = new JournalConfig(n.string("directory", "./data"), n.bool("sync", false),
                n.integer("min-free-megabytes", 64, 0, 1 << 20));
        n.finish();
        return config;
    }
}
