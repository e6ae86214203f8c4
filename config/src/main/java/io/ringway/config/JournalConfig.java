package io.ringway.config;

/**
 * Where and how every input is journaled.
 *
 * @param directory data directory; the journal lives in {@code directory/journal}
 * @param sync      msync the journal at the end of each batch: an acknowledged message then survives power
 *                  loss, not only a killed process (slower)
 */
public record JournalConfig(String directory, boolean sync) {

    static JournalConfig from(ConfigNode n) {
        JournalConfig config = new JournalConfig(n.string("directory", "./data"), n.bool("sync", false));
        n.finish();
        return config;
    }
}
