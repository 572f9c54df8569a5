package dev.rollgate.jenkins;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A Rollgate step about one environment of one policy file: every step has {@code environment} (mandatory) and
 * {@code config} (default {@code rollgate.yaml}), with one help text for each (Stapler looks help files up along the
 * class hierarchy).
 */
public abstract class EnvironmentStep extends Step {

    static final String DEFAULT_CONFIG = "rollgate.yaml";

    private final String environment;
    private String config = DEFAULT_CONFIG;

    protected EnvironmentStep(String environment) {
        this.environment = environment;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getConfig() {
        return config;
    }

    @DataBoundSetter
    public void setConfig(String config) {
        this.config = config == null || config.isBlank() ? DEFAULT_CONFIG : config.strip();
    }

    /** The request of a step that decides no gates (rollback, promote, abort): a way back is always open. */
    GateRequest ungatedRequest(String reason) {
        return new GateRequest(environment, config, null, reason, false, false, true, false);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
