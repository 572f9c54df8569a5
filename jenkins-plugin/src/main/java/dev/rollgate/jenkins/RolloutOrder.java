package dev.rollgate.jenkins;

import java.io.Serializable;
import java.util.List;

/**
 * What a rollout step asked for, as its execution keeps it across a controller restart: the step's name and small
 * serializable facts. A plain class, not a record, for the same reason as {@link GateRequest}.
 */
final class RolloutOrder implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the step does to the environment's rollout. */
    enum Kind {
        /** Roll out a new version with the environment's strategy (canaryDeploy, blueGreenDeploy, rollingDeploy). */
        DEPLOY,
        /** Roll back: the rollout in progress, or the last one (to the previous or a named version). */
        ROLLBACK,
        /** End the pause that waits for a person (or every remaining one). */
        PROMOTE,
        PROMOTE_FULL,
        /** Traffic back to stable, canary scaled down. */
        ABORT
    }

    private final Kind kind;
    private final String step;
    private final List<String> strategies;
    private final GateRequest gate;
    private final String to;
    private final int waitForLockMinutes;

    private RolloutOrder(Kind kind, String step, List<String> strategies, GateRequest gate, String to,
                         int waitForLockMinutes) {
        this.kind = kind;
        this.step = step;
        this.strategies = List.copyOf(strategies);
        this.gate = gate;
        this.to = to;
        this.waitForLockMinutes = waitForLockMinutes;
    }

    /**
     * @param strategies the config strategies this step runs ({@code canary}, {@code blueGreen}, ...); another one
     *                   fails the step, so a Jenkinsfile never runs a strategy it does not say
     * @param gate       the gate inputs; the version to deploy is its version
     */
    static RolloutOrder deploy(String step, List<String> strategies, GateRequest gate, int waitForLockMinutes) {
        return new RolloutOrder(Kind.DEPLOY, step, strategies, gate, null, waitForLockMinutes);
    }

    static RolloutOrder rollback(GateRequest gate, String to, int waitForLockMinutes) {
        return new RolloutOrder(Kind.ROLLBACK, "rollbackDeploy", List.of(), gate, to, waitForLockMinutes);
    }

    static RolloutOrder command(Kind kind, String step, GateRequest gate) {
        return new RolloutOrder(kind, step, List.of(), gate, null, 0);
    }

    Kind kind() {
        return kind;
    }

    String step() {
        return step;
    }

    List<String> strategies() {
        return strategies;
    }

    /** The environment, config, version (for a deploy), reason and emergency inputs. */
    GateRequest gate() {
        return gate;
    }

    String environment() {
        return gate.environment();
    }

    /** A rollback's version; null for the previous stable one. */
    String to() {
        return to;
    }

    int waitForLockMinutes() {
        return waitForLockMinutes;
    }
}
