package dev.rollgate.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The promotion path into an environment: the same version must have succeeded in {@code environment} first, at
 * least {@code soak} ago. Rollbacks are exempt; an accepted emergency may cut the soak short, but never skip the
 * earlier environment.
 */
@Doc("The promotion path: the same version must have succeeded in another environment first, at least soak ago.")
public record PromotionRequirement(
        @Required @Doc("The environment the version must have succeeded in first, e.g. staging.") String environment,
        @Doc("How long ago that success must be, so the version has run a while: 24h, 2d. Default: 0s (any earlier "
                + "success).") Optional<Duration> soak) {

    public PromotionRequirement {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(soak, "soak");
        if (environment.isBlank()) {
            throw new InvalidFieldException("environment", "must name an environment, e.g. staging");
        }
        if (soak.isPresent() && soak.get().isNegative()) {
            throw new InvalidFieldException("soak", "must not be negative");
        }
    }

    public static PromotionRequirement of(String environment, Duration soak) {
        return new PromotionRequirement(environment, Optional.of(soak));
    }

    public Duration soakOrZero() {
        return soak.orElse(Duration.ZERO);
    }
}
