package dev.rollgate.render;

import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.Measurement;
import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricResult;
import dev.rollgate.config.Durations;
import dev.rollgate.ledger.StepRecord;
import dev.rollgate.rollout.Abort;
import dev.rollgate.rollout.PauseCondition;
import dev.rollgate.rollout.RolloutStatus;
import dev.rollgate.strategy.RolloutPlan;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A rollout as GitHub-flavoured Markdown, for a job summary: the outcome, versions and traffic split, why it went
 * back to stable, a timeline of the steps and the analysis runs with their last measurements. The same content as
 * the CLI's closing summary. Every string from the status is escaped with {@link Markdown#text} (a step's result can
 * be a hook's output: only its first line is shown), and the output stays under {@link Markdown#MAX_BYTES}.
 */
public final class RolloutMarkdown {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private RolloutMarkdown() {
    }

    public static String render(RolloutStatus s) {
        return render(s, Optional.empty());
    }

    /** With the plan the rollout follows, the step in progress is named. */
    public static String render(RolloutStatus s, Optional<RolloutPlan> plan) {
        return render(s, plan, Markdown.MAX_BYTES);
    }

    static String render(RolloutStatus s, Optional<RolloutPlan> plan, int maxBytes) {
        Markdown.Document doc = new Markdown.Document(maxBytes);
        doc.line("### Rollgate rollout: " + Markdown.text(s.service()) + " → " + Markdown.text(s.environment()));
        doc.blank();
        doc.line("**" + mark(s) + " " + Markdown.text(s.phase().wireName()) + "**: " + Markdown.text(s.message()));
        doc.blank();
        Optional<String> stable = s.stableVersion().filter(v -> !v.equals(s.canaryVersion()));
        doc.line("- Version: " + stable.map(v -> Markdown.text(v) + " → ").orElse("")
                + Markdown.text(s.canaryVersion()) + (s.stableVersion().isEmpty() ? " (first deployment)"
                : stable.isEmpty() ? " (stable)" : ""));
        doc.line("- Strategy: " + Markdown.text(s.strategy()) + ", step " + Markdown.text(stepOf(s, plan)));
        doc.line("- Traffic: " + Markdown.text(s.trafficSplit()));
        doc.line("- Started: " + Markdown.text(s.startedAt().toString()) + s.finishedAt()
                .map(f -> ", finished after " + Markdown.text(duration(Duration.between(s.startedAt(), f))))
                .orElse(""));
        for (PauseCondition c : s.pauseConditions()) {
            doc.line("- Paused: " + Markdown.text(c.message()) + " (" + c.until()
                    .map(u -> "until " + Markdown.text(TIME.format(u)) + " UTC").orElse("waits for a person to promote")
                    + ")");
        }
        if (s.abort().isPresent()) {
            Abort a = s.abort().get();
            doc.blank();
            doc.line("**Abort:** " + Markdown.text(a.cause().wireName()) + ": " + Markdown.text(a.message())
                    + " (at " + Markdown.text(a.at().toString()) + "); traffic goes back to "
                    + Markdown.text(s.stableVersion().orElse("nothing")));
        }
        boolean analyses = !s.analysisRuns().isEmpty();
        if (!s.steps().isEmpty()) {
            doc.blank();
            doc.line("#### Steps");
            doc.blank();
            List<List<String>> rows = new ArrayList<>();
            int i = 1;
            for (StepRecord r : s.steps()) {
                rows.add(List.of(String.valueOf(i++), Markdown.text(r.name()), Markdown.text(TIME.format(r.startedAt())),
                        Markdown.text(r.finishedAt().map(f -> duration(Duration.between(r.startedAt(), f)))
                                .orElse("running")), Markdown.firstLine(r.result())));
            }
            // Leave the analyses half of what is left, so a long timeline cannot crowd them out.
            doc.table(List.of("#", "Step", "Started (UTC)", "Duration", "Result"), rows,
                    analyses ? doc.remaining() / 2 : Integer.MAX_VALUE, "steps");
        }
        if (analyses) {
            doc.blank();
            doc.line("#### Analysis");
            doc.blank();
            List<List<String>> rows = new ArrayList<>();
            for (AnalysisRun run : s.analysisRuns()) {
                rows.add(List.of(Markdown.text(run.name()), Markdown.text(run.phase().wireName()),
                        Markdown.text(run.verdict().map(v -> v.reason()).orElse("")), lastMeasurements(run)));
            }
            doc.table(List.of("Analysis", "Phase", "Verdict", "Last measurements"), rows, Integer.MAX_VALUE,
                    "analysis runs");
        }
        return doc.render();
    }

    private static String mark(RolloutStatus s) {
        return switch (s.phase()) {
            case PROGRESSING -> "🔄";
            case PAUSED -> "⏸️";
            case ROLLING_BACK, ROLLED_BACK -> "↩️";
            case PROMOTED -> "✅";
            case ABORTED -> "⛔";
            case FAILED -> "❌";
        };
    }

    /** "3/7", or "3/7 (setWeight 20)" when the plan is the one the rollout follows. */
    private static String stepOf(RolloutStatus s, Optional<RolloutPlan> plan) {
        int n = s.stepCount() == 0 ? 0 : Math.min(s.currentStepIndex() + 1, s.stepCount());
        String of = n + "/" + s.stepCount();
        // A plan rebuilt from a changed config may not be the one the rollout follows: then only numbers.
        if (plan.isPresent() && plan.get().steps().size() == s.stepCount() && s.currentStepIndex() < s.stepCount()
                && !s.isFinished()) {
            return of + " (" + plan.get().steps().get(s.currentStepIndex()).describe() + ")";
        }
        return of;
    }

    /** Each metric's latest measurement, e.g. {@code error_rate canary 0.40% baseline 0.35% ✓}, joined by "; ". */
    private static String lastMeasurements(AnalysisRun run) {
        List<String> each = new ArrayList<>();
        for (MetricResult r : run.metricResults()) {
            if (r.measurements().isEmpty()) {
                continue;
            }
            Measurement m = r.measurements().get(r.measurements().size() - 1);
            StringBuilder s = new StringBuilder(m.metric().wireName());
            s.append(" canary ").append(value(m.metric(), m.canary()));
            if (m.baseline().isPresent()) {
                s.append(" baseline ").append(value(m.metric(), m.baseline()));
            }
            s.append(' ').append(switch (m.phase()) {
                case SUCCESSFUL -> "✓";
                case FAILED -> "✗";
                case INCONCLUSIVE -> "? inconclusive";
                default -> "! error";
            });
            each.add(s.toString());
        }
        return each.isEmpty() ? "none yet" : Markdown.text(String.join("; ", each));
    }

    private static String value(Metric metric, OptionalDouble v) {
        if (v.isEmpty()) {
            return "n/a";
        }
        double x = v.getAsDouble();
        if ("%".equals(metric.unit())) {
            return String.format(Locale.ROOT, "%.2f%%", x);
        }
        return String.format(Locale.ROOT, x >= 100 ? "%.0f" : "%.1f", x) + " " + metric.unit();
    }

    private static String duration(Duration d) {
        return Durations.format(Duration.ofSeconds(Math.max(0, d.getSeconds())));
    }
}
