package dev.rollgate.rollout;

import dev.rollgate.analysis.MetricQuery;
import dev.rollgate.hook.HookPhase;
import dev.rollgate.strategy.PlanStep.VersionScope;
import dev.rollgate.target.Side;
import dev.rollgate.target.TrafficSplit;
import java.util.List;
import java.util.Objects;

/**
 * Something the engine asks a driver to do to the outside world. Every action is idempotent (doing it twice is
 * doing it once), so a driver that crashed after the status was saved simply does it again.
 */
public sealed interface Action {

    String region();

    /** What the action does, as a person reads it in a message: "routing v1 95% / v2 5%". */
    String describe();

    /** Run exactly {@code replicas} instances of {@code version} and, when more than 0, wait until healthy. */
    record Scale(String region, Side side, String version, int replicas) implements Action {
        public Scale {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String describe() {
            return "scaling " + version + " to " + replicas;
        }
    }

    /** Route user traffic as {@code split} says. */
    record Route(String region, TrafficSplit split) implements Action {
        public Route {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(split, "split");
        }

        @Override
        public String describe() {
            return "routing " + split;
        }
    }

    /** Run a lifecycle hook. */
    record RunHook(String region, HookPhase phase, String version) implements Action {
        public RunHook {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String describe() {
            return "hook " + phase.wireName();
        }
    }

    /** Prove {@code version} is what answers, at the instances or through the router. */
    record VerifyVersion(String region, VersionScope scope, String version) implements Action {
        public VerifyVersion {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String describe() {
            return "version check of " + version;
        }
    }

    /** Take the measurements an analysis run is due for. */
    record Measure(String region, String run, List<MetricQuery> queries) implements Action {
        public Measure {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(run, "run");
            queries = List.copyOf(queries);
        }

        @Override
        public String describe() {
            return "measuring " + run;
        }
    }
}
