package dev.rollgate.rollout;

import static dev.rollgate.rollout.Sim.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollgate.analysis.AnalysisPhase;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSample;
import dev.rollgate.state.Codec;
import dev.rollgate.strategy.PauseReason;
import dev.rollgate.target.Side;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rollout status as saved in the state store and printed by {@code rollgate status --output json}: it reads
 * back as it was written, and a status written by this version (the committed fixture) keeps reading.
 */
class StatusJsonTest {

    private static final Codec<RolloutStatus> CODEC = StatusJson.codec();

    /**
     * Three regions, each a canary at 50% for 10 minutes with a background analysis; eu-west's new version is
     * unhealthy and rolled back, and the rollout goes on with ap-south.
     */
    static final String PLAN = """
            replicas: 2
            progressDeadline: 2h
            strategy:
              multiRegion:
                strategy:
                  canary:
                    analysis: { interval: 1m, metrics: [ { name: error_rate, max: 1 }, { name: latency_p99, max: 500 } ] }
                    steps: [ { setWeight: 50 }, { pause: { duration: 10m } } ]
                stopOnRegionFailure: false
                regions: [ { name: us-east }, { name: eu-west }, { name: ap-south } ]
            """;

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** A simulation of {@link #PLAN} with eu-west's new version failing its health check. */
    private static Sim threeRegions() {
        Sim sim = new Sim(Sim.rollout(PLAN), "v1");
        sim.metrics = q -> q.metric() == Metric.ERROR_RATE ? MetricSample.of(0.12, 0.1) : MetricSample.of(180.5, 170.25);
        sim.world = a -> a instanceof Action.Scale s && s.region().equals("eu-west") && s.side() == Side.CANARY
                && s.replicas() > 0
                ? new Observation.Failed(a, "health check: /health answered 503 10 times", Observation.FailureKind.REJECTED)
                : sim.answer(a);
        return sim;
    }

    /**
     * 14 minutes in: ap-south at 50% in its timed pause with its background analysis running, eu-west rolled back
     * (the abort says why), and a promote from alice not yet acted on.
     */
    private static RolloutStatus midAnalysis() {
        Sim sim = threeRegions();
        sim.run(Duration.ofMinutes(14));
        sim.command(Command.Kind.PROMOTE, "looks good");
        return sim.status;
    }

    private static RolloutStatus roundTrip(RolloutStatus status) {
        try {
            return CODEC.decode(CODEC.encode(status));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aStatusMidAnalysisWithAPauseAnAbortAndACommandReadsBackEqual() throws IOException {
        // Given
        RolloutStatus status = midAnalysis();
        assertThat(status.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(status.pauseConditions()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo(PauseReason.CANARY_PAUSE_STEP));
        assertThat(status.abort()).isPresent();
        assertThat(status.command()).isPresent();
        assertThat(status.analysisRuns()).extracting(r -> r.name() + " " + r.phase()).containsExactly(
                "us-east/background Successful", "ap-south/background Running");

        // When
        byte[] json = CODEC.encode(status);
        RolloutStatus read = CODEC.decode(json);

        // Then
        assertThat(read).isEqualTo(status);
        assertThat(CODEC.encode(read)).isEqualTo(json);
    }

    @Test
    void everyStatusOfAWholeRolloutReadsBackEqualAndARolloutDrivenThroughTheStoreActsTheSame() {
        // Given one run kept in memory and one whose status goes through JSON between every two advances
        Sim inMemory = threeRegions();
        Sim throughJson = threeRegions();
        throughJson.store = s -> {
            RolloutStatus read = roundTrip(s);
            assertThat(read).isEqualTo(s);
            return read;
        };
        // a transient failure once, so a pending retry is saved too
        throughJson.world = retryOnce(throughJson.world);
        inMemory.world = retryOnce(inMemory.world);

        // When
        RolloutStatus a = inMemory.run(Duration.ofHours(1));
        RolloutStatus b = throughJson.run(Duration.ofHours(1));

        // Then
        assertThat(b.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(b).isEqualTo(a);
        assertThat(throughJson.actions).isEqualTo(inMemory.actions);
        assertThat(throughJson.saved).anySatisfy(s -> assertThat(s.retry()).isPresent());
        assertThat(throughJson.saved).anySatisfy(s -> assertThat(s.rollback()).isPresent());
    }

    /** {@code world}, except that the first route in ap-south times out once. */
    private static java.util.function.Function<Action, Observation> retryOnce(
            java.util.function.Function<Action, Observation> world) {
        boolean[] failed = {false};
        return a -> {
            if (a instanceof Action.Route && a.region().equals("ap-south") && !failed[0]) {
                failed[0] = true;
                return new Observation.Failed(a, "connect timed out", Observation.FailureKind.TRANSIENT);
            }
            return world.apply(a);
        };
    }

    @Test
    void theJsonUsesThePublicFieldNamesAndWireNames() throws IOException {
        JsonNode json = StatusJson.mapper().readTree(CODEC.encode(midAnalysis()));

        assertThat(json.get("phase").asText()).isEqualTo("Paused");
        assertThat(json.get("currentStepIndex").isInt()).isTrue();
        assertThat(json.get("canaryWeight").asInt()).isEqualTo(50);
        assertThat(json.get("stableVersion").asText()).isEqualTo("v1");
        assertThat(json.get("canaryVersion").asText()).isEqualTo("v2");
        assertThat(json.get("message").asText()).startsWith("step ");
        assertThat(json.get("pauseConditions").get(0).get("reason").asText()).isEqualTo("CanaryPauseStep");
        assertThat(json.get("pauseConditions").get(0).get("until").asText()).isEqualTo("2026-12-02T10:20:00Z");
        assertThat(json.get("abort").get("cause").asText()).isEqualTo("health_check_failed");
        assertThat(json.get("waitedForPeople").asText()).isEqualTo("PT0S");
        assertThat(json.get("finishedAt").isNull()).isTrue();
    }

    // ---- the committed fixture ---------------------------------------------------------------------------------

    private static byte[] fixture() throws IOException {
        try (InputStream in = StatusJsonTest.class.getResourceAsStream("/rollout/status-v1.json")) {
            assertThat(in).as("rollout/status-v1.json on the test class path").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theCommittedV1StatusStillReads() throws IOException {
        // Given a status saved by Rollgate's first status format (written from midAnalysis())
        byte[] bytes = fixture();
        JsonNode json = StatusJson.mapper().readTree(bytes);

        // When
        RolloutStatus status = CODEC.decode(bytes);

        // Then the public fields read as written
        assertThat(json.get("phase").asText()).isEqualTo("Paused");
        assertThat(status.phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(json.get("currentStepIndex").asInt()).isEqualTo(status.currentStepIndex()).isEqualTo(24);
        assertThat(json.get("canaryWeight").asInt()).isEqualTo(status.canaryWeight()).isEqualTo(50);
        assertThat(json.get("stableVersion").asText()).isEqualTo("v1");
        assertThat(status.stableVersion()).contains("v1");
        assertThat(json.get("canaryVersion").asText()).isEqualTo("v2");
        assertThat(status.canaryVersion()).isEqualTo("v2");
        assertThat(json.get("message").asText()).isEqualTo(status.message())
                .isEqualTo("step 25/30: paused 10m at 50% (CanaryPauseStep)");
        assertThat(status.abort().orElseThrow().message()).isEqualTo(
                "region eu-west: scaling v2 to 2 failed: health check: /health answered 503 10 times");
        assertThat(status.command().orElseThrow().kind()).isEqualTo(Command.Kind.PROMOTE);
        assertThat(status.analysisRuns().get(1).phase()).isEqualTo(AnalysisPhase.RUNNING);
        assertThat(status.analysisRuns().get(1).metricResults().get(1).measurements().get(0).canary().getAsDouble())
                .isEqualTo(180.5);
        // And writing it again keeps every field as it was (new fields may be added, none renamed or rewritten)
        assertContains(StatusJson.mapper().readTree(CODEC.encode(status)), json, "$");
    }

    @Test
    void theCommittedV1StatusCarriesOnWhereItStopped() throws IOException {
        // Given the saved status, read by a new driver 14 minutes in, with alice's promote waiting
        RolloutStatus saved = CODEC.decode(fixture());
        Sim sim = threeRegions();
        sim.status = saved;
        sim.now = at(14);

        // When
        RolloutStatus end = sim.run(Duration.ofHours(1));

        // Then the promote ends ap-south's pause at once and the rollout completes
        assertThat(end.phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(end.finishedAt()).contains(at(14));
        assertThat(end.regions()).extracting(r -> r.name() + " " + r.state())
                .containsExactly("us-east PROMOTED", "eu-west ROLLED_BACK", "ap-south PROMOTED");
    }

    /** Every field of {@code expected}, recursively, is in {@code actual} with the same value. */
    private static void assertContains(JsonNode actual, JsonNode expected, String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path).isTrue();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertThat(actual.has(field.getKey())).as(path + "." + field.getKey()).isTrue();
                assertContains(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertContains(actual.get(i), expected.get(i), path + "[" + i + "]");
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
