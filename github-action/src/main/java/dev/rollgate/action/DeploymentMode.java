package dev.rollgate.action;

import dev.rollgate.model.WireNamed;

/** The {@code github_deployment} input: whether the step records its work in GitHub's Deployments API. */
public enum DeploymentMode implements WireNamed {
    /** Attach to the deployment GitHub made for the job's {@code environment:}; else create one. */
    AUTO("auto"),
    /** No Deployments API calls at all. */
    OFF("off");

    private final String wireName;

    DeploymentMode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
