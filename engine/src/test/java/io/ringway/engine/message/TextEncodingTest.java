package io.ringway.engine.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextEncodingTest {

    @Test
    void shouldNameTheAlphabetOfEveryCodingGroup() {
        assertThat(TextEncoding.alphabet((byte) 0x00)).isEqualTo(TextEncoding.GSM);
        assertThat(TextEncoding.alphabet((byte) 0x01)).as("IA5, read as Latin-1").isEqualTo(TextEncoding.LATIN1);
        assertThat(TextEncoding.alphabet((byte) 0x03)).isEqualTo(TextEncoding.LATIN1);
        assertThat(TextEncoding.alphabet((byte) 0x08)).isEqualTo(TextEncoding.UCS2);
        assertThat(TextEncoding.alphabet((byte) 0x10)).as("general group, class 0, GSM").isEqualTo(TextEncoding.GSM);
        assertThat(TextEncoding.alphabet((byte) 0x18)).as("general group, class 0, UCS-2").isEqualTo(TextEncoding.UCS2);
        assertThat(TextEncoding.alphabet((byte) 0x3A)).as("compressed: not text").isEqualTo((byte) 0x3A);
        assertThat(TextEncoding.alphabet((byte) 0xC8)).as("MWI discard, GSM").isEqualTo(TextEncoding.GSM);
        assertThat(TextEncoding.alphabet((byte) 0xE0)).as("MWI store, UCS-2").isEqualTo(TextEncoding.UCS2);
        assertThat(TextEncoding.alphabet((byte) 0xF1)).as("class 1, GSM").isEqualTo(TextEncoding.GSM);
        assertThat(TextEncoding.alphabet((byte) 0xF5)).as("class 1, 8-bit data").isEqualTo((byte) 0xF5);
        assertThat(TextEncoding.alphabet((byte) 0x04)).as("8-bit data").isEqualTo((byte) 0x04);
        assertThat(TextEncoding.alphabet((byte) 0x14)).as("general group, 8-bit").isEqualTo((byte) 0x14);
    }

    @Test
    void shouldEncodeGsmExtensionCharactersAsEscapePairs() {
        byte[] body = TextEncoding.encode("€[]", TextEncoding.GSM);
        assertThat(body).containsExactly(0x1B, 0x65, 0x1B, 0x3C, 0x1B, 0x3E);
        assertThat(TextEncoding.cheapest("Price: 5€ [promo] ~ok~")).isEqualTo(TextEncoding.GSM);
        assertThat(TextEncoding.gsmSeptets("€[]")).isEqualTo(6);
        assertThat(TextEncoding.decode(body, 0, body.length, TextEncoding.GSM)).isEqualTo("€[]");
    }

    @Test
    void shouldEncodeTheBasicAlphabetToItsSeptets() {
        assertThat(TextEncoding.encode("@£$Δ_ÄÖÑÜ§¿äöñüà", TextEncoding.GSM))
                .containsExactly(0x00, 0x01, 0x02, 0x10, 0x11, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F);
        assertThat(TextEncoding.encode("Az09 ", TextEncoding.GSM)).containsExactly('A', 'z', '0', '9', ' ');
    }

    @Test
    void shouldDecodeTheTurkishShiftTablesAndAnUnknownEscapedSeptetAsTheMainTablesCharacter() {
        byte[] singleShifted = {0x1B, 0x47, 0x1B, 0x49, 0x1B, 0x53, 0x1B, 0x63, 0x1B, 0x65, 0x1B, 0x67, 0x1B, 0x69,
                0x1B, 0x73, 0x1B, 0x28};
        assertThat(TextEncoding.decodeGsm(singleShifted, 0, singleShifted.length, 0, TextEncoding.TURKISH))
                .isEqualTo("ĞİŞç€ğış{");
        assertThat(TextEncoding.decodeGsm(singleShifted, 0, 4, 0, 0)).as("no single shift table: the main table's")
                .isEqualTo("GI");
        byte[] locked = {0x04, 0x07, 0x0B, 0x0C, 0x1C, 0x1D, 0x40, 0x60, 'A', 0x1B, 0x65};
        assertThat(TextEncoding.decodeGsm(locked, 0, locked.length, TextEncoding.TURKISH, 0)).isEqualTo("€ıĞğŞşİçA€");
        assertThat(TextEncoding.decodeGsm(locked, 0, locked.length, 2, 0)).as("a table not known: the default")
                .isEqualTo("èìØøÆæ¡¿A€");
    }

    @Test
    void shouldForceUcs2ForTurkishLetters() {
        assertThat(TextEncoding.cheapest("Doğrulama kodunuz: 1234")).isEqualTo(TextEncoding.UCS2);
        assertThat(TextEncoding.cheapest("şifre")).isEqualTo(TextEncoding.UCS2);
        assertThat(TextEncoding.cheapest("İstanbul")).isEqualTo(TextEncoding.UCS2);
        assertThat(TextEncoding.encode("ş", TextEncoding.UCS2)).containsExactly(0x01, 0x5F);
    }

    @Test
    void shouldPickLatin1WhenGsmCannotButOneOctetPerCharacterCan() {
        assertThat(TextEncoding.cheapest("São Paulo, ação")).isEqualTo(TextEncoding.LATIN1);
        assertThat(TextEncoding.encode("ã", TextEncoding.LATIN1)).containsExactly(0xE3);
    }

    @Test
    void shouldCarryEmojiAsSurrogatePairs() {
        String text = "ok 👍";
        assertThat(TextEncoding.cheapest(text)).isEqualTo(TextEncoding.UCS2);
        byte[] body = TextEncoding.encode(text, TextEncoding.UCS2);
        assertThat(body).hasSize(10).endsWith(0xD8, 0x3D, 0xDC, 0x4D);
        assertThat(TextEncoding.decode(body, 0, body.length, TextEncoding.UCS2)).isEqualTo(text);
    }

    @Test
    void shouldRefuseTextAnEncodingCannotCarry() {
        assertThatThrownBy(() -> TextEncoding.encode("ş", TextEncoding.GSM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextEncoding.encode("ş", TextEncoding.LATIN1)).isInstanceOf(IllegalArgumentException.class);
    }
}
