package dev.rollgate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.driver.RealSleeper;
import dev.rollgate.driver.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real HTTP servers, a short spec (10 ms apart) and a sleeper that really sleeps and records what it was asked. */
class HealthCheckerTest {

    static final Duration TEN_MS = Duration.ofMillis(10);

    final List<Duration> slept = new CopyOnWriteArrayList<>();
    final Sleeper recording = d -> {
        slept.add(d);
        RealSleeper.INSTANCE.sleep(d);
    };
    final HealthChecker checker = new HealthChecker(Clock.systemUTC(), recording);
    final List<TestServer> servers = new CopyOnWriteArrayList<>();

    TestServer server() throws Exception {
        TestServer s = new TestServer();
        servers.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    static HealthCheckSpec spec(int failureThreshold) {
        return HealthCheckSpec.of("/health", Duration.ZERO, Duration.ofSeconds(2), TEN_MS, failureThreshold, 200);
    }

    @Test
    void instancesThatAnswerAtOnceAreHealthyAfterOneAttempt() throws Exception {
        TestServer a = server().answer("/health", 200, "ok");
        TestServer b = server().answer("/health", 200, "ok");

        HealthResult r = checker.await(spec(3), List.of(a.base(), b.base()));

        assertThat(r.healthy()).isTrue();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.summary()).isEqualTo("2 instances answered 200 on /health after 1 attempt");
        assertThat(slept).isEmpty();
    }

    @Test
    void aSlowStarterIsPolledUntilItAnswersAndTheReadyOneIsNotAskedAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TestServer starting = server().answer("/health", () -> calls.incrementAndGet() <= 2 ? 503 : 200, "");
        TestServer ready = server().answer("/health", 200, "ok");
        HealthCheckSpec spec = HealthCheckSpec.of("/health", Duration.ofMillis(20), Duration.ofSeconds(2), TEN_MS, 5, 200);

        HealthResult r = checker.await(spec, List.of(starting.base(), ready.base()));

        assertThat(r.healthy()).isTrue();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(slept).containsExactly(Duration.ofMillis(20), TEN_MS, TEN_MS);
        assertThat(ready.requests).hasSize(1);
        assertThat(starting.requests).hasSize(3);
    }

    @Test
    void anInstanceThatRefusesConnectionsFailsAfterTheThresholdNamingItself() throws Exception {
        TestServer ready = server().answer("/health", 200, "ok");
        URI down = TestServer.refusingAddress();

        HealthResult r = checker.await(spec(3), List.of(ready.base(), down));

        assertThat(r.healthy()).isFalse();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.summary()).isEqualTo(down + "/health: connection refused after 3 attempts 10ms apart");
    }

    @Test
    void aWrongStatusIsReportedWithTheExpectedOne() throws Exception {
        TestServer sick = server().answer("/ready", 503, "starting");
        HealthCheckSpec spec = HealthCheckSpec.of("/ready", Duration.ZERO, Duration.ofSeconds(2), TEN_MS, 2, 200);

        HealthResult r = checker.await(spec, List.of(sick.base()));

        assertThat(r.healthy()).isFalse();
        assertThat(r.summary()).isEqualTo(sick.base() + "/ready: answered 503 (expected 200) after 2 attempts 10ms apart");
        assertThat(sick.requests).containsExactly("GET /ready", "GET /ready");
    }

    @Test
    void anInstanceThatNeverAnswersFailsByItsTimeout() throws Exception {
        TestServer stuck = server().hang("/health");
        HealthCheckSpec spec = HealthCheckSpec.of("/health", Duration.ZERO, Duration.ofMillis(100), TEN_MS, 1, 200);

        HealthResult r = checker.await(spec, List.of(stuck.base()));

        assertThat(r.healthy()).isFalse();
        assertThat(r.summary()).isEqualTo(stuck.base() + "/health: no answer within 0.1s after 1 attempt");
    }

    @Test
    void interruptionStopsTheWaitAtOnce() throws Exception {
        URI down = TestServer.refusingAddress();
        CountDownLatch sleeping = new CountDownLatch(1);
        Sleeper signalling = d -> {
            sleeping.countDown();
            RealSleeper.INSTANCE.sleep(d);
        };
        HealthCheckSpec hourly = HealthCheckSpec.of("/health", Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(1), 10, 200);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                new HealthChecker(Clock.systemUTC(), signalling).await(hourly, List.of(down));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        caller.start();
        assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void theDefaultIsTheRunbook() {
        HealthCheckSpec d = HealthCheckSpec.DEFAULT;
        HealthCheckSpec empty = new HealthCheckSpec(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        for (HealthCheckSpec s : List.of(d, empty)) {
            assertThat(s.pathOrDefault()).isEqualTo("/health");
            assertThat(s.initialDelayOrDefault()).isZero();
            assertThat(s.timeoutOrDefault()).isEqualTo(Duration.ofSeconds(5));
            assertThat(s.intervalOrDefault()).isEqualTo(Duration.ofSeconds(5));
            assertThat(s.failureThresholdOrDefault()).isEqualTo(10);
            assertThat(s.expectStatusOrDefault()).isEqualTo(200);
        }
    }

    @Test
    void impossibleValuesNameTheirField() {
        assertThatThrownBy(() -> HealthCheckSpec.of("/health", Duration.ZERO, Duration.ofSeconds(5), TEN_MS, 0, 200))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("failureThreshold"));
        assertThatThrownBy(() -> HealthCheckSpec.of("health", Duration.ZERO, Duration.ofSeconds(5), TEN_MS, 3, 200))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("path"));
        assertThatThrownBy(() -> HealthCheckSpec.of("/health", Duration.ZERO, Duration.ZERO, TEN_MS, 3, 200))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("timeout"));
        assertThatThrownBy(() -> HealthCheckSpec.of("/health", Duration.ZERO, Duration.ofSeconds(5), TEN_MS, 3, 42))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("expectStatus"));
    }
}
