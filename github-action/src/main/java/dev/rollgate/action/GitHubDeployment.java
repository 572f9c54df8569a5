package dev.rollgate.action;

import java.util.Objects;

/** A deployment in GitHub's Deployments API that this run reports on, and where it came from. */
public record GitHubDeployment(long id, Origin origin) {

    /** Who made the deployment. */
    public enum Origin {
        /** GitHub made it for the job's {@code environment:}; Rollgate only posts statuses on it. */
        ATTACHED,
        /** Rollgate created it, because the job has no environment of its own. */
        CREATED
    }

    public GitHubDeployment {
        if (id <= 0) {
            throw new IllegalArgumentException("deployment id must be positive, got " + id);
        }
        Objects.requireNonNull(origin, "origin");
    }
}
