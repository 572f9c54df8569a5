package dev.rollgate.target.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The router between real HTTP backends and real clients, all on 127.0.0.1. */
@Timeout(value = 15, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WeightedHttpRouterTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private TestBackend stable;
    private TestBackend canary;
    private WeightedHttpRouter router;

    @BeforeEach
    void backends() throws IOException {
        stable = new TestBackend("stable");
        canary = new TestBackend("canary");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (router != null) {
            router.close();
        }
        stable.close();
        canary.close();
    }

    private WeightedHttpRouter start(Weights weights) throws IOException {
        return start(RouterConfig.defaults(ANY_PORT), weights);
    }

    private WeightedHttpRouter start(RouterConfig config, Weights weights) throws IOException {
        router = new WeightedHttpRouter(config,
                Map.of("stable", List.of(stable.address()), "canary", List.of(canary.address())), weights);
        router.start();
        return router;
    }

    /** Sends HEAD requests (fast with any HttpServer config, see TestBackend) and counts versions by header. */
    private Map<String, Integer> versionsOf(int requests) throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            for (int i = 0; i < requests; i++) {
                RawHttpClient.Response r = c.head("/");
                seen.merge(r.status() + " " + r.header("X-Rollgate-Version"), 1, Integer::sum);
            }
        }
        return seen;
    }

    @Test
    void bindsAFreePortAndReportsIt() throws IOException {
        start(Weights.all("stable"));
        assertThat(router.address().getPort()).isPositive();
        assertThat(router.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void splitsTenThousandRequestsExactly90To10() throws IOException {
        start(Weights.of("stable", 90, "canary", 10));
        assertThat(versionsOf(10_000)).containsOnly(Map.entry("200 stable", 9_000), Map.entry("200 canary", 1_000));
        RouterStats stats = router.snapshot();
        assertThat(stats.version("stable").requests()).isEqualTo(9_000);
        assertThat(stats.version("stable").responses2xx()).isEqualTo(9_000);
        assertThat(stats.version("canary").requests()).isEqualTo(1_000);
        assertThat(stats.version("canary").errorRatePercent()).isZero();
    }

    @Test
    void splitHoldsUnderConcurrentClients() throws Exception {
        start(Weights.of("stable", 75, "canary", 25));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, Integer>>> parts = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                parts.add(pool.submit(() -> versionsOf(250)));
            }
            Map<String, Integer> total = new HashMap<>();
            for (Future<Map<String, Integer>> f : parts) {
                f.get(10, TimeUnit.SECONDS).forEach((k, v) -> total.merge(k, v, Integer::sum));
            }
            // One shared sequence: exact over every full period of 100, whatever the interleaving.
            assertThat(total).containsOnly(Map.entry("200 stable", 1500), Map.entry("200 canary", 500));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void weightChangeAppliesToTheNextRequest() throws IOException {
        start(Weights.all("stable"));
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            assertThat(c.get("/").body()).isEqualTo("stable");
            router.setWeights(Weights.of("stable", 0, "canary", 100));
            for (int i = 0; i < 20; i++) {
                assertThat(c.get("/").body()).isEqualTo("canary");
            }
        }
        assertThat(router.weights()).isEqualTo(Weights.of("stable", 0, "canary", 100));
    }

    @Test
    void rejectsWeightsForUnknownVersionsAndKeepsTheOldOnes() throws IOException {
        start(Weights.of("stable", 90, "canary", 10));
        assertThatThrownBy(() -> router.setWeights(Weights.of("stable", 90, "canry", 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown version 'canry'").hasMessageContaining("stable");
        assertThat(router.weights()).isEqualTo(Weights.of("stable", 90, "canary", 10));
    }

    @Test
    void countsBackend5xxAgainstTheirVersion() throws IOException {
        canary.status(500);
        start(Weights.of("stable", 80, "canary", 20));
        versionsOfAnyStatus(100);
        RouterStats s = router.snapshot();
        assertThat(s.version("canary").errors5xx()).isEqualTo(20);
        assertThat(s.version("canary").errorRatePercent()).isEqualTo(100.0);
        assertThat(s.version("canary").upstreamErrors()).isZero();
        assertThat(s.version("stable").errors5xx()).isZero();
        assertThat(s.version("stable").responses2xx()).isEqualTo(80);
    }

    private void versionsOfAnyStatus(int n) throws IOException {
        versionsOf(n);
    }

    @Test
    void backendDownGives502CountedAsUpstreamError() throws Exception {
        InetSocketAddress dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            dead = new InetSocketAddress("127.0.0.1", s.getLocalPort()); // closed again: connection refused
        }
        router = new WeightedHttpRouter(RouterConfig.defaults(ANY_PORT),
                Map.of("stable", List.of(stable.address()), "canary", List.of(dead)), Weights.of("stable", 50, "canary", 50));
        router.start();
        int bad = 0;
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            for (int i = 0; i < 10; i++) {
                RawHttpClient.Response r = c.get("/");
                if (r.status() == 502) {
                    bad++;
                    assertThat(r.header("X-Rollgate-Version")).isEqualTo("canary");
                } else {
                    assertThat(r.body()).isEqualTo("stable");
                }
            }
        }
        assertThat(bad).isEqualTo(5);
        VersionStats c = router.snapshot().version("canary");
        assertThat(c.upstreamErrors()).isEqualTo(5);
        assertThat(c.errors5xx()).isEqualTo(5);
        assertThat(router.snapshot().version("stable").upstreamErrors()).isZero();
    }

    @Test
    void versionWithoutReplicasGets503() throws IOException {
        router = new WeightedHttpRouter(RouterConfig.defaults(ANY_PORT),
                Map.of("stable", List.of(stable.address()), "canary", List.of()), Weights.all("canary"));
        router.start();
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            RawHttpClient.Response r = c.get("/");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.body()).contains("no backend for version canary");
            router.setBackends("canary", List.of(canary.address()));
            assertThat(c.get("/").body()).isEqualTo("canary");
        }
        assertThat(router.snapshot().version("canary").errors5xx()).isEqualTo(1);
    }

    @Test
    void slowBackendShowsInItsLatencyPercentiles() throws IOException {
        canary.delayMillis(50);
        start(Weights.of("stable", 50, "canary", 50));
        versionsOf(40);
        RouterStats s = router.snapshot();
        VersionStats c = s.version("canary");
        assertThat(c.latency().count()).isEqualTo(20);
        assertThat(c.p50Millis()).isBetween(50 * 0.93, 90.0);
        assertThat(c.p99Millis()).isGreaterThanOrEqualTo(c.p95Millis()).isGreaterThanOrEqualTo(c.p50Millis());
        // Relative, not absolute: on a loaded CI machine the fast backend's tail can exceed any fixed bound.
        assertThat(s.version("stable").p50Millis()).isLessThan(c.p50Millis());
    }

    @Test
    void readTimeoutGives504() throws IOException {
        canary.delayMillis(2_000);
        start(RouterConfig.defaults(ANY_PORT).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)),
                Weights.all("canary"));
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            assertThat(c.get("/").status()).isEqualTo(504);
        }
        assertThat(router.snapshot().version("canary").upstreamErrors()).isEqualTo(1);
        assertThat(router.snapshot().version("canary").p50Millis()).isCloseTo(200, within(60.0));
    }

    @Test
    void keepsOneUpstreamConnectionPerClientConnection() throws IOException {
        start(Weights.all("stable"));
        try (RawHttpClient c = new RawHttpClient(router.address())) {
            for (int i = 0; i < 50; i++) {
                assertThat(c.head("/").status()).isEqualTo(200);
            }
        }
        assertThat(stable.connectionPorts).hasSize(1);
    }

    @Test
    void worksWithHttpUrlConnection() throws IOException {
        start(Weights.all("stable"));
        URL url = new URL("http://127.0.0.1:" + router.address().getPort() + "/");
        for (int i = 0; i < 3; i++) {
            HttpURLConnection conn = (HttpURLConnection) url.openConnection();
            conn.setConnectTimeout(2000);
            conn.setReadTimeout(5000);
            assertThat(conn.getResponseCode()).isEqualTo(200);
            assertThat(conn.getHeaderField("X-Rollgate-Version")).isEqualTo("stable");
            try (InputStream in = conn.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("stable");
            }
        }
    }

    @Test
    void closeDoesNotWaitForASlowBackend() throws Exception {
        canary.delayMillis(5_000);
        start(Weights.all("canary"));
        RawHttpClient waiting = new RawHttpClient(router.address());
        waiting.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        for (int i = 0; i < 200 && canary.connectionPorts.isEmpty(); i++) {
            Thread.sleep(10); // bounded: until the backend holds the request
        }
        assertThat(canary.connectionPorts).hasSize(1);
        long t0 = System.nanoTime();
        router.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(waiting.closedByServer()).isTrue();
        waiting.close();
    }

    @Test
    void closeStopsAcceptingAndClosesClients() throws IOException {
        start(Weights.all("stable"));
        InetSocketAddress address = router.address();
        RawHttpClient idle = new RawHttpClient(address);
        assertThat(idle.get("/").status()).isEqualTo(200);
        router.close();
        assertThat(idle.closedByServer()).isTrue();
        idle.close();
        assertThatThrownBy(() -> new RawHttpClient(address).close()).isInstanceOf(IOException.class);
    }
}
