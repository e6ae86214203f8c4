package io.ringway.connectors.http;

import io.ringway.config.HttpUpstreamConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JetSmsProfileTest {
    private final JetSmsProfile profile = new JetSmsProfile(URI.create("http://127.0.0.1/SMS-Web/HttpSmsSend"),
            HttpUpstreamConfig.FieldMapping.JETSMS, "user", "pass");

    @Test
    void shouldTakeTheFirstMessageIdOfAnAnswerWithStatusZero() {
        assertThat(answer("Status=0\r\nMessageIDs=151103141334228\r\n"))
                .isEqualTo(SendAnswer.accepted("151103141334228"));
        assertThat(answer("status = 0\nmessageids = 42|43\n")).isEqualTo(SendAnswer.accepted("42"));
    }

    @Test
    void shouldRefuseWithTheProvidersCodeANegativeStatusOrId() {
        assertThat(answer("Status=-5\r\n")).isEqualTo(SendAnswer.refused(5));
        assertThat(answer("Status=0\r\nMessageIDs=-1\r\n")).as("the number refused").isEqualTo(SendAnswer.refused(1));
        assertThat(answer("Status=-15\r\n")).isEqualTo(SendAnswer.TRY_AGAIN);
    }

    @Test
    void shouldFindNothingInAnAnswerWithoutAStatusOrAnId() {
        assertThat(answer("{\"messageId\":\"x\"}")).isEqualTo(SendAnswer.UNREADABLE);
        assertThat(answer("Status=OK\r\n")).isEqualTo(SendAnswer.UNREADABLE);
        assertThat(answer("Status=0\r\n")).isEqualTo(SendAnswer.UNREADABLE);
    }

    private SendAnswer answer(String body) {
        return profile.sendAnswer(body.getBytes(StandardCharsets.UTF_8));
    }
}
