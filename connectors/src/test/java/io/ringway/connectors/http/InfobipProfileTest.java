package io.ringway.connectors.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InfobipProfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InfobipProfile profile = new InfobipProfile(URI.create("http://127.0.0.1/sms/2/text/advanced"));

    @Test
    void shouldReadEveryFinalStatusGroupAndSkipPendingOnes() throws Exception {
        List<ProviderStatus> out = new ArrayList<>();
        profile.statuses(JSON.readTree("""
                {"results":[
                  {"messageId":"a","status":{"groupName":"DELIVERED"},"error":{"id":0}},
                  {"messageId":"b","status":{"groupName":"UNDELIVERABLE"},"error":{"id":5}},
                  {"messageId":"c","status":{"groupName":"PENDING"}},
                  {"messageId":"d","status":{"groupName":"EXPIRED"},"error":{"id":15}},
                  {"messageId":"e","status":{"groupName":"REJECTED"}}]}
                """), null, out);

        assertThat(out).containsExactly(new ProviderStatus("a", "DELIVRD", 0), new ProviderStatus("b", "UNDELIV", 5),
                new ProviderStatus("d", "EXPIRED", 15), new ProviderStatus("e", "REJECTD", 0));
    }

    @Test
    void shouldTakeASendAnswerInTheRejectedGroupAsARefusalWithItsStatusId() {
        assertThat(profile.sendAnswer(bytes("{\"messages\":[{\"messageId\":\"x-2\",\"status\":{\"groupId\":5,"
                + "\"groupName\":\"REJECTED\",\"id\":12,\"name\":\"REJECTED_NOT_ENOUGH_CREDITS\"}}]}")))
                .isEqualTo(SendAnswer.refused(12));
        assertThat(profile.sendAnswer(bytes("{\"messages\":[{\"messageId\":\"x-3\",\"status\":{\"groupId\":5}}]}")))
                .isEqualTo(SendAnswer.refused(5));
        assertThat(profile.sendAnswer(bytes("{\"messages\":[{\"messageId\":\"x-1\",\"status\":{\"groupId\":1,"
                + "\"groupName\":\"PENDING\",\"id\":26,\"name\":\"PENDING_ACCEPTED\"}}]}")))
                .isEqualTo(SendAnswer.accepted("x-1"));
        assertThat(profile.sendAnswer(bytes("not json"))).isEqualTo(SendAnswer.UNREADABLE);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void shouldFindTheMessageIdOfTheFirstMessageOrNone() throws Exception {
        assertThat(profile.messageId(JSON.readTree("{\"messages\":[{\"messageId\":\"x-1\"}]}"))).isEqualTo("x-1");
        assertThat(profile.messageId(JSON.readTree("{\"requestError\":{}}"))).isNull();
        assertThat(profile.messageId(JSON.missingNode())).isNull();
    }
}
