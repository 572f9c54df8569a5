package dev.rollgate.strategy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a canary, exactly one of {@code setWeight}, {@code pause} or {@code analysis} (Argo Rollouts'
 * {@code CanaryStep}). It is a record with three optional fields rather than a sealed type because it is read
 * from YAML by field name; the compact constructor enforces the one-of.
 */
@Doc("One canary step: exactly one of setWeight, pause, analysis.")
public record CanaryStep(
        @Doc("Send this percentage (0-100) of traffic to the canary.") Optional<Integer> setWeight,
        @Doc("Wait for a duration, or with `pause: {}` until someone promotes.") Optional<PauseSpec> pause,
        @Doc("Run an analysis and wait for its verdict; the environment's analysis template, overridden by these "
                + "fields.") Optional<AnalysisSpec> analysis,
        Source source) {

    public CanaryStep {
        Objects.requireNonNull(setWeight, "setWeight");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(source, "source");
        List<String> kinds = new ArrayList<>();
        setWeight.ifPresent(w -> kinds.add("setWeight"));
        pause.ifPresent(p -> kinds.add("pause"));
        analysis.ifPresent(a -> kinds.add("analysis"));
        if (kinds.size() != 1) {
            throw new IllegalArgumentException("a step is exactly one of setWeight, pause, analysis"
                    + (kinds.isEmpty() ? "; this one has none" : "; this one has " + String.join(" and ", kinds)));
        }
        if (setWeight.isPresent() && (setWeight.get() < 0 || setWeight.get() > 100)) {
            throw new InvalidFieldException("setWeight", "must be 0-100, was " + setWeight.get());
        }
    }

    public static CanaryStep setWeight(int weight) {
        return new CanaryStep(Optional.of(weight), Optional.empty(), Optional.empty(), Source.NONE);
    }

    public static CanaryStep pause(PauseSpec pause) {
        return new CanaryStep(Optional.empty(), Optional.of(pause), Optional.empty(), Source.NONE);
    }

    public static CanaryStep analysis(AnalysisSpec analysis) {
        return new CanaryStep(Optional.empty(), Optional.empty(), Optional.of(analysis), Source.NONE);
    }
}
