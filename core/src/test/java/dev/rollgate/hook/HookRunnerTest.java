package dev.rollgate.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rollgate.config.InvalidFieldException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hooks run as real {@code /bin/sh} processes and real HTTP requests against a JDK HttpServer. */
class HookRunnerTest {

    @TempDir
    Path dir;

    final HookRunner runner = new HookRunner(Clock.systemUTC());

    HookContext context(URI address) {
        return new HookContext("payments-api", "production", "v2", Optional.of("v1"), address, dir);
    }

    HookResult run(HookPhase phase, HookSpec spec) throws InterruptedException {
        return runner.run(phase, spec, context(URI.create("http://127.0.0.1:9")));
    }

    /** Waits (bounded) until a file written by a child process appears, and returns its content. */
    static String awaitFile(Path file) throws Exception {
        for (int i = 0; i < 1000 && !(Files.exists(file) && Files.size(file) > 0); i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return Files.readString(file).strip();
    }

    static void assertEventuallyDead(long pid) throws Exception {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
            assertThat(handle.get().isAlive()).as("process %d", pid).isFalse();
        }
    }

    @Nested
    class Commands {

        @Test
        void successfulCommandReportsExitCodeZeroAndItsOutput() throws Exception {
            HookResult r = run(HookPhase.POST_DEPLOY, HookSpec.ofCommand("echo deployed $ROLLGATE_VERSION"));

            assertThat(r.succeeded()).isTrue();
            assertThat(r.exitCode()).contains(0);
            assertThat(r.output()).isEqualTo("deployed v2\n");
            assertThat(r.summary()).startsWith("postDeploy succeeded after ");
            assertThat(r.phase()).isEqualTo(HookPhase.POST_DEPLOY);
        }

        @Test
        void nonZeroExitFailsWithTheCodeAndMergedOutput() throws Exception {
            HookResult r = run(HookPhase.MIGRATE, HookSpec.ofCommand("echo applying 0042; echo 'relation exists' >&2; exit 3"));

            assertThat(r.succeeded()).isFalse();
            assertThat(r.exitCode()).contains(3);
            assertThat(r.output()).isEqualTo("applying 0042\nrelation exists\n");
            assertThat(r.summary()).matches("migrate exited 3 after [0-9.]+m?s");
        }

        @Test
        void commandSeesRollgateVariablesAndTheSpecsEnv() throws Exception {
            HookSpec spec = HookSpec.ofCommand("echo \"$ROLLGATE_SERVICE|$ROLLGATE_ENVIRONMENT|$ROLLGATE_VERSION|"
                    + "$ROLLGATE_PREVIOUS_VERSION|$ROLLGATE_HOOK|$ROLLGATE_SERVICE_URL|$DB_URL\"")
                    .withEnv(Map.of("DB_URL", "jdbc:postgresql://db/payments"));

            HookResult r = runner.run(HookPhase.MIGRATE, spec, context(URI.create("http://127.0.0.1:8080")));

            assertThat(r.output().strip()).isEqualTo(
                    "payments-api|production|v2|v1|migrate|http://127.0.0.1:8080|jdbc:postgresql://db/payments");
        }

        @Test
        void previousVersionIsEmptyOnAFirstDeployment() throws Exception {
            HookContext first = new HookContext("svc", "staging", "v1", Optional.empty(), URI.create("http://h"), dir);

            HookResult r = runner.run(HookPhase.PRE_DEPLOY,
                    HookSpec.ofCommand("echo \"[${ROLLGATE_PREVIOUS_VERSION-unset}]\""), first);

            assertThat(r.output()).isEqualTo("[]\n");
        }

        @Test
        void runsInTheWorkingDirectoryWithNoInput() throws Exception {
            HookResult r = run(HookPhase.PRE_DEPLOY, HookSpec.ofCommand("cat; echo backup > backup.txt"));

            assertThat(r.succeeded()).isTrue();
            assertThat(dir.resolve("backup.txt")).hasContent("backup");
        }

        @Test
        void timeoutKillsTheWholeProcessTree() throws Exception {
            // The shell starts a grandchild and waits for it; the timeout must take both.
            HookSpec spec = HookSpec.ofCommand("echo started; sleep 30 & echo $! > child.pid; wait")
                    .withTimeout(Duration.ofSeconds(1));

            HookResult r = run(HookPhase.PRE_DEPLOY, spec);

            assertThat(r.succeeded()).isFalse();
            assertThat(r.exitCode()).isEmpty();
            assertThat(r.summary()).isEqualTo("preDeploy timed out after 1s");
            assertThat(r.output()).startsWith("started\n").contains("timed out after 1s");
            assertEventuallyDead(Long.parseLong(Files.readString(dir.resolve("child.pid")).strip()));
        }

