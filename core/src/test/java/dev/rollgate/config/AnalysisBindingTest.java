package dev.rollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.analysis.JudgeKind;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSpec;
import dev.rollgate.analysis.RollbackCriterion;
import dev.rollgate.analysis.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Binds {@code analysis:} YAML onto {@link AnalysisSpec} the way the loader does, and checks that mistakes are
 * reported at the line that holds them. (Environments have no {@code analysis} key yet, hence the binder.)
 */
class AnalysisBindingTest {

    private static final String FILE = "rollgate.yaml";

    private final List<ConfigProblem> problems = new ArrayList<>();

    private AnalysisSpec bind(String yaml) {
        YamlNode node = new YamlReader(FILE, problems).read(yaml);
        assertThat(node).as("YAML read; problems: %s", problems).isNotNull();
        return (AnalysisSpec) new RecordBinder(FILE, problems).bind(node, AnalysisSpec.class);
    }

    /** The design's example, verbatim but for {@code for:}, which Java spells {@code sustainedFor:}. */
    static final String EXAMPLE = """
            interval: 1m
            count: 5
            initialDelay: 30s
            failureLimit: 0
            inconclusiveLimit: 0
            consecutiveErrorLimit: 4
            metrics:
              - name: error_rate
                max: 1
              - name: request_rate
                min: 0.5
              - name: latency_p99
                maxIncrease: 50
              - name: latency_p95
                judge: mannWhitney
                alpha: 0.05
                minEffect: 0.3
            rollbackCriteria:
              - metric: error_rate
                max: 1
                consecutive: 2
                severity: automatic
              - metric: latency_p99
                max: 2000
                consecutive: 3
              - metric: error_rate
                max: 2
                sustainedFor: 300s
                severity: manual
              - when: "error_rate > 5 for 60s"
            """;

    @Test
    void bindsTheDesignExample() {
        AnalysisSpec spec = bind(EXAMPLE);

        assertThat(problems).isEmpty();
        assertThat(spec.interval()).contains(Duration.ofMinutes(1));
        assertThat(spec.count()).contains(5);
        assertThat(spec.initialDelay()).contains(Duration.ofSeconds(30));
        assertThat(spec.metricList()).extracting(MetricSpec::name)
                .containsExactly(Metric.ERROR_RATE, Metric.REQUEST_RATE, Metric.LATENCY_P99, Metric.LATENCY_P95);
        assertThat(spec.metricList().get(0).max()).contains(1.0);
        assertThat(spec.metricList().get(1).min()).contains(0.5);
        assertThat(spec.metricList().get(3).judge()).contains(JudgeKind.MANN_WHITNEY);
        List<RollbackCriterion> criteria = spec.rollbackCriterionList();
        assertThat(criteria).hasSize(4);
        assertThat(criteria.get(0).describe()).isEqualTo("error_rate > 1% for 2 consecutive checks");
        assertThat(criteria.get(1).severityOrDefault()).isEqualTo(Severity.AUTOMATIC);
        assertThat(criteria.get(2).describe()).isEqualTo("error_rate > 2% for 5m");
        assertThat(criteria.get(2).severityOrDefault()).isEqualTo(Severity.MANUAL);
        assertThat(criteria.get(3)).isEqualTo(new RollbackCriterion(java.util.Optional.of(Metric.ERROR_RATE),
                java.util.Optional.of(5.0), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(Duration.ofSeconds(60)), java.util.Optional.empty(),
                java.util.Optional.of("error_rate > 5 for 60s")));
    }

