package dev.rollgate.driver;

import dev.rollgate.rollout.Action;
import dev.rollgate.rollout.Observation;
import dev.rollgate.rollout.RolloutStatus;

/** Follows a rollout as a driver runs it: for progress displays and logs. Called on the driver's thread. */
public interface RolloutListener {

    RolloutListener NONE = new RolloutListener() {
    };

    /** A new status was saved ({@code previous} is empty for the first one this driver saw). */
    default void saved(java.util.Optional<RolloutStatus> previous, RolloutStatus current) {
    }

    /** The driver is about to carry out an action. */
    default void acting(Action action) {
    }

    /** What came of it. */
    default void observed(Observation observation) {
    }
}