        @Test
        void outputIsBoundedToItsEndAndSaysWhatWasLeftOut() throws Exception {
            // 200 KB is far beyond a pipe's buffer: the child would block if nobody read.
            HookResult r = run(HookPhase.MIGRATE, HookSpec.ofCommand(
                    "i=0; while [ $i -lt 2000 ]; do echo \"line $i ................................................................................................\"; i=$((i+1)); done; echo LAST"));

            assertThat(r.succeeded()).isTrue();
            assertThat(r.output()).startsWith("[").contains("bytes of earlier output left out]\n").endsWith("LAST\n");
            assertThat(r.output().getBytes(StandardCharsets.UTF_8).length).isLessThan(HookRunner.OUTPUT_LIMIT + 100);
            assertThat(r.output()).doesNotContain("line 0 ").contains("line 1999 ");
        }

        @Test
        void aMissingWorkingDirectoryFailsWithoutAnExitCode() throws Exception {
            HookContext nowhere = new HookContext("svc", "staging", "v1", Optional.empty(), URI.create("http://h"),
                    dir.resolve("missing"));

            HookResult r = runner.run(HookPhase.PRE_DEPLOY, HookSpec.ofCommand("true"), nowhere);

            assertThat(r.succeeded()).isFalse();
            assertThat(r.exitCode()).isEmpty();
            assertThat(r.summary()).startsWith("preDeploy could not start");
        }

        @Test
        void interruptingTheCallerKillsTheCommandAndThrows() throws Exception {
            HookSpec spec = HookSpec.ofCommand("sleep 30 & echo $! > child.pid; wait");
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    run(HookPhase.MIGRATE, spec);
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            caller.start();
            long child = Long.parseLong(awaitFile(dir.resolve("child.pid")));

            caller.interrupt();

            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertEventuallyDead(child);
        }
    }

    @Nested
    class HttpChecks {

        TestServer server;

        @BeforeEach
        void start() throws IOException {
            server = new TestServer()
                    .answer("/health", 200, "ok")
                    .answer("/api/invoices", 500, "boom")
                    .answer("/api/health/db", 200, "{\"db\":\"up\"}")
                    .hang("/slow");
        }

        @AfterEach
        void stop() {
            server.close();
        }

        HookResult smoke(HookSpec spec) throws InterruptedException {
            return runner.run(HookPhase.SMOKE, spec, context(server.base()));
        }

        @Test
        void allChecksAnsweringAsExpectedPassAndAreListedInTheOutput() throws Exception {
            HookResult r = smoke(HookSpec.ofHttp(List.of(HttpCheckSpec.get("/health"),
                    new HttpCheckSpec("/api/health/db", Optional.of(200), Optional.of(HttpMethod.GET), Optional.of("\"up\"")),
                    new HttpCheckSpec("/health", Optional.empty(), Optional.of(HttpMethod.HEAD), Optional.empty()))));

            assertThat(r.succeeded()).isTrue();
            assertThat(r.exitCode()).isEmpty();
            assertThat(r.summary()).startsWith("smoke: 3 HTTP checks passed in ");
            assertThat(r.output()).contains("GET " + server.base() + "/health answered 200 in ",
                    "GET " + server.base() + "/api/health/db answered 200", "HEAD " + server.base() + "/health answered 200");
            assertThat(server.requests).containsExactly("GET /health", "GET /api/health/db", "HEAD /health");
        }

        @Test
        void aWrongStatusFailsNamingTheRequestAndStopsTheChecks() throws Exception {
            HookResult r = smoke(HookSpec.ofHttp(List.of(HttpCheckSpec.get("/health"),
                    HttpCheckSpec.get("/api/invoices"), HttpCheckSpec.get("/api/health/db"))));

            assertThat(r.succeeded()).isFalse();
            assertThat(r.summary()).isEqualTo("smoke: GET /api/invoices answered 500, expected 200");
            assertThat(r.output()).contains("/api/invoices answered 500").contains("(expected 200)");
            assertThat(server.requests).containsExactly("GET /health", "GET /api/invoices");
        }

        @Test
        void anExpectedNon200StatusPasses() throws Exception {
            HookResult r = smoke(HookSpec.ofHttp(List.of(
                    new HttpCheckSpec("/api/invoices", Optional.of(500), Optional.empty(), Optional.empty()))));

            assertThat(r.succeeded()).isTrue();
        }

        @Test
        void aBodyWithoutTheExpectedTextFails() throws Exception {
            HookResult r = smoke(HookSpec.ofHttp(List.of(
                    new HttpCheckSpec("/health", Optional.empty(), Optional.empty(), Optional.of("UP")))));

            assertThat(r.succeeded()).isFalse();
            assertThat(r.summary()).isEqualTo("smoke: GET /health answered 200 without \"UP\"");
        }

