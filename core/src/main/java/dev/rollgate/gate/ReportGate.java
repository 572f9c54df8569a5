package dev.rollgate.gate;

import dev.rollgate.config.DataSize;
import dev.rollgate.config.Limit;
import dev.rollgate.config.QualityGateSpec;
import dev.rollgate.gate.quality.CoverageCounter;
import dev.rollgate.gate.quality.FileSize;
import dev.rollgate.gate.quality.GitleaksReport;
import dev.rollgate.gate.quality.JacocoReport;
import dev.rollgate.gate.quality.JunitReport;
import dev.rollgate.gate.quality.ReportException;
import dev.rollgate.gate.quality.SarifReport;
import dev.rollgate.gate.quality.TrivyReport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A quality gate: reads one number from a real report file and compares it with the gate's bounds. A report
 * that is missing or unreadable fails the gate: a blocking gate blocks, a non-blocking one warns.
 */
final class ReportGate {

    private final Path root;

    /** @param root the directory report paths are relative to (the directory of rollgate.yaml) */
    ReportGate(Path root) {
        this.root = root;
    }

    GateResult judge(QualityGateSpec spec) {
        String gate = "quality: " + spec.name();
        Path report = root.resolve(spec.path()).normalize();
        OptionalDouble value;
        try {
            value = measure(spec, report);
        } catch (ReportException e) {
            return failed(spec, gate, e.getMessage());
        }
        if (value.isEmpty()) {
            return failed(spec, gate, what(spec) + " is not in " + spec.path() + " (no data to judge)");
        }
        double v = value.getAsDouble();
        if (spec.min().isPresent() && v < spec.min().get().asDouble()) {
            return failed(spec, gate, what(spec) + " " + show(spec, v) + " is below the minimum " + show(spec, spec.min().get()));
        }
        if (spec.max().isPresent() && v > spec.max().get().asDouble()) {
            return failed(spec, gate, what(spec) + " " + show(spec, v) + " is above the maximum " + show(spec, spec.max().get()));
        }
        String bound = spec.min().map(m -> " ≥ " + show(spec, m)).orElse("")
                + spec.max().map(m -> " ≤ " + show(spec, m)).orElse("");
        return GateResult.pass(gate, what(spec) + " " + show(spec, v) + bound);
    }

    private static GateResult failed(QualityGateSpec spec, String gate, String reason) {
        return spec.isBlocking()
                ? GateResult.block(gate, reason)
                : new GateResult(gate, GateOutcome.WARN, reason + " (non-blocking)");
    }

    private static OptionalDouble measure(QualityGateSpec spec, Path report) throws ReportException {
        return switch (spec.report()) {
            case JACOCO -> JacocoReport.read(report).coveredPercent(counter(spec));
            case JUNIT -> junit(spec, JunitReport.read(report));
            case SARIF -> OptionalDouble.of(SarifReport.read(report).count(spec.level().orElseThrow()));
            case TRIVY -> OptionalDouble.of(TrivyReport.read(report).count(spec.severity().orElseThrow()));
            case GITLEAKS -> OptionalDouble.of(GitleaksReport.read(report).findings());
            case FILE_SIZE -> OptionalDouble.of(FileSize.bytes(report));
        };
    }

    private static OptionalDouble junit(QualityGateSpec spec, JunitReport report) {
        return switch (spec.metric().orElseThrow()) {
            case PASS_RATE -> report.passRate();
            case TESTS -> OptionalDouble.of(report.tests());
            case FAILURES -> OptionalDouble.of(report.failures());
            case ERRORS -> OptionalDouble.of(report.errors());
            case SKIPPED -> OptionalDouble.of(report.skipped());
            default -> throw new IllegalStateException("not a junit metric: " + spec.metric());
        };
    }

    private static CoverageCounter counter(QualityGateSpec spec) {
        return CoverageCounter.valueOf(spec.metric().orElseThrow().name());
    }

    private static String what(QualityGateSpec spec) {
        return switch (spec.report()) {
            case JACOCO -> spec.metric().orElseThrow().wireName() + " coverage";
            case JUNIT -> switch (spec.metric().orElseThrow()) {
                case PASS_RATE -> "pass rate";
                default -> spec.metric().orElseThrow().wireName();
            };
            case SARIF -> spec.level().orElseThrow().wireName() + "-level results";
            case TRIVY -> spec.severity().orElseThrow().name() + " vulnerabilities";
            case GITLEAKS -> "leaked secrets";
            case FILE_SIZE -> "size of " + spec.path();
        };
    }

    private static String show(QualityGateSpec spec, Limit limit) {
        return show(spec, limit.asDouble());
    }

    private static String show(QualityGateSpec spec, double v) {
        if (spec.report() == dev.rollgate.config.ReportKind.FILE_SIZE) {
            return new DataSize((long) v).human();
        }
        boolean percent = spec.metric().map(m -> m.isPercent()).orElse(false);
        String number = v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
        return percent ? number + "%" : number;
    }
}
