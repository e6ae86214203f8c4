package io.ringway.engine.message;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AddressesTest {
    /** What the HTTP API once asked of a sender with String.matches, compiling the expression per request. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,15}");
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9 ._&-]{1,11}");

    @Test
    void aNumberIsAnOptionalPlusAndOneToFifteenDigits() {
        assertThat(Addresses.isNumber("1")).isTrue();
        assertThat(Addresses.isNumber("+905321234567")).isTrue();
        assertThat(Addresses.isNumber("123456789012345")).isTrue();
        assertThat(Addresses.isNumber("1234567890123456")).isFalse();
        assertThat(Addresses.isNumber("+")).isFalse();
        assertThat(Addresses.isNumber("")).isFalse();
        assertThat(Addresses.isNumber(null)).isFalse();
        assertThat(Addresses.isNumber("++1")).isFalse();
        assertThat(Addresses.isNumber("90 532")).isFalse();
        assertThat(Addresses.isNumber("RINGWAY")).isFalse();
        assertThat(Addresses.isNumber("٣٤٥")).isFalse(); // Arabic-Indic digits are not what SMPP carries
    }

    @Test
    void numbersAndSendersAgreeWithTheirRegularExpressionsOnRandomStrings() {
        List<Character> alphabet = List.of('+', '0', '1', '9', 'A', 'z', ' ', '-', '.', '_', '&', '/', 'é');
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(18);
            boolean digitsOnly = random.nextInt(3) == 0;
            for (int j = 0; j < length; j++) {
                char next = digitsOnly ? (char) ('0' + random.nextInt(10))
                        : alphabet.get(random.nextInt(alphabet.size()));
                text.append(next);
            }
            if (digitsOnly && random.nextBoolean()) {
                text.insert(0, '+');
            }
            String address = text.toString();
            boolean number = NUMBER.matcher(address).matches();
            assertThat(Addresses.isNumber(address)).as(address).isEqualTo(number);
            assertThat(Addresses.isSender(address)).as(address)
                    .isEqualTo(number || ALPHANUMERIC.matcher(address).matches());
        }
    }
}