        @Test
        void aCheckThatGetsNoAnswerFailsAfterItsTimeout() throws Exception {
            HookResult r = smoke(HookSpec.ofHttp(List.of(HttpCheckSpec.get("/slow"))).withTimeout(Duration.ofMillis(200)));

            assertThat(r.succeeded()).isFalse();
            assertThat(r.summary()).isEqualTo("smoke: GET /slow failed: no answer within 0.2s");
        }

        @Test
        void aServiceThatIsDownFailsWithConnectionRefused() throws Exception {
            HookResult r = runner.run(HookPhase.SMOKE, HookSpec.ofHttp(List.of(HttpCheckSpec.get("/health"))),
                    context(TestServer.refusingAddress()));

            assertThat(r.succeeded()).isFalse();
            assertThat(r.summary()).isEqualTo("smoke: GET /health failed: connection refused");
        }

        @Test
        void theCommandRunsFirstAndItsFailureSkipsTheChecks() throws Exception {
            HookSpec both = new HookSpec(Optional.of("exit 1"), Optional.of(List.of(HttpCheckSpec.get("/health"))),
                    Optional.empty(), Optional.empty());

            HookResult r = smoke(both);

            assertThat(r.succeeded()).isFalse();
            assertThat(r.summary()).startsWith("smoke exited 1 after");
            assertThat(server.requests).isEmpty();
        }

        @Test
        void aServiceAddressWithATrailingSlashIsJoinedCleanly() throws Exception {
            HookResult r = runner.run(HookPhase.SMOKE, HookSpec.ofHttp(List.of(HttpCheckSpec.get("/health"))),
                    context(URI.create(server.base() + "/")));

            assertThat(r.succeeded()).isTrue();
            assertThat(server.requests).containsExactly("GET /health");
        }
    }

    @Test
    void resultRoundTripsThroughJson() throws Exception {
        JsonMapper mapper = JsonMapper.builder().addModule(new Jdk8Module()).addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        HookResult failed = run(HookPhase.MIGRATE, HookSpec.ofCommand("echo 'ünïcode \"quoted\"'; exit 2"));
        HookResult timedOut = new HookResult(HookPhase.SMOKE, false, Optional.empty(), "", Duration.ofMinutes(10),
                "smoke timed out after 10m");

        for (HookResult r : List.of(failed, timedOut)) {
            String json = mapper.writeValueAsString(r);
            assertThat(mapper.readValue(json, HookResult.class)).isEqualTo(r);
        }
        assertThat(mapper.writeValueAsString(failed)).contains("\"exitCode\":2", "\"succeeded\":false");
    }

    @Nested
    class Specs {

        @Test
        void aHookNeedsACommandOrChecks() {
            assertThatThrownBy(() -> new HookSpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("command"))
                    .hasMessageContaining("command, http checks, or both");
        }

        @Test
        void invalidFieldsAreNamed() {
            assertThatThrownBy(() -> HookSpec.ofCommand("true").withEnv(Map.of("ROLLGATE_VERSION", "x")))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("env"));
            assertThatThrownBy(() -> HookSpec.ofCommand("true").withTimeout(Duration.ZERO))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("timeout"));
            assertThatThrownBy(() -> HookSpec.ofHttp(List.of()))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("http"));
            assertThatThrownBy(() -> HttpCheckSpec.get("health"))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("path"));
            assertThatThrownBy(() -> new HttpCheckSpec("/health", Optional.of(99), Optional.empty(), Optional.empty()))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("expectStatus"));
            assertThatThrownBy(() -> new HttpCheckSpec("/health", Optional.empty(), Optional.of(HttpMethod.HEAD), Optional.of("ok")))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("contains"));
        }

        @Test
        void defaultsAreFiveMinutesForCommandsAndTenSecondsPerCheck() {
            HookSpec spec = HookSpec.ofCommand("true");

            assertThat(spec.commandTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(spec.httpTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(HttpCheckSpec.get("/health").expectedStatus()).isEqualTo(200);
            assertThat(HttpCheckSpec.get("/health").httpMethod()).isEqualTo(HttpMethod.GET);
        }

        @Test
        void hooksAreLookedUpByPhase() {
            HookSpec migrate = HookSpec.ofCommand("./scripts/migrate.sh up");
            HooksSpec hooks = HooksSpec.NONE.with(HookPhase.MIGRATE, migrate);

            assertThat(hooks.hook(HookPhase.MIGRATE)).contains(migrate);
            assertThat(hooks.hook(HookPhase.PRE_DEPLOY)).isEmpty();
            for (HookPhase phase : HookPhase.values()) {
                assertThat(HooksSpec.NONE.hook(phase)).isEmpty();
            }
        }
    }
}
