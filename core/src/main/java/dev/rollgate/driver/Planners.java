package dev.rollgate.driver;

import dev.rollgate.config.ConfigException;
import dev.rollgate.strategy.Attendance;
import dev.rollgate.strategy.MultiRegionStrategy;
import dev.rollgate.strategy.Planner;
import dev.rollgate.strategy.RegionSpec;
import dev.rollgate.strategy.RolloutPlan;
import dev.rollgate.strategy.RolloutSpec;
import dev.rollgate.strategy.StrategySpec;
import dev.rollgate.target.local.LocalTargetSpec;
import java.util.Optional;

/** Which plan a deployment follows, and the local target settings of each region. */
final class Planners {

    private Planners() {
    }

    static RolloutPlan normal(RolloutSpec spec, java.util.List<String> readings, Attendance attendance)
            throws ConfigException {
        return Planner.plan(spec, readings, attendance);
    }

    static RolloutPlan initial(RolloutSpec spec) {
        return Planner.initialPlan(spec);
    }

    static RolloutPlan fast(RolloutSpec spec) {
        return Planner.fastPlan(spec);
    }

    /** The local target of one region: the rollout's, with the region's own router address when it has one. */
    static LocalTargetSpec localFor(RolloutSpec spec, String region, LocalTargetSpec local) {
        Optional<String> listen = spec.strategy().flatMap(StrategySpec::multiRegion)
                .flatMap(m -> m.regions().stream().filter(r -> r.name().equals(region)).findFirst())
                .flatMap(RegionSpec::listen);
        if (listen.isEmpty()) {
            return local;
        }
        return new LocalTargetSpec(local.command(), local.replicas(), listen, local.workingDirectory(), local.env(),
                local.startTimeout());
    }
}
