package io.ringway.server.http;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Request targets: absolute-form, %-escapes in the path and the query, and an encoded '/' that stays data. */
class ApiRequestTest {
    @Test
    void shouldTakeTheOriginFormOfAnAbsoluteFormTarget() {
        assertThat(ApiRequest.originForm("http://localhost:4080/api/v1/balance?x=1")).isEqualTo("/api/v1/balance?x=1");
        assertThat(ApiRequest.originForm("HTTPS://h/api")).isEqualTo("/api");
        assertThat(ApiRequest.originForm("http://h?x=1")).isEqualTo("/?x=1");
        assertThat(ApiRequest.originForm("http://h")).isEqualTo("/");
        assertThat(ApiRequest.originForm("/cgi-bin/sendsms?dlr-url=http://x/y")).isEqualTo(
                "/cgi-bin/sendsms?dlr-url=http://x/y");
    }

    @Test
    void shouldDecodeThePathButKeepAnEncodedSlashInsideItsSegment() {
        assertThat(ApiRequest.decodePath("/api/v1/consents/%2B905321234567"))
                .isEqualTo("/api/v1/consents/+905321234567");
        assertThat(ApiRequest.decodePath("/api/v1/consents/+905321234567")).isEqualTo("/api/v1/consents/+905321234567");
        assertThat(ApiRequest.decodePath("/api/v1/messages%2F0000000000000001"))
                .isEqualTo("/api/v1/messages%2F0000000000000001");
        assertThat(ApiRequest.decodePath("/a%2fb/%C5%9F")).isEqualTo("/a%2Fb/ş");
    }

    @Test
    void shouldRefuseAMalformedEscapeInThePathOrTheQuery() {
        assertThatIllegalArgumentException().isThrownBy(() -> ApiRequest.decodePath("/api/v1/%zz"));
        assertThatIllegalArgumentException().isThrownBy(() -> ApiRequest.decodePath("/api/v1/%2"));
        assertThatIllegalArgumentException().isThrownBy(() -> request("/cgi-bin/sendsms?text=50%off"));
        assertThat(request("/cgi-bin/sendsms?text=50%25+off").parameter("text")).isEqualTo("50% off");
    }

    @Test
    void shouldAnswerHeadAsGetExceptWhereAGetActs() {
        assertThat(ApiRequest.of("HEAD", "/api/v1/balance", EmptyHttpHeaders.INSTANCE, new byte[0], null, 0).method())
                .isEqualTo("GET");
        assertThat(ApiRequest.of("HEAD", "/cgi-bin/sendsms", EmptyHttpHeaders.INSTANCE, new byte[0], null, 0).method())
                .isEqualTo("HEAD");
    }

    private static ApiRequest request(String target) {
        return ApiRequest.of("GET", target, EmptyHttpHeaders.INSTANCE, new byte[0], null, 0);
    }
}
