package dev.rollgate.strategy;

import dev.rollgate.hook.HealthCheckSpec;
import dev.rollgate.hook.HooksSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A strategy compiled to data: the steps a rollout will take, in order, before anything changes. The engine
 * executes it; {@code rollgate plan} prints it.
 *
 * @param strategy         the strategy's name as Rollgate spells it: recreate, rolling, blueGreen, canary,
 *                         multiRegion
 * @param regions          the regions in rollout order; {@link #DEFAULT_REGION} alone for a single-region plan
 * @param replicas         instances per version once fully rolled out (stable before, canary after)
 * @param progressDeadline the whole rollout must finish within this (pauses that wait for a person excepted)
 * @param stepDeadline     any single step must finish within this (pauses excepted)
 * @param readings         how non-canonical spellings in the file were read, e.g. "steps[1]: {weight: 5, pause:
 *                         10m} read as setWeight 5, pause 10m"
 */
public record RolloutPlan(
        String strategy,
        List<String> regions,
        List<PlanStep> steps,
        int replicas,
        FailurePolicy onFailure,
        Optional<Duration> progressDeadline,
        Optional<Duration> stepDeadline,
        RegionPolicy regionPolicy,
        HooksSpec hooks,
        HealthCheckSpec healthCheck,
        List<String> readings) {

    public static final String DEFAULT_REGION = "default";

    public RolloutPlan {
        Objects.requireNonNull(strategy, "strategy");
        regions = List.copyOf(regions);
        steps = List.copyOf(steps);
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(progressDeadline, "progressDeadline");
        Objects.requireNonNull(stepDeadline, "stepDeadline");
        Objects.requireNonNull(regionPolicy, "regionPolicy");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(healthCheck, "healthCheck");
        readings = List.copyOf(readings);
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one region");
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
        }
        for (PlanStep step : steps) {
            if (!regions.contains(step.region())) {
                throw new IllegalArgumentException("step '" + step.describe() + "' names unknown region " + step.region());
            }
        }
    }
}
