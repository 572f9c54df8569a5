package dev.rollgate.strategy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.analysis.MetricSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The expected timeline of a plan: when each step starts, counted from the start of the rollout. Timed pauses
 * count their duration and blocking analyses their initial delay plus count times interval; health checks, hooks
 * and traffic shifts count as instant. A pause without duration (or a blocking analysis without a count) waits for
 * a person, so later steps start that much later; {@link Entry#afterPromotion()} says so.
 */
final class PlanTimeline {

    /**
     * @param startsAfter    time from the start of the rollout, not counting waits for a person
     * @param afterPromotion true when a wait for a person comes before this step
     * @param lasts          how long the step itself takes; empty when instant or when it waits for a person
     * @param waitsForPerson the step waits for {@code rollgate promote} (or for someone to stop it)
     */
    record Entry(Duration startsAfter, boolean afterPromotion, Optional<Duration> lasts, boolean waitsForPerson) {
    }

    private PlanTimeline() {
    }

    static List<Entry> of(RolloutPlan plan) {
        List<Entry> entries = new ArrayList<>();
        Duration at = Duration.ZERO;
        boolean afterPromotion = false;
        for (PlanStep step : plan.steps()) {
            Optional<Duration> lasts = Optional.empty();
            boolean waits = false;
            if (step instanceof PlanStep.Pause pause) {
                lasts = pause.duration();
                waits = pause.duration().isEmpty();
            } else if (step instanceof PlanStep.Analysis analysis && analysis.mode() == PlanStep.AnalysisMode.BLOCKING) {
                lasts = length(analysis.spec());
                waits = lasts.isEmpty();
            }
            entries.add(new Entry(at, afterPromotion, lasts, waits));
            at = at.plus(lasts.orElse(Duration.ZERO));
            afterPromotion |= waits;
        }
        return entries;
    }

    /** The whole plan's expected length, and whether it also waits for a person. */
    static Entry total(RolloutPlan plan) {
        List<Entry> entries = of(plan);
        if (entries.isEmpty()) {
            return new Entry(Duration.ZERO, false, Optional.empty(), false);
        }
        Entry last = entries.get(entries.size() - 1);
        return new Entry(last.startsAfter().plus(last.lasts().orElse(Duration.ZERO)),
                last.afterPromotion() || last.waitsForPerson(), Optional.empty(), false);
    }

    /** The longest metric's initialDelay + count x interval; empty when a metric measures until stopped. */
    static Optional<Duration> length(AnalysisSpec spec) {
        Duration longest = Duration.ZERO;
        for (MetricSpec m : spec.effectiveMetrics()) {
            if (m.count().isEmpty()) {
                return Optional.empty();
            }
            Duration interval = m.interval().orElse(Duration.ZERO);
            // Each measurement judges one interval-long window, after the initial delay; count 1 with no
            // interval is a single measurement at once.
            Duration d = m.initialDelay().orElse(Duration.ZERO).plus(interval.multipliedBy(m.count().get()));
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return Optional.of(longest);
    }
}
