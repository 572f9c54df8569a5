package dev.rollgate.strategy;

import dev.rollgate.config.Doc;
import dev.rollgate.config.InvalidFieldException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A canary {@code pause} step: wait {@code duration}, or without one until someone runs {@code rollgate promote}.
 */
@Doc("Wait for a duration, or without one until someone promotes.")
public record PauseSpec(
        @Doc("How long to wait, e.g. 10m. Absent: wait until `rollgate promote`.") Optional<Duration> duration) {

    public static final PauseSpec UNTIL_PROMOTED = new PauseSpec(Optional.empty());

    public PauseSpec {
        Objects.requireNonNull(duration, "duration");
        if (duration.isPresent() && duration.get().isNegative()) {
            throw new InvalidFieldException("duration", "must not be negative");
        }
    }

    public static PauseSpec of(Duration duration) {
        return new PauseSpec(Optional.of(duration));
    }
}
