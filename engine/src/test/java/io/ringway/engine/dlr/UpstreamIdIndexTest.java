package io.ringway.engine.dlr;

import io.ringway.engine.message.Channel;
import io.ringway.engine.message.Message;
import io.ringway.engine.message.MessageType;
import io.ringway.engine.message.NumericForm;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamIdIndexTest {
    private final UpstreamIdIndex index = new UpstreamIdIndex();

    @Test
    void shouldKeepIdsOfTheSameValueInDifferentFormsApart() {
        String[] ids = {"10", "0010", "a", "A", "0a", "00A", "16", "aB", "1-0", "1234567890123456789",
                "123456789012345678", "fffffffffffffff", "1fffffffffffffff", "", null, "0", "00"};
        for (int i = 0; i < ids.length; i++) {
            assertThat(index.put("smsc", ids[i], message(i + 1))).isNull();
        }
        assertThat(index.size()).isEqualTo(ids.length);
        assertThat(index.remove("other-smsc", "10")).isNull();
        for (int i = ids.length - 1; i >= 0; i--) {
            assertThat(index.remove("smsc", ids[i]).id()).as(ids[i]).isEqualTo(i + 1L);
            assertThat(index.remove("smsc", ids[i])).isNull();
        }
        assertThat(index.size()).isZero();
    }

    @Test
    void shouldReplaceTheMessageOfAnIdPutAgain() {
        index.put("smsc", "4711", message(1));
        assertThat(index.put("smsc", "4711", message(2)).id()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.remove("smsc", "4711").id()).isEqualTo(2);
    }

    /** Against a HashMap of strings, with ids in every form, many in flight at once, mostly removed oldest first. */
    @Test
    void shouldBehaveAsAMapOfStrings() {
        Random random = new Random(42);
        Map<String, Message> expected = new HashMap<>();
        long counter = 1_000_000;
        for (int step = 0; step < 300_000; step++) {
            String id = switch (random.nextInt(5)) {
                case 0 -> Long.toString(counter++);
                case 1 -> String.format("%010x", counter++ * 7_919);
                case 2 -> Long.toHexString(random.nextLong() >>> 4).toUpperCase();
                case 3 -> Long.toString(random.nextInt(1_000));
                default -> "id-" + random.nextInt(100_000);
            };
            if (random.nextInt(3) == 0) {
                assertThat(index.remove("smsc", id)).isSameAs(expected.remove(id));
            } else {
                Message message = message(step);
                assertThat(index.put("smsc", id, message)).isSameAs(expected.put(id, message));
            }
            assertThat(index.size()).isEqualTo(expected.size());
        }
        for (Map.Entry<String, Message> entry : expected.entrySet()) {
            assertThat(index.remove("smsc", entry.getKey())).isSameAs(entry.getValue());
        }
        assertThat(index.size()).isZero();
    }

    @Test
    void shouldForgetEveryPartOfAMessageThatFinishedWithoutItsReceipts() {
        Message twoParts = message(1);
        twoParts.rated(2, 0);
        twoParts.routed("smsc", 0);
        twoParts.partAcknowledged(0, "000123");
        twoParts.partAcknowledged(1, "later-part");
        index.put("smsc", "000123", twoParts);
        index.put("smsc", "later-part", twoParts);
        Message other = message(2);
        index.put("smsc", "123", other);

        index.removeParts(twoParts);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.remove("smsc", "123")).isSameAs(other);
    }

    @Test
    void shouldWriteEveryNumericFormBackExactly() {
        String[] ids = {"0", "7", "0007", "123456789012345678", "000000000000000001", "ff", "00ff", "FF", "00FF",
                "fffffffffffffff", "FFFFFFFFFFFFFFF", "000000000000000"};
        for (String id : ids) {
            int form = NumericForm.of(id);
            assertThat(form).as(id).isNotNegative();
            assertThat(NumericForm.text(NumericForm.value(id, form), form)).isEqualTo(id);
        }
        for (String id : new String[]{null, "", "-1", "+1", "1 ", "aF", "g", "1234567890123456789",
                "1ffffffffffffff0", "0x1f"}) {
            assertThat(NumericForm.of(id)).as(id).isNegative();
        }
    }

    private static Message message(long id) {
        return new Message(id, "a", Channel.SMPP, MessageType.OTP, "S", (byte) 0, (byte) 0, "905321234567",
                (byte) 1, (byte) 1, (byte) 0, (byte) 0, (byte) 1, new byte[]{1}, 0, "smsc");
    }
}
