package dev.rollgate.ledger;

import dev.rollgate.gate.DeploymentType;
import dev.rollgate.model.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a deployment attempt. An attempt is appended when it starts and again as it
 * progresses or finishes, always with the same {@code id}; the latest record of an id is the
 * attempt's current state (see {@link LedgerContents#attempts()}).
 *
 * @param id              the attempt's identity, chosen by the caller (a UUID, say)
 * @param previousVersion what ran before, when known
 * @param strategy        the strategy's name, for example {@code canary}
 * @param rollbackCause   why the attempt was rolled back, when it was
 */
public record LedgerEntry(
        String id,
        String service,
        String environment,
        String version,
        Optional<String> previousVersion,
        Optional<String> actor,
        Trigger trigger,
        Optional<String> reason,
        DeploymentType deploymentType,
        String strategy,
        Instant startedAt,
        Optional<Instant> finishedAt,
        Outcome outcome,
        Optional<String> rollbackCause,
        List<StepRecord> steps) {

    public LedgerEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(previousVersion, "previousVersion");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(deploymentType, "deploymentType");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(rollbackCause, "rollbackCause");
        steps = List.copyOf(steps);
    }

    /** This attempt, finished: the record to append when it ends. */
    public LedgerEntry finished(Instant at, Outcome result, Optional<String> cause, List<StepRecord> allSteps) {
        return new LedgerEntry(id, service, environment, version, previousVersion, actor, trigger, reason,
                deploymentType, strategy, startedAt, Optional.of(at), result, cause, allSteps);
    }
}
