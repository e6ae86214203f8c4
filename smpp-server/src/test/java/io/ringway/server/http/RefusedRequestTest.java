package io.ringway.server.http;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a request's head alone refuses: versions, transfer codings, Host, expectations, a declared body size. */
class RefusedRequestTest {
    @Test
    void shouldTakeValidHostsAndRefuseInvalidOnes() {
        for (String host : new String[] {"", "localhost", "localhost:4080", "127.0.0.1:80", "[::1]", "[::1]:4080",
                "xn--bcher-kva.example", "a%41b", "host:"}) {
            assertThat(RefusedRequest.isHost(host)).as(host).isTrue();
        }
        for (String host : new String[] {"a b", "a/b", "localhost:80x", "[::1", "[]", "[::1]x", "a%4", "a%zz",
                "a:1:2", "ş.example"}) {
            assertThat(RefusedRequest.isHost(host)).as(host).isFalse();
        }
    }

    @Test
    void shouldAskForExactlyOneHostFromHttp11Only() {
        assertThat(RefusedRequest.check(request(HttpVersion.HTTP_1_1), 100).status()).isEqualTo(400);
        assertThat(RefusedRequest.check(request(HttpVersion.HTTP_1_0), 100)).isNull();
        HttpRequest twice = request(HttpVersion.HTTP_1_1);
        twice.headers().add(HttpHeaderNames.HOST, "a").add(HttpHeaderNames.HOST, "a");
        assertThat(RefusedRequest.check(twice, 100).status()).isEqualTo(400);
        assertThat(RefusedRequest.check(twice, 100).keepAlive()).as("its body is read and dropped: the connection "
                + "stays").isTrue();
    }

    @Test
    void shouldRefuseTransferCodingsOtherThanChunkedAloneAndClose() {
        assertThat(withCoding("chunked")).isNull();
        assertThat(withCoding("gzip, chunked").status()).isEqualTo(501);
        assertThat(withCoding("gzip").status()).isEqualTo(400);
        assertThat(withCoding("chunked, gzip").status()).isEqualTo(400);
        assertThat(withCoding("chunked, chunked").status()).isEqualTo(400);
        assertThat(withCoding("gzip, chunked").keepAlive()).isFalse();
    }

    @Test
    void shouldRefuseAnotherMajorVersionAnExpectationAndATooLargeBody() {
        HttpRequest two = hosted(new HttpVersion("HTTP", 2, 0, true));
        assertThat(RefusedRequest.check(two, 100).status()).isEqualTo(505);
        HttpRequest expect = hosted(HttpVersion.HTTP_1_1);
        expect.headers().set(HttpHeaderNames.EXPECT, "200-ok");
        assertThat(RefusedRequest.check(expect, 100).status()).isEqualTo(417);
        expect.headers().set(HttpHeaderNames.EXPECT, "100-Continue");
        assertThat(RefusedRequest.check(expect, 100)).isNull();
        expect.headers().set(HttpHeaderNames.CONTENT_LENGTH, 101);
        assertThat(RefusedRequest.check(expect, 100).status()).isEqualTo(413);
    }

    private static RefusedRequest withCoding(String coding) {
        HttpRequest request = hosted(HttpVersion.HTTP_1_1);
        request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, coding);
        return RefusedRequest.check(request, 100);
    }

    private static HttpRequest hosted(HttpVersion version) {
        HttpRequest request = request(version);
        request.headers().set(HttpHeaderNames.HOST, "localhost");
        return request;
    }

    private static HttpRequest request(HttpVersion version) {
        return new DefaultHttpRequest(version, HttpMethod.POST, "/api/v1/messages");
    }
}
