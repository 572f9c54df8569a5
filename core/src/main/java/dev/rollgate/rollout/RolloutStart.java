package dev.rollgate.rollout;

import java.util.Objects;
import java.util.Optional;

/**
 * What a new rollout needs to begin.
 *
 * @param stableVersion what serves users now; empty on a first deployment
 */
public record RolloutStart(String rolloutId, String service, String environment, Optional<String> stableVersion,
                           String version) {

    public RolloutStart {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(stableVersion, "stableVersion");
        Objects.requireNonNull(version, "version");
        if (stableVersion.isPresent() && stableVersion.get().equals(version)) {
            throw new IllegalArgumentException(version + " is already the stable version");
        }
    }
}
