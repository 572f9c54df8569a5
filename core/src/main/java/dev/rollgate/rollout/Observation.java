package dev.rollgate.rollout;

import dev.rollgate.analysis.Metric;
import dev.rollgate.analysis.MetricSample;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** What a driver saw when it carried out an {@link Action}; the engine's only input besides time. */
public sealed interface Observation {

    Action action();

    /** The action did what it was asked. {@code detail} is kept in the step history, e.g. a hook's summary. */
    record Done(Action action, String detail) implements Observation {
        public Done {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The action did not succeed. */
    record Failed(Action action, String reason, FailureKind kind) implements Observation {
        public Failed {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Measurements for an {@link Action.Measure}, taken at {@code at}. */
    record Measured(Action.Measure action, Map<Metric, MetricSample> samples, Instant at) implements Observation {
        public Measured {
            Objects.requireNonNull(action, "action");
            samples = Map.copyOf(samples);
            Objects.requireNonNull(at, "at");
        }
    }

    enum FailureKind {
        /** Worth trying again: a timeout, a refused connection. Retried with bounded back-off. */
        TRANSIENT,
        /** The target cannot do it: a process that exits at once, an unknown version. */
        BROKEN,
        /** The target did it, but the result is bad: unhealthy instances, a failing hook, the wrong version. */
        REJECTED
    }
}
