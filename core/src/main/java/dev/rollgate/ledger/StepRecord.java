package dev.rollgate.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a rollout as it happened.
 *
 * @param name   the step as the plan names it, for example {@code setWeight 20}
 * @param result what came of it, for example {@code ok} or {@code analysis failed: error rate 4.2%}
 */
public record StepRecord(String name, Instant startedAt, Optional<Instant> finishedAt, String result) {

    public StepRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(result, "result");
    }
}
