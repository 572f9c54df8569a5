package dev.rollgate.render;

import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.Measurement;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSpec;
import dev.rollgate.config.Durations;
import dev.rollgate.ledger.StepRecord;
import dev.rollgate.rollout.RolloutStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** Pieces of rollout text shared by the progress display, {@code status} and the summaries. */
public final class RolloutText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private RolloutText() {
    }

    /** "step 3/7"; once every step is done, "step 7/7". */
    public static String stepOf(RolloutStatus s) {
        int n = s.stepCount() == 0 ? 0 : Math.min(s.currentStepIndex() + 1, s.stepCount());
        return n + "/" + s.stepCount();
    }

    /** One measurement, e.g. {@code error_rate canary 0.40% baseline 0.35% ✓ (max 1%)}. */
    public static String measurement(Measurement m, Optional<MetricSpec> spec) {
        StringBuilder s = new StringBuilder(m.metric().wireName());
        s.append(" canary ").append(value(m.metric(), m.canary()));
        if (m.baseline().isPresent()) {
            s.append(" baseline ").append(value(m.metric(), m.baseline()));
        }
        s.append(' ').append(mark(m));
        String limits = spec.map(RolloutText::limits).orElse("");
        if (!limits.isEmpty()) {
            s.append(" (").append(limits).append(')');
        }
        if (m.phase() != dev.rollgate.analysis.MeasurementPhase.SUCCESSFUL && !m.message().isBlank()) {
            s.append(": ").append(Escaping.singleLine(m.message()));
        }
        return s.toString();
    }

    /** The spec of {@code metric} in a run, with its limits filled in. */
    public static Optional<MetricSpec> specOf(AnalysisRun run, Metric metric) {
        return run.spec().effectiveMetrics().stream().filter(m -> m.name() == metric).findFirst();
    }

    private static String mark(Measurement m) {
        switch (m.phase()) {
            case SUCCESSFUL:
                return "✓";
            case FAILED:
                return "✗";
            case INCONCLUSIVE:
                return "? inconclusive";
            default:
                return "! error";
        }
    }

    public static String value(Metric metric, OptionalDouble v) {
        if (v.isEmpty()) {
            return "n/a";
        }
        return number(metric, v.getAsDouble()) + unitSuffix(metric);
    }

    private static String number(Metric metric, double v) {
        if ("%".equals(metric.unit())) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    private static String unitSuffix(Metric metric) {
        return "%".equals(metric.unit()) ? "%" : " " + metric.unit();
    }

    /** e.g. {@code max 1%}, {@code max +10% over baseline}. */
    public static String limits(MetricSpec spec) {
        List<String> parts = new ArrayList<>();
        String unit = unitSuffix(spec.name());
        spec.max().ifPresent(v -> parts.add("max " + compact(v) + unit));
        spec.min().ifPresent(v -> parts.add("min " + compact(v) + unit));
        spec.maxIncrease().ifPresent(v -> parts.add("max +" + compact(v) + "% over baseline"));
        return String.join(", ", parts);
    }

    public static String compact(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%s", v);
    }

    public static String time(Instant t) {
        return TIME.format(t);
    }

    /** A duration to the second, e.g. {@code 4m30s}; below a second {@code 0s}. */
    public static String duration(Duration d) {
        Duration whole = Duration.ofSeconds(Math.max(0, d.getSeconds()));
        return Durations.format(whole);
    }

    /** The table of steps: name, start, duration, result. */
    public static List<String> stepTable(List<StepRecord> steps, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "STEP", "STARTED", "DURATION", "RESULT"});
        int i = 1;
        for (StepRecord r : steps) {
            Duration took = Duration.between(r.startedAt(), r.finishedAt().orElse(now));
            rows.add(new String[] {String.valueOf(i++), Escaping.singleLine(r.name()), time(r.startedAt()),
                    duration(took) + (r.finishedAt().isEmpty() ? " (running)" : ""), Escaping.singleLine(r.result())});
        }
        return table(rows);
    }

    /** Left-aligned columns, two spaces apart; the last column is not padded. */
    public static List<String> table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].codePointCount(0, row[c].length()));
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row[c]);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - row[c].codePointCount(0, row[c].length()) + 2));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
