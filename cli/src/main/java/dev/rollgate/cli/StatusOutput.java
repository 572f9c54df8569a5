package dev.rollgate.cli;

import dev.rollgate.render.RolloutText;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.Measurement;
import dev.rollgate.render.Escaping;
import dev.rollgate.render.RolloutJson;
import dev.rollgate.rollout.PauseCondition;
import dev.rollgate.rollout.RolloutStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rollout's status as {@code rollgate status} (and the commands that change a rollout) print it. JSON field
 * names are a contract with pipelines: add, never rename. With no rollout yet, JSON is
 * {@code {"phase": null, "message": "no rollout yet", ...}}.
 */
public final class StatusOutput {

    static final String NO_ROLLOUT = RolloutJson.NO_ROLLOUT;

    private StatusOutput() {
    }

    public static String json(String service, String environment, Optional<RolloutStatus> status) {
        return RolloutJson.render(service, environment, status);
    }

    public static ObjectNode node(RolloutStatus s) {
        return RolloutJson.node(s);
    }

    public static String text(String service, String environment, Optional<RolloutStatus> status, Instant now) {
        if (status.isEmpty()) {
            return service + " in " + environment + ": " + NO_ROLLOUT + "\n";
        }
        RolloutStatus s = status.get();
        List<String> lines = new ArrayList<>();
        lines.add(s.service() + " in " + s.environment() + ": " + s.phase().wireName() + " — "
                + Escaping.singleLine(s.message()));
        lines.add("  rollout:   " + s.rolloutId() + " (" + s.strategy() + ")");
        lines.add("  versions:  stable " + s.stableVersion().orElse("(none)") + ", canary " + s.canaryVersion());
        lines.add("  step:      " + RolloutText.stepOf(s));
        lines.add("  traffic:   " + s.trafficSplit());
        for (PauseCondition p : s.pauseConditions()) {
            lines.add("  paused:    " + Escaping.singleLine(p.message()) + " (" + p.reason().wireName() + ", "
                    + p.until().map(u -> "until " + seconds(u) + ", " + RolloutText.duration(java.time.Duration.between(now, u))
                            + " left").orElse("until promoted") + ")");
        }
        s.abort().ifPresent(a -> lines.add("  abort:     " + a.cause().wireName() + ": "
                + Escaping.singleLine(a.message()) + " (at " + seconds(a.at()) + ")"));
        for (AnalysisRun run : s.analysisRuns()) {
            List<Measurement> ms = run.measurements();
            String last = ms.isEmpty() ? "no measurements yet"
                    : "last: " + RolloutText.measurement(ms.get(ms.size() - 1),
                            RolloutText.specOf(run, ms.get(ms.size() - 1).metric()));
            lines.add("  analysis:  " + run.name() + " " + run.phase().wireName() + ", " + ms.size()
                    + (ms.size() == 1 ? " measurement" : " measurements") + "; " + last);
        }
        lines.add("  started:   " + seconds(s.startedAt()));
        s.finishedAt().ifPresent(f -> lines.add("  finished:  " + seconds(f)));
        if (!s.steps().isEmpty()) {
            lines.add("");
            RolloutText.stepTable(s.steps(), now).forEach(l -> lines.add("  " + l));
        }
        return String.join("\n", lines) + "\n";
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
