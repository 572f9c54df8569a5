package dev.rollgate.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP/1.1 details a proxy must get right, checked on the wire with a raw socket client. */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpForwardingTest {

    private TestBackend backend;
    private WeightedHttpRouter router;

    @BeforeEach
    void start() throws IOException {
        backend = new TestBackend("stable");
        router = new WeightedHttpRouter(RouterConfig.defaults(new InetSocketAddress("127.0.0.1", 0)),
                Map.of("stable", List.of(backend.address())), Weights.all("stable"));
        router.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        router.close();
        backend.close();
    }

    private static String bigBody() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 100_000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.toString();
    }

    @Test
    void chunkedRequestAndResponseBodiesPassIntact() throws IOException {
        String body = bigBody();
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            StringBuilder req = new StringBuilder("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < body.length(); i += 7_000) {
                String part = body.substring(i, Math.min(body.length(), i + 7_000));
                req.append(Integer.toHexString(part.length())).append(";ext=1\r\n").append(part).append("\r\n");
            }
            req.append("0\r\n\r\n");
            c.send(req.toString());
            RawHttpClient.Response r = c.read(false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.chunked()).isTrue();
            assertThat(r.body()).isEqualTo(body);
            // and the connection is still usable
            assertThat(c.get("/").body()).isEqualTo("stable");
        }
    }

    @Test
    void contentLengthRequestBodyPassesIntact() throws IOException {
        String body = bigBody();
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(c.read(false).body()).isEqualTo(body);
        }
    }

    @Test
    void expectContinueIsAnsweredByTheRouter() throws IOException {
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read(false).status()).isEqualTo(100);
            c.send("hello");
            assertThat(c.read(false).body()).isEqualTo("hello");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(c.read(false).body()).isEqualTo("stable");
            assertThat(c.read(false).body()).isEqualTo("abc");
            assertThat(c.read(false).body()).isEqualTo("stable");
        }
    }

    @Test
    void hopByHopHeadersAreDroppedAndForwardedForAppended() throws IOException {
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("GET /headers HTTP/1.1\r\nHost: t\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\n"
                    + "Keep-Alive: timeout=5\r\nProxy-Authorization: Basic x\r\nX-Forwarded-For: 10.0.0.1\r\n"
                    + "X-Custom: kept\r\n\r\n");
            RawHttpClient.Response r = c.read(false);
            assertThat(r.body()).contains("x-custom: kept").contains("x-forwarded-for: 10.0.0.1, 127.0.0.1")
                    .contains("host: t").doesNotContain("x-secret").doesNotContain("keep-alive: timeout")
                    .doesNotContain("proxy-authorization");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            RawHttpClient.Response r = c.read(false);
            assertThat(r.body()).isEqualTo("stable");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClientGetsAClosedConnection() throws IOException {
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(c.read(false).body()).isEqualTo("stable");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClientGetsChunkedResponsesDechunked() throws IOException {
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("POST /echo HTTP/1.0\r\nContent-Length: 3\r\n\r\nxyz");
            RawHttpClient.Response r = c.read(false);
            assertThat(r.chunked()).isFalse();
            assertThat(r.body()).isEqualTo("xyz");
        }
    }

    @Test
    void headResponseHasNoBody() throws IOException {
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(c.read(true).status()).isEqualTo(200);
            // nothing extra arrived: the next response is the next request's
            assertThat(c.get("/").body()).isEqualTo("stable");
        }
    }

    @Test
    void malformedRequestsGet400AndAreCounted() throws IOException {
        for (String bad : List.of("NONSENSE\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n")) {
            try (RawHttpClient c = new RawHttpClient(router.address())) {
                c.send(bad);
                RawHttpClient.Response r = c.read(false);
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(c.closedByServer()).isTrue();
            }
        }
        assertThat(router.snapshot().rejectedRequests()).isEqualTo(5);
        assertThat(router.snapshot().version("stable").requests()).isZero();
    }

    @Test
    void malformedChunkGets400() throws IOException {
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
            assertThat(c.read(false).status()).isEqualTo(400);
        }
    }
}
