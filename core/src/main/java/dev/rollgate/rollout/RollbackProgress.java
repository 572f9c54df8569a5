package dev.rollgate.rollout;

import java.util.List;
import java.util.Objects;

/**
 * How far a rollback got: the regions to put back on stable, in order, and the index of the next rollback
 * step in the current one (see {@code Rollout.rollbackSteps}).
 */
public record RollbackProgress(List<String> regions, int regionIndex, int stepIndex) {

    public RollbackProgress {
        regions = List.copyOf(Objects.requireNonNull(regions, "regions"));
    }
}
