package dev.rollgate.strategy;

import dev.rollgate.analysis.AnalysisSpec;
import dev.rollgate.config.Doc;
import dev.rollgate.config.Source;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Canary: the new version starts beside the stable one and takes a growing share of traffic, step by step. With
 * no steps it takes all traffic once healthy. After the last step traffic goes to 100% if it is not there yet.
 */
@Doc("Shift traffic to the new version step by step: setWeight, pause, analysis.")
public record CanaryStrategy(
        @Doc("Background analysis from the first step to promotion; the environment's analysis template, "
                + "overridden by these fields.") Optional<AnalysisSpec> analysis,
        @Doc("The steps, in order. Weights must go up. None: all traffic once the new version is healthy.")
        Optional<List<CanaryStep>> steps,
        Source source) {

    public CanaryStrategy {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(source, "source");
        int previous = -1;
        Source previousAt = Source.NONE;
        for (CanaryStep step : steps.orElse(List.of())) {
            if (step.setWeight().isEmpty()) {
                continue;
            }
            int weight = step.setWeight().get();
            if (weight <= previous) {
                // Traffic only moves forward; going back is a rollback, which is not a step.
                throw step.source().invalid("setWeight", weight + " is not above the previous " + previous
                        + (previousAt.line() > 0 ? " (line " + previousAt.line() + ")" : "")
                        + "; weights must go up step by step");
            }
            previous = weight;
            previousAt = step.source();
        }
    }

    public static CanaryStrategy of(List<CanaryStep> steps) {
        return new CanaryStrategy(Optional.empty(), Optional.of(steps), Source.NONE);
    }

    public List<CanaryStep> stepList() {
        return steps.orElse(List.of());
    }
}
