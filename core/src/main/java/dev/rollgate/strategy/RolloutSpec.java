package dev.rollgate.strategy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Source;
import dev.rollgate.hook.HealthCheckSpec;
import dev.rollgate.hook.HooksSpec;
import dev.rollgate.target.local.LocalTargetSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one environment rolls a new version out: where it runs, how many instances, the strategy, and what a
 * failure does. {@code defaults: rollout:} is merged in key by key by the loader. {@link Planner} compiles it to a
 * {@link RolloutPlan}.
 */
@Doc("How a new version rolls out in this environment.")
public record RolloutSpec(
        @Doc("Run the application as local processes behind Rollgate's weighted HTTP router.")
        Optional<LocalTargetSpec> local,
        @Doc("Instances per version. Default: the target's replicas, else 1.") Optional<Integer> replicas,
        @Doc("Roll back at once when analysis, a health check or a hook fails (true, default); false pauses for a "
                + "person to promote or roll back.") Optional<Boolean> autoRollback,
        @Doc("The whole rollout must finish within this, pauses that wait for a person excepted, e.g. 2h.")
        Optional<Duration> progressDeadline,
        @Doc("Any single step must finish within this, pauses excepted, e.g. 30m.") Optional<Duration> stepDeadline,
        @Doc("Lifecycle hooks.") Optional<HooksSpec> hooks,
        @Doc("How to tell that new instances are ready.") Optional<HealthCheckSpec> healthCheck,
        @Doc("The analysis template: every analysis in the strategy starts from it and overrides what it sets.")
        Optional<AnalysisSpec> analysis,
        @Doc("How the new version replaces the old. Default: canary with no steps (all traffic once healthy).")
        Optional<StrategySpec> strategy,
        Source source) {

    public RolloutSpec {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(replicas, "replicas");
        Objects.requireNonNull(autoRollback, "autoRollback");
        Objects.requireNonNull(progressDeadline, "progressDeadline");
        Objects.requireNonNull(stepDeadline, "stepDeadline");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(source, "source");
        if (replicas.isPresent() && replicas.get() < 1) {
            throw new InvalidFieldException("replicas", "must be at least 1, was " + replicas.get());
        }
        positive("progressDeadline", progressDeadline);
        positive("stepDeadline", stepDeadline);
    }

    /** A rollout of {@code strategy} with every other field absent. */
    public static RolloutSpec of(StrategySpec strategy) {
        return new RolloutSpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(strategy),
                Source.NONE);
    }

    private static void positive(String field, Optional<Duration> d) {
        if (d.isPresent() && (d.get().isZero() || d.get().isNegative())) {
            throw new InvalidFieldException(field, "must be longer than 0s");
        }
    }

    /** Instances per version: {@code replicas}, else the local target's, else 1. */
    public int replicaCount() {
        return replicas.or(() -> local.flatMap(LocalTargetSpec::replicas)).orElse(1);
    }

    public StrategySpec strategyOrDefault() {
        return strategy.orElse(StrategySpec.DEFAULT);
    }

    public FailurePolicy failurePolicy() {
        return autoRollback.orElse(true) ? FailurePolicy.ROLL_BACK : FailurePolicy.PAUSE;
    }

    public HooksSpec hooksOrNone() {
        return hooks.orElse(HooksSpec.NONE);
    }

    public HealthCheckSpec healthCheckOrDefault() {
        return healthCheck.orElse(HealthCheckSpec.DEFAULT);
    }

    /**
     * Checks every analysis of the strategy against the template, as each will run: the two must combine, and
     * the result must measure something and be runnable (e.g. a count needs an interval from one of them).
     * Called once the environment is complete ({@code defaults:} merged), since the
     * template and the strategy may come from different places.
     *
     * @throws Source.InvalidAtSourceException naming the analysis' file and line
     */
    public void checkAnalyses() {
        checkAnalyses(strategyOrDefault());
    }

    private void checkAnalyses(StrategySpec s) {
        s.canary().ifPresent(c -> {
            c.analysis().ifPresent(a -> checkAnalysis(a, c.source(), "analysis"));
            for (CanaryStep step : c.stepList()) {
                step.analysis().ifPresent(a -> checkAnalysis(a, step.source(), "analysis"));
            }
        });
        s.blueGreen().ifPresent(b -> {
            b.prePromotionAnalysis().ifPresent(a -> checkAnalysis(a, b.source(), "prePromotionAnalysis"));
            b.postPromotionAnalysis().ifPresent(a -> checkAnalysis(a, b.source(), "postPromotionAnalysis"));
        });
        s.multiRegion().ifPresent(m -> {
            m.strategy().ifPresent(this::checkAnalyses);
            m.regions().forEach(r -> r.strategy().ifPresent(this::checkAnalyses));
        });
    }

    private void checkAnalysis(AnalysisSpec own, Source at, String field) {
        AnalysisSpec effective = effectiveAnalysis(own, at, field);
        if (effective.measuresNothing()) {
            throw at.invalid(field, "this analysis names no metric and "
                    + (analysis.isPresent() ? "the environment's analysis template names none either"
                    : "the environment has no analysis template") + "; list one, e.g. metrics: [ { name: error_rate, "
                    + "max: 1 } ]");
        }
        try {
            effective.requireRunnable();
        } catch (InvalidFieldException e) {
            throw at.invalid(field + "." + e.field(), analysis.isPresent()
                    ? "with the environment's analysis template: " + e.getMessage() : e.getMessage());
        }
    }

    /**
     * The analysis that runs for {@code own}: the environment's template overridden by it, or {@code own} alone.
     *
     * @throws Source.InvalidAtSourceException when the two cannot combine (e.g. a min above the template's max)
     */
    public AnalysisSpec effectiveAnalysis(AnalysisSpec own, Source at, String field) {
        if (analysis.isEmpty()) {
            return own;
        }
        try {
            return analysis.get().overriddenBy(own);
        } catch (IllegalArgumentException e) {
            throw at.invalid(field, "with the environment's analysis template: " + e.getMessage());
        }
    }

    /** Where {@code region}'s router listens when the region sets {@code listen}; else the target's own. */
    public Optional<String> listenFor(String region) {
        return strategyOrDefault().multiRegion().flatMap(m -> m.regions().stream()
                .filter(r -> r.name().equals(region)).findFirst()).flatMap(RegionSpec::listen);
    }

    /** This rollout with {@code count} instances per version. */
    public RolloutSpec withReplicas(int count) {
        return new RolloutSpec(local, Optional.of(count), autoRollback, progressDeadline, stepDeadline, hooks,
                healthCheck, analysis, strategy, source);
    }

    /** This rollout with another strategy, e.g. a region's. */
    public RolloutSpec withStrategy(StrategySpec other) {
        return new RolloutSpec(local, replicas, autoRollback, progressDeadline, stepDeadline, hooks, healthCheck,
                analysis, Optional.of(other), source);
    }
}
