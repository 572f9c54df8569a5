package dev.rollgate.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollgate.analysis.AnalysisRun;
import dev.rollgate.analysis.Measurement;
import dev.rollgate.analysis.Verdict;
import dev.rollgate.ledger.StepRecord;
import dev.rollgate.rollout.Abort;
import dev.rollgate.rollout.PauseCondition;
import dev.rollgate.rollout.RegionStatus;
import dev.rollgate.rollout.RolloutStatus;
import java.util.List;
import java.util.Optional;

/**
 * A rollout's status as JSON, the same from {@code rollgate status --output json}, the GitHub Action's
 * {@code status_json} and the Jenkins steps' return value. Field names are a contract with pipelines: add, never
 * rename. Absent values are {@code null}, instants ISO-8601 text. With no rollout yet:
 * {@code {"service": ..., "environment": ..., "phase": null, "message": "no rollout yet"}}.
 */
public final class RolloutJson {

    public static final String NO_ROLLOUT = "no rollout yet";


    private RolloutJson() {
    }

    /** Pretty-printed, with a final line break. */
    public static String render(String service, String environment, Optional<RolloutStatus> status) {
        if (status.isEmpty()) {
            ObjectNode o = Json.object();
            o.put("service", service);
            o.put("environment", environment);
            o.putNull("phase");
            o.put("message", NO_ROLLOUT);
            return Json.render(o);
        }
        return Json.render(node(status.get()));
    }

    public static ObjectNode node(RolloutStatus s) {
        ObjectNode o = Json.object();
        o.put("rolloutId", s.rolloutId());
        o.put("service", s.service());
        o.put("environment", s.environment());
        o.put("strategy", s.strategy());
        o.put("phase", s.phase().wireName());
        o.put("message", s.message());
        Json.put(o, "stableVersion", s.stableVersion());
        o.put("canaryVersion", s.canaryVersion());
        o.put("currentStepIndex", s.currentStepIndex());
        o.put("stepCount", s.stepCount());
        o.put("canaryWeight", s.canaryWeight());
        ArrayNode regions = o.putArray("regions");
        for (RegionStatus r : s.regions()) {
            ObjectNode n = regions.addObject();
            n.put("name", r.name());
            n.put("canaryWeight", r.canaryWeight());
            n.put("stableReplicas", r.stableReplicas());
            n.put("canaryReplicas", r.canaryReplicas());
            n.put("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        ArrayNode pauses = o.putArray("pauseConditions");
        for (PauseCondition p : s.pauseConditions()) {
            ObjectNode n = pauses.addObject();
            n.put("reason", p.reason().wireName());
            n.put("startedAt", p.startedAt().toString());
            Json.put(n, "until", p.until());
            n.put("message", p.message());
        }
        if (s.abort().isPresent()) {
            Abort a = s.abort().get();
            ObjectNode n = o.putObject("abort");
            n.put("cause", a.cause().wireName());
            n.put("message", a.message());
            n.put("at", a.at().toString());
        } else {
            o.putNull("abort");
        }
        ArrayNode runs = o.putArray("analysisRuns");
        for (AnalysisRun run : s.analysisRuns()) {
            ObjectNode n = runs.addObject();
            n.put("name", run.name());
            n.put("phase", run.phase().wireName());
            n.put("startedAt", run.startedAt().toString());
            Json.put(n, "completedAt", run.completedAt());
            Json.put(n, "verdict", run.verdict().map(Verdict::reason));
            List<Measurement> ms = run.measurements();
            n.put("measurementCount", ms.size());
            if (ms.isEmpty()) {
                n.putNull("lastMeasurement");
            } else {
                Measurement m = ms.get(ms.size() - 1);
                ObjectNode last = n.putObject("lastMeasurement");
                last.put("metric", m.metric().wireName());
                last.put("at", m.at().toString());
                if (m.canary().isPresent()) {
                    last.put("canary", m.canary().getAsDouble());
                } else {
                    last.putNull("canary");
                }
                if (m.baseline().isPresent()) {
                    last.put("baseline", m.baseline().getAsDouble());
                } else {
                    last.putNull("baseline");
                }
                last.put("phase", m.phase().wireName());
                last.put("message", m.message());
            }
        }
        o.put("startedAt", s.startedAt().toString());
        Json.put(o, "finishedAt", s.finishedAt());
        ArrayNode steps = o.putArray("steps");
        for (StepRecord r : s.steps()) {
            ObjectNode n = steps.addObject();
            n.put("name", r.name());
            n.put("startedAt", r.startedAt().toString());
            Json.put(n, "finishedAt", r.finishedAt());
            n.put("result", r.result());
        }
        return o;
    }
}
