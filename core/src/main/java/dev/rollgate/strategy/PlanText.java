package dev.rollgate.strategy;

import dev.rollgate.config.Durations;
import java.util.List;
import java.util.Locale;

/**
 * A plan as a person reads it ({@code rollgate plan}): a header, the numbered steps with when each is expected to
 * start, the expected total, and how non-canonical spellings were read.
 *
 * <pre>
 * Rollout plan: canary, 2 replicas per version; a failure rolls back
 *   1/12  scale canary to 2              at 0s
 *   ...
 * </pre>
 */
public final class PlanText {

    private PlanText() {
    }

    public static String render(RolloutPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Rollout plan: ").append(plan.strategy()).append(", ").append(plan.replicas())
                .append(plan.replicas() == 1 ? " replica" : " replicas").append(" per version; a failure ")
                .append(plan.onFailure() == FailurePolicy.ROLL_BACK ? "rolls back" : "pauses for a person")
                .append('\n');
        boolean multi = plan.regions().size() > 1;
        if (multi) {
            out.append("Regions, in order: ").append(String.join(", ", plan.regions())).append("; a failed region ")
                    .append(plan.regionPolicy().stopOnRegionFailure() ? "stops the rollout" : "does not stop the rest")
                    .append(" and is ")
                    .append(plan.regionPolicy().rollbackFailedRegion() ? "rolled back" : "left as it is")
                    .append('\n');
        }
        if (plan.progressDeadline().isPresent() || plan.stepDeadline().isPresent()) {
            out.append("Deadlines:");
            plan.progressDeadline().ifPresent(d -> out.append(" whole rollout ").append(Durations.format(d)));
            if (plan.progressDeadline().isPresent() && plan.stepDeadline().isPresent()) {
                out.append(',');
            }
            plan.stepDeadline().ifPresent(d -> out.append(" each step ").append(Durations.format(d)));
            out.append(" (waits for a person excepted)\n");
        }
        List<PlanStep> steps = plan.steps();
        List<PlanTimeline.Entry> timeline = PlanTimeline.of(plan);
        int total = steps.size();
        int numberWidth = (total + "/" + total).length();
        String[] lines = new String[total];
        int width = 0;
        for (int i = 0; i < total; i++) {
            lines[i] = (multi ? "[" + steps.get(i).region() + "] " : "") + describe(steps.get(i));
            width = Math.max(width, lines[i].length());
        }
        out.append("Steps:\n");
        for (int i = 0; i < total; i++) {
            PlanTimeline.Entry t = timeline.get(i);
            String number = (i + 1) + "/" + total;
            out.append("  ").append(" ".repeat(numberWidth - number.length())).append(number).append("  ")
                    .append(lines[i]).append(" ".repeat(width - lines[i].length())).append("  at ")
                    .append(at(t));
            if (t.lasts().isPresent() && !t.lasts().get().isZero()) {
                out.append(", lasts ").append(Durations.format(t.lasts().get()));
            } else if (t.waitsForPerson()) {
                out.append(", until promoted");
            }
            out.append('\n');
        }
        PlanTimeline.Entry end = PlanTimeline.total(plan);
        out.append("Expected duration: ").append(Durations.format(end.startsAfter()))
                .append(end.afterPromotion() ? " plus the time until promoted" : "")
                .append(" (health checks and hooks not counted)\n");
        if (!plan.readings().isEmpty()) {
            out.append("Read as:\n");
            for (String reading : plan.readings()) {
                out.append("  - ").append(reading).append('\n');
            }
        }
        return out.toString();
    }

    /** A step in words, with the analysis it runs. */
    static String describe(PlanStep step) {
        if (step instanceof PlanStep.Analysis a) {
            return step.describe() + ": " + a.spec().describe();
        }
        return step.describe();
    }

    static String at(PlanTimeline.Entry t) {
        return Durations.format(t.startsAfter()) + (t.afterPromotion() ? " + wait for promotion" : "");
    }

    static String kind(PlanStep step) {
        String name = step.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

}
