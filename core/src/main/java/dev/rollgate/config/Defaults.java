package dev.rollgate.config;

import dev.rollgate.model.Trigger;
import dev.rollgate.strategy.RolloutSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The shared part of every environment's policy. Same fields as an environment, less its aliases. */
@Doc("Policy shared by every environment.")
public record Defaults(
        @Doc("Triggers that may deploy. Default: all.") Optional<Set<Trigger>> triggers,
        @Doc("Branches that may deploy; * matches any characters but /, ** matches anything.") Optional<List<String>> branches,
        @Doc("Tags that may deploy, e.g. \"v*\".") Optional<List<String>> tags,
        @Doc("Gates every environment gets.") Optional<GatesSpec> gates,
        @Doc("Rollout settings every environment gets, merged key by key with the environment's own rollout.")
        Optional<RolloutSpec> rollout) {
}
