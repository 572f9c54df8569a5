package dev.rollgate.config;

import dev.rollgate.gate.quality.SarifLevel;
import dev.rollgate.gate.quality.Severity;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One quality gate: a number read from a report file, compared with a bound. Which fields apply depends on
 * the report kind; the constructor refuses combinations that would be silently ignored.
 */
@Doc("A quality gate read from a report file.")
public record QualityGateSpec(
        @Required @Doc("Shown in the decision, e.g. \"Unit test coverage\".") String name,
        @Required @Doc("Report format: jacoco, junit, sarif, trivy, gitleaks or file-size.") ReportKind report,
        @Required @Doc("Report path, relative to the directory of rollgate.yaml. For junit, a file or a directory "
                + "of TEST-*.xml files.") String path,
        @Doc("jacoco: line, branch, instruction, method, complexity or class (percent covered). junit: passRate "
                + "(percent), tests, failures, errors or skipped.") Optional<QualityMetric> metric,
        @Doc("trivy: the severity whose findings are counted.") Optional<Severity> severity,
        @Doc("sarif: the level whose results are counted (error, warning, note, none).") Optional<SarifLevel> level,
        @Doc("The lowest passing value.") Optional<Limit> min,
        @Doc("The highest passing value; for file-size a size such as 500MB.") Optional<Limit> max,
        @Doc("A failing non-blocking gate warns instead of blocking. Default: true.") Optional<Boolean> blocking) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public QualityGateSpec {
        if (name.isBlank()) {
            throw new InvalidFieldException("name", "must not be blank");
        }
        if (path.isBlank()) {
            throw new InvalidFieldException("path", "must not be blank");
        }
        if (min.isEmpty() && max.isEmpty()) {
            throw new IllegalArgumentException("set min or max: a gate without a bound can never fail");
        }
        for (Optional<Limit> bound : java.util.List.of(min, max)) {
            if (bound.isPresent() && bound.get().unit() == Limit.Unit.BYTES && report != ReportKind.FILE_SIZE) {
                throw new InvalidFieldException(bound == min ? "min" : "max",
                        "a size only makes sense for file-size gates");
            }
            if (bound.isPresent() && bound.get().value().signum() < 0) {
                throw new InvalidFieldException(bound == min ? "min" : "max", "must not be negative");
            }
        }
        switch (report) {
            case JACOCO, JUNIT -> {
                QualityMetric m = metric.orElseThrow(() -> new InvalidFieldException("metric",
                        "required for " + report.wireName() + " reports; one of " + metricsOf(report)));
                if (m.report() != report) {
                    throw new InvalidFieldException("metric", "\"" + m.wireName() + "\" is not a "
                            + report.wireName() + " metric; use one of " + metricsOf(report));
                }
                if (m.isPercent()) {
                    percent("min", min);
                    percent("max", max);
                }
            }
            case TRIVY -> {
                if (severity.isEmpty()) {
                    throw new InvalidFieldException("severity", "required for trivy reports: CRITICAL, HIGH, MEDIUM, LOW or UNKNOWN");
                }
            }
            case SARIF -> {
                if (level.isEmpty()) {
                    throw new InvalidFieldException("level", "required for sarif reports: error, warning, note or none");
                }
            }
            case GITLEAKS, FILE_SIZE -> {
            }
        }
        notFor(report, "metric", metric.isPresent(), report != ReportKind.JACOCO && report != ReportKind.JUNIT);
        notFor(report, "severity", severity.isPresent(), report != ReportKind.TRIVY);
        notFor(report, "level", level.isPresent(), report != ReportKind.SARIF);
        if (min.isPresent() && max.isPresent() && min.get().value().compareTo(max.get().value()) > 0) {
            throw new InvalidFieldException("min", "is greater than max; no value could pass");
        }
    }

    private static void percent(String field, Optional<Limit> bound) {
        if (bound.isPresent() && bound.get().value().compareTo(HUNDRED) > 0) {
            throw new InvalidFieldException(field, bound.get() + " is not a percent (0 to 100)");
        }
    }

    private static void notFor(ReportKind report, String field, boolean present, boolean forbidden) {
        if (present && forbidden) {
            throw new InvalidFieldException(field, "does not apply to " + report.wireName() + " reports");
        }
    }

    private static String metricsOf(ReportKind report) {
        return Arrays.stream(QualityMetric.values()).filter(m -> m.report() == report)
                .map(QualityMetric::wireName).collect(Collectors.joining(", "));
    }

    public boolean isBlocking() {
        return blocking.orElse(true);
    }
}
