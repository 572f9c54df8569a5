package dev.rollgate.strategy;

import dev.rollgate.config.Doc;
import dev.rollgate.config.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a new version replaces the old one: exactly one of canary, blueGreen, rolling, recreate or multiRegion
 * (Argo Rollouts' {@code RolloutStrategy} one-of, plus rolling, recreate and multi-region). The runbook spellings
 * ({@code strategy: blue-green}) are normalized by the loader before this is bound.
 */
@Doc("How the new version replaces the old: exactly one of canary, blueGreen, rolling, recreate, multiRegion. "
        + "A name alone also works: strategy: blue-green.")
public record StrategySpec(
        @Doc("Shift traffic step by step.") Optional<CanaryStrategy> canary,
        @Doc("Start the new version beside the old, check it, switch all traffic at once.")
        Optional<BlueGreenStrategy> blueGreen,
        @Doc("Replace instances in batches.") Optional<RollingStrategy> rolling,
        @Doc("Stop the old version, start the new one.") Optional<RecreateStrategy> recreate,
        @Doc("Region after region, each with a strategy.") Optional<MultiRegionStrategy> multiRegion,
        Source source) {

    public static final List<String> NAMES = List.of("canary", "blueGreen", "rolling", "recreate", "multiRegion");

    /** No strategy given: a canary with no steps, i.e. all traffic to the new version once it is healthy. */
    public static final StrategySpec DEFAULT = of(new CanaryStrategy(Optional.empty(), Optional.empty(), Source.NONE));

    public StrategySpec {
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(blueGreen, "blueGreen");
        Objects.requireNonNull(rolling, "rolling");
        Objects.requireNonNull(recreate, "recreate");
        Objects.requireNonNull(multiRegion, "multiRegion");
        Objects.requireNonNull(source, "source");
        List<String> set = new ArrayList<>();
        canary.ifPresent(s -> set.add("canary"));
        blueGreen.ifPresent(s -> set.add("blueGreen"));
        rolling.ifPresent(s -> set.add("rolling"));
        recreate.ifPresent(s -> set.add("recreate"));
        multiRegion.ifPresent(s -> set.add("multiRegion"));
        if (set.isEmpty()) {
            throw new IllegalArgumentException("choose a strategy: one of " + String.join(", ", NAMES));
        }
        if (set.size() > 1) {
            throw new IllegalArgumentException("a strategy is exactly one of " + String.join(", ", NAMES)
                    + "; this one sets " + String.join(" and ", set));
        }
    }

    public static StrategySpec of(CanaryStrategy canary) {
        return new StrategySpec(Optional.of(canary), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Source.NONE);
    }

    public static StrategySpec of(BlueGreenStrategy blueGreen) {
        return new StrategySpec(Optional.empty(), Optional.of(blueGreen), Optional.empty(), Optional.empty(),
                Optional.empty(), Source.NONE);
    }

    public static StrategySpec of(RollingStrategy rolling) {
        return new StrategySpec(Optional.empty(), Optional.empty(), Optional.of(rolling), Optional.empty(),
                Optional.empty(), Source.NONE);
    }

    public static StrategySpec of(RecreateStrategy recreate) {
        return new StrategySpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(recreate),
                Optional.empty(), Source.NONE);
    }

    public static StrategySpec of(MultiRegionStrategy multiRegion) {
        return new StrategySpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(multiRegion), Source.NONE);
    }

    /** The strategy's name as {@link RolloutPlan#strategy()} spells it. */
    public String name() {
        if (canary.isPresent()) {
            return "canary";
        }
        if (blueGreen.isPresent()) {
            return "blueGreen";
        }
        if (rolling.isPresent()) {
            return "rolling";
        }
        return recreate.isPresent() ? "recreate" : "multiRegion";
    }
}
