package dev.rollgate.strategy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rollgate.config.Durations;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A plan as JSON for machines ({@code rollgate plan --output json}). Field names are a contract: add, never
 * rename. Durations are written as Rollgate writes them in YAML ({@code 1h30m}); {@code startsAfter} is the
 * expected time from the start, not counting waits for a person ({@code afterPromotion} says one comes first).
 */
public final class PlanJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private PlanJson() {
    }

    public static String render(RolloutPlan plan) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("strategy", plan.strategy());
            g.writeNumberField("replicas", plan.replicas());
            g.writeStringField("onFailure", plan.onFailure() == FailurePolicy.ROLL_BACK ? "rollBack" : "pause");
            optional(g, "progressDeadline", plan.progressDeadline());
            optional(g, "stepDeadline", plan.stepDeadline());
            g.writeArrayFieldStart("regions");
            for (String region : plan.regions()) {
                g.writeString(region);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("regionPolicy");
            g.writeBooleanField("stopOnRegionFailure", plan.regionPolicy().stopOnRegionFailure());
            g.writeBooleanField("rollbackFailedRegion", plan.regionPolicy().rollbackFailedRegion());
            g.writeEndObject();
            g.writeArrayFieldStart("steps");
            List<PlanTimeline.Entry> timeline = PlanTimeline.of(plan);
            for (int i = 0; i < plan.steps().size(); i++) {
                step(g, i + 1, plan.steps().get(i), timeline.get(i));
            }
            g.writeEndArray();
            PlanTimeline.Entry end = PlanTimeline.total(plan);
            g.writeStringField("expectedDuration", Durations.format(end.startsAfter()));
            g.writeBooleanField("waitsForPromotion", end.afterPromotion());
            g.writeArrayFieldStart("readings");
            for (String reading : plan.readings()) {
                g.writeString(reading);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    private static void step(JsonGenerator g, int index, PlanStep step, PlanTimeline.Entry t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", index);
        g.writeStringField("region", step.region());
        g.writeStringField("kind", PlanText.kind(step));
        g.writeStringField("description", PlanText.describe(step));
        if (step instanceof PlanStep.Scale s) {
            g.writeStringField("side", PlanText.lower(s.side()));
            g.writeNumberField("replicas", s.replicas());
        } else if (step instanceof PlanStep.SetWeight w) {
            g.writeNumberField("weight", w.weight());
        } else if (step instanceof PlanStep.Pause p) {
            optional(g, "duration", p.duration());
            g.writeStringField("reason", p.reason().wireName());
        } else if (step instanceof PlanStep.Analysis a) {
            g.writeStringField("name", a.name());
            g.writeStringField("mode", PlanText.lower(a.mode()));
            g.writeStringField("analysis", a.spec().describe());
        } else if (step instanceof PlanStep.EndAnalysis e) {
            g.writeStringField("name", e.name());
        } else if (step instanceof PlanStep.RunHook h) {
            g.writeStringField("phase", h.phase().wireName());
        } else if (step instanceof PlanStep.VerifyVersion v) {
            g.writeStringField("scope", PlanText.lower(v.scope()));
        }
        g.writeStringField("startsAfter", Durations.format(t.startsAfter()));
        g.writeBooleanField("afterPromotion", t.afterPromotion());
        optional(g, "lasts", t.lasts());
        g.writeBooleanField("waitsForPromotion", t.waitsForPerson());
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, Optional<Duration> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, Durations.format(value.get()));
        } else {
            g.writeNullField(field);
        }
    }
}
