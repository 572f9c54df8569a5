package dev.rollgate.config;

import dev.rollgate.model.GitRef;
import dev.rollgate.model.Trigger;
import dev.rollgate.strategy.RolloutSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One environment's policy: which triggers and refs may deploy, and the gates a request must pass.
 *
 * @param triggers absent means every trigger; present means only those (a rollback is always allowed)
 * @param branches absent, together with tags, means any ref
 */
@Doc("One environment's policy.")
public record EnvironmentSpec(
        @Doc("Other names for this environment: --env prod finds production.") Optional<List<String>> aliases,
        @Doc("Triggers that may deploy here (push, ci_success, tag, schedule, manual, rollback). Default: all. "
                + "A rollback is always allowed.") Optional<Set<Trigger>> triggers,
        @Doc("Branches that may deploy here; * matches any characters but /, ** matches anything. "
                + "When branches or tags are set, a ref must match one of them.") Optional<List<String>> branches,
        @Doc("Tags that may deploy here, e.g. \"v*\".") Optional<List<String>> tags,
        @Doc("The gates a request must pass.") Optional<GatesSpec> gates,
        @Doc("How a new version rolls out here: target, replicas, strategy, analysis, hooks. "
                + "defaults: rollout: is merged in key by key.") Optional<RolloutSpec> rollout) {

    public EnvironmentSpec {
        aliases.ifPresent(a -> {
            if (a.stream().anyMatch(String::isBlank)) {
                throw new InvalidFieldException("aliases", "an alias must not be blank");
            }
        });
        if (triggers.isPresent() && triggers.get().isEmpty()) {
            throw new InvalidFieldException("triggers", "an empty list would allow nothing; remove the field to allow every trigger");
        }
        if (branches.isPresent() && branches.get().isEmpty() && (tags.isEmpty() || tags.get().isEmpty())) {
            throw new InvalidFieldException("branches", "an empty list would allow no ref; remove the field to allow any");
        }
        // Here, not in RolloutSpec: the analysis template and the strategy may come from defaults and the
        // environment, so only the merged environment can tell whether each analysis measures something.
        rollout.ifPresent(RolloutSpec::checkAnalyses);
    }

    List<String> namesFor(String name) {
        List<String> names = new ArrayList<>();
        names.add(name);
        aliases.ifPresent(names::addAll);
        return names;
    }

    public GatesSpec gatesOrNone() {
        return gates.orElse(GatesSpec.NONE);
    }

    public Set<Trigger> allowedTriggers() {
        return triggers.map(t -> (Set<Trigger>) EnumSet.copyOf(t)).orElse(EnumSet.allOf(Trigger.class));
    }

    /** True when this environment limits which refs may deploy. */
    public boolean restrictsRefs() {
        return branches.isPresent() || tags.isPresent();
    }

    public boolean allows(GitRef ref) {
        if (!restrictsRefs()) {
            return true;
        }
        List<String> patterns = (ref.kind() == GitRef.Kind.TAG ? tags : branches).orElse(List.of());
        return patterns.stream().anyMatch(p -> RefPattern.matches(p, ref.name()));
    }
}
