package io.ringway.engine.snapshot;

import java.io.IOException;

/** A snapshot that cannot be read back as the state it claims to hold. */
public final class SnapshotFormatException extends IOException {
    public SnapshotFormatException(String message) {
        super(message);
    }
}
