package dev.rollgate.ledger;

import dev.rollgate.model.WireNamed;
import java.util.Optional;

/** How a deployment attempt ended, or that it has not yet. Wire names are stable; never use {@code ordinal()}. */
public enum Outcome implements WireNamed {
    IN_PROGRESS("in_progress"),
    SUCCEEDED("succeeded"),
    ROLLED_BACK("rolled_back"),
    ABORTED("aborted"),
    FAILED("failed"),
    /** A gate refused the deployment; nothing changed. */
    BLOCKED("blocked");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<Outcome> fromWireName(String name) {
        return WireNamed.find(Outcome.class, name);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
