package dev.rollgate.rollout;

import dev.rollgate.strategy.PauseReason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the rollout waits, since when, and until when ({@code until} empty: until a person promotes).
 *
 * @param message what a person reads, e.g. "pause 10m at 25%" or "error_rate 2.4% > 2% for 300s: asks a human"
 */
public record PauseCondition(PauseReason reason, Instant startedAt, Optional<Instant> until, String message) {

    public PauseCondition {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(message, "message");
    }

    boolean waitsForPerson() {
        return until.isEmpty();
    }
}
