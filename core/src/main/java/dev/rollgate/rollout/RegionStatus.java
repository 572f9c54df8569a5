package dev.rollgate.rollout;

import java.util.Objects;

/**
 * What is known to be in force in one region: confirmed by the target, not merely asked for.
 *
 * @param stableReplicas  -1 while unknown (nothing asked yet); the stable version is left as it was found
 * @param canaryReplicas  instances of the new version
 * @param state           how far the region got
 */
public record RegionStatus(String name, int canaryWeight, int stableReplicas, int canaryReplicas, RegionState state) {

    public enum RegionState { PENDING, PROGRESSING, PROMOTED, ROLLED_BACK, FAILED }

    public RegionStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    static RegionStatus pending(String name) {
        return new RegionStatus(name, 0, -1, 0, RegionState.PENDING);
    }

    RegionStatus withWeight(int weight) {
        return new RegionStatus(name, weight, stableReplicas, canaryReplicas, state);
    }

    RegionStatus withStableReplicas(int replicas) {
        return new RegionStatus(name, canaryWeight, replicas, canaryReplicas, state);
    }

    RegionStatus withCanaryReplicas(int replicas) {
        return new RegionStatus(name, canaryWeight, stableReplicas, replicas, state);
    }

    RegionStatus in(RegionState next) {
        return new RegionStatus(name, canaryWeight, stableReplicas, canaryReplicas, next);
    }
}
