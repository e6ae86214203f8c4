package io.ringway.engine.account;

import io.ringway.config.AccountConfig;
import io.ringway.engine.message.MessageType;

import java.util.Set;

/**
 * What an account may send: its default message type and the sender ids it may use (an empty set allows any
 * well-formed sender). Immutable.
 */
public record SendingPolicy(MessageType defaultType, Set<String> senders) {
    /** The policy of an account created at run time, until it is given one: transactional, any sender. */
    public static final SendingPolicy OPEN = new SendingPolicy(MessageType.TRANSACTIONAL, Set.of());

    public SendingPolicy {
        senders = Set.copyOf(senders);
    }

    public static SendingPolicy from(AccountConfig config) {
        return new SendingPolicy(MessageType.fromText(config.defaultType()), Set.copyOf(config.senders()));
    }

    public boolean allows(String sender) {
        return senders.isEmpty() || senders.contains(sender);
    }
}
