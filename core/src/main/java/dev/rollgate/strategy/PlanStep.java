package dev.rollgate.strategy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.hook.HookPhase;
import dev.rollgate.target.Side;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One primitive step of a {@link RolloutPlan}. Every strategy (recreate, rolling, blue-green, canary,
 * multi-region) compiles to a list of these, so the rollout engine knows one small vocabulary. Each step names
 * the region it acts in; a single-region plan uses {@link RolloutPlan#DEFAULT_REGION}.
 */
public sealed interface PlanStep {

    String region();

    /** The step as a person reads it in {@code rollgate plan}, for example {@code setWeight 25}. */
    String describe();

    /** Runs exactly {@code replicas} instances of one side and waits until they pass the health check. */
    record Scale(String region, Side side, int replicas) implements PlanStep {
        public Scale {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(side, "side");
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas must not be negative, was " + replicas);
            }
        }

        @Override
        public String describe() {
            return "scale " + side.name().toLowerCase(java.util.Locale.ROOT) + " to " + replicas;
        }
    }

    /** Sends {@code weight} percent of traffic to the canary, the rest to stable. */
    record SetWeight(String region, int weight) implements PlanStep {
        public SetWeight {
            Objects.requireNonNull(region, "region");
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("weight must be 0-100, was " + weight);
            }
        }

        @Override
        public String describe() {
            return "setWeight " + weight;
        }
    }

    /** Waits for {@code duration}, or, without one, until someone promotes. Promoting ends any pause. */
    record Pause(String region, Optional<Duration> duration, PauseReason reason) implements PlanStep {
        public Pause {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String describe() {
            return "pause " + duration.map(dev.rollgate.config.Durations::format).orElse("until promoted")
                    + " (" + reason.wireName() + ")";
        }
    }

    /**
     * Runs an analysis. A {@link AnalysisMode#BLOCKING} analysis holds the rollout until it completes; a
     * {@link AnalysisMode#BACKGROUND} one starts here and runs alongside later steps until {@link EndAnalysis}
     * or the end of the region.
     */
    record Analysis(String region, String name, AnalysisSpec spec, AnalysisMode mode) implements PlanStep {
        public Analysis {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String describe() {
            return "analysis " + name + (mode == AnalysisMode.BACKGROUND ? " (background)" : "");
        }
    }

    /** Stops a background analysis; its verdict so far stands. */
    record EndAnalysis(String region, String name) implements PlanStep {
        public EndAnalysis {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return "end analysis " + name;
        }
    }

    /** Runs the lifecycle hook of this phase. A failing hook rolls the rollout back. */
    record RunHook(String region, HookPhase phase) implements PlanStep {
        public RunHook {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(phase, "phase");
        }

        @Override
        public String describe() {
            return "hook " + phase.wireName();
        }
    }

    /**
     * Proves the new version is the one answering: at {@link VersionScope#INSTANCES}, every canary instance
     * reports it; at {@link VersionScope#SERVICE}, every sampled request through the router does.
     */
    record VerifyVersion(String region, VersionScope scope) implements PlanStep {
        public VerifyVersion {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(scope, "scope");
        }

        @Override
        public String describe() {
            return "verify version (" + scope.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /** Makes the canary the region's stable version. Nothing external changes; the status records it. */
    record MarkStable(String region) implements PlanStep {
        public MarkStable {
            Objects.requireNonNull(region, "region");
        }

        @Override
        public String describe() {
            return "mark stable";
        }
    }

    enum AnalysisMode { BLOCKING, BACKGROUND }

    enum VersionScope { INSTANCES, SERVICE }
}
