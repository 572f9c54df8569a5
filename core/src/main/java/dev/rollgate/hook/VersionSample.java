package dev.rollgate.hook;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer to {@code GET {base}/version}.
 *
 * @param version the version the base reported, when it answered one
 * @param problem why there is no version: "connection refused", "answered 404", "answered an empty body"
 */
public record VersionSample(URI base, Optional<String> version, Optional<String> problem) {

    public VersionSample {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(problem, "problem");
        if (version.isPresent() == problem.isPresent()) {
            throw new IllegalArgumentException("a sample has either a version or a problem");
        }
    }

    /** The version, or the problem: what a person reads. */
    String describe() {
        return version.orElseGet(problem::orElseThrow);
    }
}
