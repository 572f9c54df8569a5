package dev.rollgate.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric's progress in a run, with Argo's counters. {@code count} counts every measurement, errors included;
 * only the last {@value AnalysisSpec#MAX_KEPT_MEASUREMENTS} measurements are kept, the counters count all.
 *
 * @param consecutiveError provider errors in a row, up to the latest measurement
 * @param message          why the metric completed as it did, once it has
 */
public record MetricResult(Metric metric, AnalysisPhase phase, int count, int successful, int failed,
                           int inconclusive, int error, int consecutiveError, List<Measurement> measurements,
                           Optional<String> message) {

    public MetricResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(message, "message");
        measurements = List.copyOf(measurements);
        if (successful + failed + inconclusive + error != count || consecutiveError > error
                || Math.min(Math.min(successful, failed), Math.min(inconclusive, error)) < 0) {
            throw new IllegalArgumentException("inconsistent counters for " + metric);
        }
        if (measurements.size() > Math.min(count, AnalysisSpec.MAX_KEPT_MEASUREMENTS)) {
            throw new IllegalArgumentException("more measurements of " + metric + " than counted");
        }
    }

    static MetricResult pending(Metric metric) {
        return new MetricResult(metric, AnalysisPhase.PENDING, 0, 0, 0, 0, 0, 0, List.of(), Optional.empty());
    }

    /** When the latest measurement was taken. */
    public Optional<Instant> lastMeasuredAt() {
        return measurements.isEmpty() ? Optional.empty() : Optional.of(measurements.get(measurements.size() - 1).at());
    }

    /** With this measurement counted and kept (dropping the oldest beyond the bound); still Running. */
    MetricResult plus(Measurement m) {
        List<Measurement> kept = new ArrayList<>(measurements);
        kept.add(m);
        if (kept.size() > AnalysisSpec.MAX_KEPT_MEASUREMENTS) {
            kept.remove(0);
        }
        MeasurementPhase p = m.phase();
        return new MetricResult(metric, AnalysisPhase.RUNNING, count + 1,
                successful + (p == MeasurementPhase.SUCCESSFUL ? 1 : 0),
                failed + (p == MeasurementPhase.FAILED ? 1 : 0),
                inconclusive + (p == MeasurementPhase.INCONCLUSIVE ? 1 : 0),
                error + (p == MeasurementPhase.ERROR ? 1 : 0),
                p == MeasurementPhase.ERROR ? consecutiveError + 1 : 0, kept, message);
    }

    MetricResult completed(AnalysisPhase outcome, String why) {
        return new MetricResult(metric, outcome, count, successful, failed, inconclusive, error, consecutiveError,
                measurements, Optional.of(why));
    }
}
