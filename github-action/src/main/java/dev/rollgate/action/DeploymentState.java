package dev.rollgate.action;

import dev.rollgate.model.WireNamed;
import java.util.Optional;

/**
 * A state Rollgate posts on a GitHub deployment, with GitHub's documented spelling as its wire name
 * ({@code POST /repos/{owner}/{repo}/deployments/{id}/statuses}, field {@code state}).
 */
public enum DeploymentState implements WireNamed {
    QUEUED("queued"),
    /** Underscore, as GitHub documents it; github-api 1.330 would send {@code in-progress}. */
    IN_PROGRESS("in_progress"),
    SUCCESS("success"),
    FAILURE("failure"),
    ERROR("error"),
    /** Superseded or torn down; a transient environment shows as destroyed. */
    INACTIVE("inactive");

    private final String wireName;

    DeploymentState(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<DeploymentState> fromWireName(String name) {
        return WireNamed.find(DeploymentState.class, name);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
