package io.ringway.connectors.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringway.config.HttpUpstreamConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MappedProfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MappedProfile profile = new MappedProfile(URI.create("http://127.0.0.1/send"),
            HttpUpstreamConfig.FieldMapping.JETSMS, "user", "pass");

    @Test
    void shouldReadTheStatusOfThePolledIdWithItsErrorCode() throws Exception {
        List<ProviderStatus> out = new ArrayList<>();
        profile.statuses(JSON.readTree("{\"status\":\"EXPIRED\",\"errorCode\":27}"), "js-1", out);
        profile.statuses(JSON.readTree("{\"status\":\"PENDING\"}"), "js-2", out);

        assertThat(out).containsExactly(new ProviderStatus("js-1", "EXPIRED", 27));
    }

    @Test
    void shouldReadAnArrayOfStatusesByTheirOwnIds() throws Exception {
        List<ProviderStatus> out = new ArrayList<>();
        profile.statuses(JSON.readTree("""
                [{"messageId":"a","status":"DELIVERED"},{"messageId":"b","status":"SENT"},
                 {"messageId":"c","status":"REJECTED","errorCode":3}]
                """), null, out);

        assertThat(out).containsExactly(new ProviderStatus("a", "DELIVRD", 0), new ProviderStatus("c", "REJECTD", 3));
    }
}
