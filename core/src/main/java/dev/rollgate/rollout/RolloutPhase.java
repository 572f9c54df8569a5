package dev.rollgate.rollout;

import dev.rollgate.model.WireNamed;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a rollout is. The wire names are stable; {@link #canBecome} is the whole table of legal transitions, and
 * the engine refuses any other.
 */
public enum RolloutPhase implements WireNamed {
    /** Steps are being carried out. */
    PROGRESSING("Progressing"),
    /** Waiting: a timed pause, a pause for {@code promote}, or a person asked to decide. */
    PAUSED("Paused"),
    /** Putting traffic back on the stable version and scaling the canary down. */
    ROLLING_BACK("RollingBack"),
    /** The new version serves everything and is the stable version. */
    PROMOTED("Promoted"),
    /** Stopped on request; traffic is back on the stable version. */
    ABORTED("Aborted"),
    /** Rolled back because something failed (or on request); traffic is back on the stable version. */
    ROLLED_BACK("RolledBack"),
    /** A rollback could not be completed; a person must look, then {@code rollgate resume} retries it. */
    FAILED("Failed");

    private static final Map<RolloutPhase, Set<RolloutPhase>> LEGAL = Map.of(
            // -> FAILED directly only when a multi-region rollout leaves a failed region for a person to inspect.
            PROGRESSING, EnumSet.of(PAUSED, ROLLING_BACK, PROMOTED, FAILED),
            PAUSED, EnumSet.of(PROGRESSING, ROLLING_BACK, FAILED),
            ROLLING_BACK, EnumSet.of(ABORTED, ROLLED_BACK, FAILED),
            FAILED, EnumSet.of(ROLLING_BACK),
            PROMOTED, EnumSet.noneOf(RolloutPhase.class),
            ABORTED, EnumSet.noneOf(RolloutPhase.class),
            ROLLED_BACK, EnumSet.noneOf(RolloutPhase.class));

    private final String wireName;

    RolloutPhase(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether the engine may move from this phase to {@code next}. Staying in a phase is always allowed. */
    public boolean canBecome(RolloutPhase next) {
        return next == this || LEGAL.get(this).contains(next);
    }

    /** Nothing more will happen: the rollout is over. */
    public boolean isTerminal() {
        return this == PROMOTED || this == ABORTED || this == ROLLED_BACK;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
