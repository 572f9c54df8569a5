package dev.rollgate.hook;

import java.util.List;
import java.util.Objects;

/**
 * Whether every base served the expected version on every sample.
 *
 * @param summary "3 bases answered v2 (5 samples each)", or which base answered which version
 * @param samples every answer, base by base, in the order they were taken
 */
public record VersionCheckResult(boolean verified, String expectedVersion, String summary, List<VersionSample> samples) {

    public VersionCheckResult {
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        Objects.requireNonNull(summary, "summary");
        samples = List.copyOf(samples);
    }
}
