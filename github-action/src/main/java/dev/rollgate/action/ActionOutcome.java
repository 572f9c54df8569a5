package dev.rollgate.action;

import dev.rollgate.model.WireNamed;
import dev.rollgate.rollout.RolloutPhase;
import dev.rollgate.rollout.RolloutStatus;
import java.util.Optional;

/** The {@code outcome} output: what the step ended with, one word a workflow can branch on. */
public enum ActionOutcome implements WireNamed {
    /** gate: the request may deploy now. */
    ALLOWED("allowed"),
    /** gate or deploy: a policy gate refused the request; nothing changed. */
    BLOCKED("blocked"),
    PROGRESSING("progressing"),
    PAUSED("paused"),
    PROMOTED("promoted"),
    ROLLED_BACK("rolled_back"),
    /** Stopped by a person or a cancelled job: traffic is back on the stable version. */
    ABORTED("aborted"),
    /** The target could not complete the rollout or the rollback. */
    FAILED("failed"),
    /** Nothing to do: the version already runs, or no rollout exists. */
    UNCHANGED("unchanged"),
    /** The step could not run as written: an input, the event or the config. */
    ERROR("error");

    private final String wireName;

    ActionOutcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** A rollout's phase as an outcome; no rollout at all is {@link #UNCHANGED}. */
    static ActionOutcome of(Optional<RolloutStatus> status) {
        if (status.isEmpty()) {
            return UNCHANGED;
        }
        RolloutPhase phase = status.get().phase();
        switch (phase) {
            case PROMOTED:
                return PROMOTED;
            case ROLLED_BACK:
                return ROLLED_BACK;
            case ABORTED:
                return ABORTED;
            case FAILED:
                return FAILED;
            case PAUSED:
                return PAUSED;
            default:
                return PROGRESSING;
        }
    }
}
