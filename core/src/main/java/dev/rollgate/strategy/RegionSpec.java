package dev.rollgate.strategy;

import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Required;
import dev.rollgate.config.Source;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One region of a multi-region rollout. */
@Doc("One region of a multi-region rollout.")
public record RegionSpec(
        @Required @Doc("The region's name, e.g. us-east; unique within the rollout.") String name,
        @Source.Key("wait") @Doc("How long to watch this region after it finishes before the next region starts. "
                + "Default: the rollout's waitBetween.") Optional<Duration> waitAfter,
        @Doc("This region's own strategy. Default: the multiRegion strategy.") Optional<StrategySpec> strategy,
        @Doc("Where this region's router listens (local target), host:port.") Optional<String> listen,
        Source source) {

    public RegionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(waitAfter, "wait");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(source, "source");
        if (name.isBlank()) {
            throw new InvalidFieldException("name", "must not be blank");
        }
        if (strategy.isPresent() && strategy.get().multiRegion().isPresent()) {
            throw new InvalidFieldException("strategy", "a region cannot hold another multiRegion; give it canary, "
                    + "blueGreen, rolling or recreate");
        }
        if (waitAfter.isPresent() && waitAfter.get().isNegative()) {
            throw new InvalidFieldException("wait", "must not be negative");
        }
    }

    public static RegionSpec of(String name) {
        return new RegionSpec(name, Optional.empty(), Optional.empty(), Optional.empty(), Source.NONE);
    }
}
