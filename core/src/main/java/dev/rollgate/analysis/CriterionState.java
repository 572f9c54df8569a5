package dev.rollgate.analysis;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one {@link RollbackCriterion} stands in a run.
 *
 * @param streak          breaching checks in a row, up to the latest
 * @param breachingSince  the first check of the current breaching streak, if the latest check breached
 */
public record CriterionState(int streak, Optional<Instant> breachingSince) {

    public static final CriterionState CLEAR = new CriterionState(0, Optional.empty());

    public CriterionState {
        Objects.requireNonNull(breachingSince, "breachingSince");
        if (streak < 0) {
            throw new IllegalArgumentException("streak must not be negative, was " + streak);
        }
        if ((streak == 0) != breachingSince.isEmpty()) {
            throw new IllegalArgumentException("a streak of breaching checks has a start, and only then");
        }
    }

    /** The state after a check at {@code at}. */
    CriterionState after(boolean breached, Instant at) {
        return breached ? new CriterionState(streak + 1, Optional.of(breachingSince.orElse(at))) : CLEAR;
    }
}
