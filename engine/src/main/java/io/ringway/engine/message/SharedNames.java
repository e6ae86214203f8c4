package io.ringway.engine.message;

import java.util.HashMap;
import java.util.Map;

/**
 * One string instance per distinct name (a sender, a callback URL) of accepted messages. An edge decodes a fresh
 * string for every submission, so without this a million messages in flight from one sender would hold a million
 * copies of its name (about 50 bytes each, an eighth of what a message in flight takes; benchmarks/README.md,
 * seventh session). A journal replay or a snapshot restore shares them already (Chronicle's and the snapshot's
 * string tables); this does the same for live traffic.
 *
 * <p>Bounded: once {@value #MAX} names are kept, new ones are returned as given (traffic whose every sender differs,
 * such as person-to-person numbers, or callback URLs made per message, gains nothing from sharing; keep such names
 * in a table of their own). Names are never dropped, which is what makes a lookup the whole cost. Sharing changes
 * no decision. Business-logic thread only.
 */
public final class SharedNames {
    /** At most this many names are kept (a few MB at most). */
    static final int MAX = 65_536;

    private final Map<String, String> names = new HashMap<>();

    /** The kept instance equal to {@code name}, or {@code name} itself (also when null). */
    public String share(String name) {
        if (name == null) {
            return null;
        }
        String shared = names.get(name);
        if (shared != null) {
            return shared;
        }
        if (names.size() < MAX) {
            names.put(name, name);
        }
        return name;
    }

    /** Names kept. */
    int size() {
        return names.size();
    }
}
