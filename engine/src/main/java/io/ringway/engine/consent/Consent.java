package io.ringway.engine.consent;

import io.ringway.engine.snapshot.SnapshotInput;
import io.ringway.engine.snapshot.SnapshotOutput;

import java.io.IOException;

/**
 * One recipient's consent for one brand, as last recorded.
 *
 * @param status        opted in or out
 * @param date          when the recipient gave or withdrew it, epoch milliseconds (not when we learnt it)
 * @param source        the channel it was given through
 * @param recipientType person or merchant
 */
public record Consent(ConsentStatus status, long date, ConsentSource source, RecipientType recipientType) {

    /**
     * The one of two consents that stands: the later, an OPT_OUT on the same date; either may be {@code null}
     * (none on record).
     */
    public static Consent newer(Consent a, Consent b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.date != b.date) {
            return a.date > b.date ? a : b;
        }
        return b.status == ConsentStatus.OPT_OUT ? b : a;
    }

    /** Writes this consent's fields, for the snapshot of whatever holds it. */
    public void writeSnapshot(SnapshotOutput out) throws IOException {
        out.writeEnum(status);
        out.writeLong(date);
        out.writeEnum(source);
        out.writeEnum(recipientType);
    }

    /** Reads what {@link #writeSnapshot} wrote. */
    public static Consent readSnapshot(SnapshotInput in) throws IOException {
        ConsentStatus status = in.readEnum(ConsentStatus.class);
        long date = in.readLong();
        ConsentSource source = in.readEnum(ConsentSource.class);
        RecipientType recipientType = in.readEnum(RecipientType.class);
        return new Consent(status, date, source, recipientType);
    }
}
