package dev.rollgate.rollout;

import java.util.List;
import java.util.Objects;

/** The engine's answer: the status to save, then the actions to carry out (in order). */
public record Transition(RolloutStatus status, List<Action> actions) {

    public Transition {
        Objects.requireNonNull(status, "status");
        actions = List.copyOf(actions);
    }
}
