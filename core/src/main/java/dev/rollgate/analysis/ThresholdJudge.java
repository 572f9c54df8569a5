package dev.rollgate.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Judges one measurement against a metric's max, min and maxIncrease. */
final class ThresholdJudge {

    private ThresholdJudge() {
    }

    static Measurement measure(MetricSpec spec, MetricSample sample, Instant at) {
        Metric metric = spec.name();
        if (sample.error().isPresent()) {
            return new Measurement(metric, at, sample.canary(), sample.baseline(), MeasurementPhase.ERROR,
                    "could not measure " + metric + ": " + sample.error().get());
        }
        if (sample.canary().isEmpty()) {
            return new Measurement(metric, at, sample.canary(), sample.baseline(), MeasurementPhase.INCONCLUSIVE,
                    "no data for " + metric + " of the canary in this window");
        }
        double value = sample.canary().getAsDouble();
        String shown = metric + " " + Quantities.value(metric, value);
        List<String> failures = new ArrayList<>();
        List<String> passes = new ArrayList<>();
        if (spec.max().isPresent()) {
            String max = Quantities.threshold(metric, spec.max().get());
            if (value > spec.max().get()) {
                failures.add("> max " + max);
            } else {
                passes.add("<= max " + max);
            }
        }
        if (spec.min().isPresent()) {
            String min = Quantities.threshold(metric, spec.min().get());
            if (value < spec.min().get()) {
                failures.add("< min " + min);
            } else {
                passes.add(">= min " + min);
            }
        }
        if (spec.maxIncrease().isPresent()) {
            String limit = "maxIncrease " + Quantities.plain(spec.maxIncrease().get()) + "%";
            if (sample.baseline().isEmpty()) {
                if (spec.max().isEmpty() && spec.min().isEmpty()) {
                    return new Measurement(metric, at, sample.canary(), sample.baseline(),
                            MeasurementPhase.INCONCLUSIVE, shown + ": no baseline to compare with (" + limit + ")");
                }
                passes.add("no baseline for " + limit);
            } else {
                double baseline = sample.baseline().getAsDouble();
                String versus = "baseline " + Quantities.value(metric, baseline);
                boolean exceeded;
                String change;
                if (baseline == 0) {
                    // Any rise over zero is an unbounded relative increase.
                    exceeded = value > 0;
                    change = value > 0 ? "above " + versus : "equal to " + versus;
                } else {
                    double percent = (value - baseline) / Math.abs(baseline) * 100;
                    exceeded = percent > spec.maxIncrease().get();
                    change = String.format(Locale.ROOT, "%+.1f%% vs ", percent) + versus;
                }
                if (exceeded) {
                    failures.add(change + " > " + limit);
                } else {
                    passes.add(change + " within " + limit);
                }
            }
        }
        MeasurementPhase phase = failures.isEmpty() ? MeasurementPhase.SUCCESSFUL : MeasurementPhase.FAILED;
        String message;
        if (!failures.isEmpty()) {
            message = shown + " " + String.join(", ", failures);
        } else if (passes.isEmpty()) {
            message = shown + " (recorded; no threshold)";
        } else {
            message = shown + " " + String.join(", ", passes);
        }
        return new Measurement(metric, at, sample.canary(), sample.baseline(), phase, message);
    }
}
