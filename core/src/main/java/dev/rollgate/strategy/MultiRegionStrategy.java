package dev.rollgate.strategy;

import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import dev.rollgate.config.Required;
import dev.rollgate.config.Source;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Multi-region: the regions roll out one after another, each with its own strategy or the shared one, with a
 * wait between them. A failure in one region stops the rest (by default) and rolls that region back.
 */
@Doc("Roll out region after region, each with a strategy, with a wait between regions.")
public record MultiRegionStrategy(
        @Required @Doc("The regions in rollout order.") List<RegionSpec> regions,
        @Doc("The strategy of every region that names none. Default: canary with no steps.")
        Optional<StrategySpec> strategy,
        @Doc("Wait between one region's end and the next region's start, unless the region sets its own wait. "
                + "Default: none.") Optional<Duration> waitBetween,
        @Doc("Stop at a failed region (true, default) or go on with the next one.") Optional<Boolean> stopOnRegionFailure,
        @Doc("Put a failed region back on its stable version (true, default) or leave it for a person to inspect.")
        Optional<Boolean> rollbackFailedRegion,
        Source source) {

    public MultiRegionStrategy {
        regions = List.copyOf(regions);
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(waitBetween, "waitBetween");
        Objects.requireNonNull(stopOnRegionFailure, "stopOnRegionFailure");
        Objects.requireNonNull(rollbackFailedRegion, "rollbackFailedRegion");
        Objects.requireNonNull(source, "source");
        if (regions.isEmpty()) {
            throw new InvalidFieldException("regions", "declare at least one region");
        }
        Map<String, RegionSpec> seen = new HashMap<>();
        for (RegionSpec region : regions) {
            RegionSpec first = seen.putIfAbsent(region.name(), region);
            if (first != null) {
                throw region.source().invalid("name", "region '" + region.name() + "' is declared twice"
                        + (first.source().line() > 0 ? "; first on line " + first.source().line() : ""));
            }
        }
        if (strategy.isPresent() && strategy.get().multiRegion().isPresent()) {
            throw new InvalidFieldException("strategy", "the per-region strategy cannot be another multiRegion; use "
                    + "canary, blueGreen, rolling or recreate");
        }
        if (waitBetween.isPresent() && waitBetween.get().isNegative()) {
            throw new InvalidFieldException("waitBetween", "must not be negative");
        }
    }

    public RegionPolicy regionPolicy() {
        return new RegionPolicy(stopOnRegionFailure.orElse(RegionPolicy.DEFAULT.stopOnRegionFailure()),
                rollbackFailedRegion.orElse(RegionPolicy.DEFAULT.rollbackFailedRegion()));
    }

    /** The strategy {@code region} rolls out with: its own, else the shared one, else a canary with no steps. */
    public StrategySpec strategyFor(RegionSpec region) {
        return region.strategy().or(() -> strategy).orElse(StrategySpec.DEFAULT);
    }

    /** The wait after {@code region} before the next one starts. */
    public Optional<Duration> waitAfter(RegionSpec region) {
        return region.waitAfter().or(() -> waitBetween).filter(d -> !d.isZero());
    }
}
