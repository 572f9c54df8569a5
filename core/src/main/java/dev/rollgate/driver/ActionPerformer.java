package dev.rollgate.driver;

import dev.rollgate.rollout.Action;
import dev.rollgate.rollout.Observation;
import dev.rollgate.rollout.RolloutStatus;

/** Carries out one engine action against the real world and says what came of it. Never throws for a failure. */
public interface ActionPerformer {

    /** @throws InterruptedException when the driver is stopped meanwhile; the action may be half done (it is idempotent) */
    Observation perform(Action action, RolloutStatus status) throws InterruptedException;
}
