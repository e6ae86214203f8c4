package io.ringway.engine.ring;

import io.ringway.engine.snapshot.SnapshotFiles;

/**
 * The configuration a node was started with decides the journal's past differently from the configuration that
 * decided it live: replaying under it would issue other message ids, or charge, refund or route past messages
 * otherwise, so ids already given to customers would name other messages and balances would change behind their
 * statements. The start is refused and nothing is written; the journal and snapshots stay as they were.
 *
 * <p>The configuration file is the opening state, and the journal is replayed under it. A change that must apply
 * from now on only (a tariff, a balance, a coefficient, a credit limit) goes through the administration API, whose
 * commands are journaled inputs; the file may add accounts, price lists and upstreams, and change routes (a message
 * an upstream took stays with it on replay; one none took yet goes where the routes now say).
 */
public final class ConfigurationRewritesHistoryException extends IllegalStateException {
    public ConfigurationRewritesHistoryException(String snapshot, SnapshotFiles.Decisions recorded,
                                                 SnapshotFiles.Decisions replayed) {
        super("the configuration decides the journal's past differently from the one it was decided under ("
                + describe(recorded, replayed) + ", replaying the journal through " + snapshot
                + "); nothing was changed. Start with the previous configuration file, and make changes that must "
                + "apply from now on (tariffs, balances, coefficients, credit limits) through the administration "
                + "API (with the key whose hash is http.operator-api-key-hash); the file may add accounts, price "
                + "lists and upstreams, and change routes. A node whose history may go starts afresh from an "
                + "empty journal.directory");
    }

    private static String describe(SnapshotFiles.Decisions recorded, SnapshotFiles.Decisions replayed) {
        if (recorded.lastMessageId() != replayed.lastMessageId()) {
            return replayed.lastMessageId() + " messages accepted where " + recorded.lastMessageId() + " were";
        }
        return "the same messages accepted, but charged, refunded or routed otherwise";
    }
}
