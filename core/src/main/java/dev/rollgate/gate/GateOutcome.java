package dev.rollgate.gate;

import dev.rollgate.model.WireNamed;

/** How one gate judged a request. */
public enum GateOutcome implements WireNamed {
    /** The rule holds. */
    PASS("pass"),
    /** The rule fails: the deployment may not run. */
    BLOCK("block"),
    /** A non-blocking rule fails: the deployment may run, and people should know. */
    WARN("warn"),
    /** The rule fails but an accepted emergency overrides it. Shown apart from PASS on purpose. */
    OVERRIDDEN("overridden"),
    /** The rule was not evaluated, by policy (tests skipped in an emergency, checks that do not apply to rollbacks). */
    SKIPPED("skipped");

    private final String wireName;

    GateOutcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
