package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.pdu.PduResponse;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.ringway.connectors.smpp.wire.QueuedWrites;

/**
 * The answers (deliver_sm_resp, data_sm_resp) one upstream connection owes its SMSC for reports the engine has
 * journaled. The engine's output thread hands them over one by one as it passes the journaled reports; the
 * connection's event loop writes all that are waiting in one task with one flush ({@link QueuedWrites}), so a burst
 * of receipts costs one wake-up, not one per receipt. An answer for a connection that has closed meanwhile is not
 * written: the SMSC sends that report again on its next connection, and the engine takes a repeated receipt as it
 * takes any duplicate.
 */
final class Acknowledgements {
    private static final AttributeKey<QueuedWrites> KEY = AttributeKey.valueOf(Acknowledgements.class, "owed");

    private Acknowledgements() {
    }

    /** Any thread: has {@code channel}'s event loop write {@code response}, with the others owed by then. */
    static void write(Channel channel, PduResponse response) {
        QueuedWrites owed = channel.attr(KEY).get();
        if (owed == null) {
            QueuedWrites created = new QueuedWrites(channel);
            owed = channel.attr(KEY).setIfAbsent(created);
            if (owed == null) {
                owed = created;
            }
        }
        owed.write(response);
    }
}