    @Test
    void unknownMetricNameIsReportedOnItsLine() {
        AnalysisSpec spec = bind("""
                interval: 1m
                metrics:
                  - name: error_rate
                    max: 1
                  - name: latency_p90
                    max: 300
                """);

        assertThat(spec).isNull();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.path()).isEqualTo("metrics[1].name");
            assertThat(p.message()).contains("\"latency_p90\" is not one of").contains("latency_p95");
        });
    }

    @Test
    void minAboveMaxIsReportedOnTheMinLine() {
        bind("""
                metrics:
                  - name: request_rate
                    max: 1
                    min: 5
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.toString()).isEqualTo("rollgate.yaml:4:10: metrics[0].min: min 5 req/s is above max 1 req/s; "
                    + "no value of request_rate could pass");
        });
    }

    @Test
    void badWhenTextIsReportedOnTheWhenLine() {
        bind("""
                metrics:
                  - name: error_rate
                    max: 1
                rollbackCriteria:
                  - when: "error_rate above 5 percent"
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.path()).isEqualTo("rollbackCriteria[0].when");
            assertThat(p.message()).contains("cannot read \"error_rate above 5 percent\"");
        });
    }

    @Test
    void countZeroIsReportedOnTheCountLine() {
        bind("""
                interval: 1m
                count: 0
                metrics: [{name: error_rate, max: 1}]
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("count must be at least 1, was 0");
        });
    }

    @Test
    void countWithoutIntervalBindsBecauseAStepMayTakeItsIntervalFromTheTemplate() {
        AnalysisSpec bound = bind("""
                count: 5
                metrics: [{name: error_rate, max: 1}]
                """);

        assertThat(problems).isEmpty();
        assertThatThrownBy(bound::requireRunnable)
                .hasMessageContaining("count 5 needs an interval");
        AnalysisSpec template = AnalysisSpec.of(MetricSpec.max(Metric.ERROR_RATE, 2)).withInterval(java.time.Duration.ofSeconds(1));
        template.overriddenBy(bound).requireRunnable();
    }

    @Test
    void notANumberIsReportedOnItsLine() {
        bind("""
                metrics:
                  - name: error_rate
                    max: lots
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("\"lots\" is not a number; write e.g. 1, 0.5 or 2000");
        });
    }

    @Test
    void mannWhitneyWithAlphaOutsideZeroToOneIsReportedOnTheAlphaLine() {
        bind("""
                interval: 1m
                count: 5
                metrics:
                  - name: latency_p95
                    judge: mannWhitney
                    alpha: 5
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).contains("between 0 and 1");
        });
    }

    @Test
    void metricListedTwiceIsReported() {
        bind("""
                metrics:
                  - name: error_rate
                    max: 1
                  - name: error_rate
                    max: 2
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("metrics");
            assertThat(p.message()).contains("error_rate is listed twice");
        });
    }

    @Test
    void stepAnalysisTightensTheTemplate() {
        AnalysisSpec template = bind(EXAMPLE);
        AnalysisSpec step = bind("""
                metrics: [{name: error_rate, max: 0.5}]
                """);

        AnalysisSpec merged = template.overriddenBy(step);

        assertThat(problems).isEmpty();
        assertThat(merged.metricList().get(0).max()).contains(0.5);
        assertThat(merged.interval()).contains(Duration.ofMinutes(1));
        assertThat(merged.count()).contains(5);
    }

    /** The runbook in docs/analysis.md binds, and its steps tighten error_rate to 1%, 0.5% and 0.2%. */
    @Test
    void theDocumentedRunbookBindsAndTightensPerStep() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "analysis.md"));
        int heading = doc.indexOf("### Runbook");
        int start = doc.indexOf("```yaml\n", heading) + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));
        YamlNode.Mapping root = (YamlNode.Mapping) new YamlReader(FILE, problems).read(yaml);
        YamlNode rollout = child(root, "rollout");

        AnalysisSpec template = (AnalysisSpec) new RecordBinder(FILE, problems)
                .bind(child(rollout, "analysis"), AnalysisSpec.class);
        YamlNode.Sequence steps = (YamlNode.Sequence) child(child(child(rollout, "strategy"), "canary"), "steps");
        List<Double> maxima = new ArrayList<>();
        for (YamlNode step : steps.items()) {
            YamlNode analysis = child(step, "analysis");
            if (analysis != null) {
                AnalysisSpec own = (AnalysisSpec) new RecordBinder(FILE, problems).bind(analysis, AnalysisSpec.class);
                maxima.add(template.overriddenBy(own).metricList().get(0).max().orElseThrow());
            }
        }

        assertThat(problems).isEmpty();
        assertThat(maxima).containsExactly(1.0, 0.5, 0.2);
        assertThat(template.rollbackCriterionList()).extracting(RollbackCriterion::describe).containsExactly(
                "error_rate > 1% for 2 consecutive checks",
                "latency_p99 > 2000 ms for 3 consecutive checks",
                "error_rate > 2% for 5m");
        assertThat(template.rollbackCriterionList().get(2).severityOrDefault()).isEqualTo(Severity.MANUAL);
    }

    private static YamlNode child(YamlNode mapping, String key) {
        return ((YamlNode.Mapping) mapping).entries().get(key);
    }
}
