package dev.rollgate.hook;

import dev.rollgate.model.WireNamed;

/** When in a rollout a lifecycle hook runs. */
public enum HookPhase implements WireNamed {
    /** Before anything changes. */
    PRE_DEPLOY("preDeploy"),
    /** Before the new version starts: schema migrations. */
    MIGRATE("migrate"),
    /** Once the new version takes all traffic. */
    POST_DEPLOY("postDeploy"),
    /** Checks against the service once the new version takes all traffic. */
    SMOKE("smoke"),
    /** After traffic is back on the stable version: a down migration, a notification. */
    ON_ROLLBACK("onRollback");

    private final String wireName;

    HookPhase(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
