package io.ringway.connectors.smpp;

import com.cloudhopper.smpp.SmppConstants;
import com.cloudhopper.smpp.type.Address;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NationalNumbersTest {
    @Test
    void shouldPutTheCountryCodeBeforeANationalNumberWithoutItsTrunkPrefix() {
        assertThat(NationalNumbers.international(national("05321234567"), "90")).isEqualTo("905321234567");
        assertThat(NationalNumbers.international(national("5321234567"), "90")).isEqualTo("905321234567");
        assertThat(NationalNumbers.international(national("9161234567"), "7")).isEqualTo("79161234567");
    }

    @Test
    void shouldPassOnWhatIsNotANationalNumberOrCannotBeMadeInternational() {
        assertThat(NationalNumbers.international(national("5321234567"), "")).isEqualTo("5321234567");
        assertThat(NationalNumbers.international(
                new Address(SmppConstants.TON_INTERNATIONAL, SmppConstants.NPI_E164, "905321234567"), "90"))
                .isEqualTo("905321234567");
        assertThat(NationalNumbers.international(
                new Address(SmppConstants.TON_UNKNOWN, SmppConstants.NPI_E164, "05321234567"), "90"))
                .isEqualTo("05321234567");
        assertThat(NationalNumbers.international(national("5321234567890123"), "90")).isEqualTo("5321234567890123");
        assertThat(NationalNumbers.international(national("0000"), "90")).isEqualTo("0000");
        assertThat(NationalNumbers.international(national("532-123"), "90")).isEqualTo("532-123");
        assertThat(NationalNumbers.international(national(""), "90")).isEmpty();
    }

    @Test
    void shouldPassOnAShortCodeAnSmscMarksNational() {
        assertThat(NationalNumbers.international(national("3434"), "90")).isEqualTo("3434");
        assertThat(NationalNumbers.international(national("123456"), "90")).isEqualTo("123456");
        assertThat(NationalNumbers.international(national("1234567"), "90")).isEqualTo("901234567");
        assertThat(NationalNumbers.international(national("0212123"), "90")).isEqualTo("90212123");
    }

    private static Address national(String digits) {
        return new Address(SmppConstants.TON_NATIONAL, SmppConstants.NPI_E164, digits);
    }
}
