package dev.rollgate.analysis;

import static dev.rollgate.analysis.Metric.ERROR_RATE;
import static dev.rollgate.analysis.Metric.LATENCY_P95;
import static dev.rollgate.analysis.Metric.LATENCY_P99;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rollout engine stores runs inside its status JSON; they must read back exactly. */
class AnalysisRunJsonTest {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00.123456789Z");

    private static AnalysisRun roundTrip(AnalysisRun run) throws Exception {
        return MAPPER.readValue(MAPPER.writeValueAsString(run), AnalysisRun.class);
    }

    private static AnalysisSpec fullSpec() {
        return AnalysisSpec.of(Duration.ofMinutes(1), 5, MetricSpec.max(ERROR_RATE, 1).withMin(0),
                        MetricSpec.maxIncrease(LATENCY_P99, 50).withInterval(Duration.ofSeconds(30)),
                        MetricSpec.mannWhitney(LATENCY_P95, 0.05, 0.3))
                .withInitialDelay(Duration.ofSeconds(15))
                .withFailureLimit(1).withInconclusiveLimit(2).withConsecutiveErrorLimit(3)
                .withRollbackCriteria(RollbackCriterion.above(ERROR_RATE, 3, 2, Severity.AUTOMATIC),
                        RollbackCriterion.when("error_rate > 2 for 300s", Severity.MANUAL));
    }

    @Test
    void runWithMeasurementsCriteriaStateAndVerdictReadsBackEqual() throws Exception {
        AnalysisRun run = AnalysisRun.start("canary-25%", fullSpec(), T0)
                .record(ERROR_RATE, MetricSample.of(2.5, 0.1), T0.plusSeconds(75))
                .record(LATENCY_P99, MetricSample.failed("prometheus: 503 \"unavailable\""), T0.plusSeconds(45))
                .record(LATENCY_P95, MetricSample.of(310), T0.plusSeconds(75))
                .record(ERROR_RATE, MetricSample.of(3.5, 0.1), T0.plusSeconds(135))
                .record(ERROR_RATE, MetricSample.of(3.6, 0.1), T0.plusSeconds(195));
        assertThat(run.verdict()).isPresent();
        assertThat(run.criteria().get(1).streak()).isEqualTo(2);
        assertThat(run.measurements()).hasSize(4);

        assertThat(roundTrip(run)).isEqualTo(run);
    }

    @Test
    void runningRunReadsBackEqualAndBehavesTheSame() throws Exception {
        AnalysisRun run = AnalysisRun.start("bg", fullSpec(), T0)
                .record(ERROR_RATE, MetricSample.of(0.2, 0.1), T0.plusSeconds(75));

        AnalysisRun read = roundTrip(run);

        assertThat(read).isEqualTo(run);
        assertThat(read.nextDueAt()).isEqualTo(run.nextDueAt());
        Instant next = T0.plusSeconds(135);
        assertThat(read.record(ERROR_RATE, MetricSample.of(9), next)).isEqualTo(run.record(ERROR_RATE, MetricSample.of(9), next));
    }

    @Test
    void freshRunReadsBackEqual() throws Exception {
        AnalysisRun run = AnalysisRun.start("a", AnalysisSpec.of(MetricSpec.max(ERROR_RATE, 1)), T0);

        assertThat(roundTrip(run)).isEqualTo(run);
    }
}
