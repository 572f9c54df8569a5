package dev.rollgate.jenkins;

import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that decides the gates ({@code deploymentGate} and the deploy steps): the inputs a person gives the policy,
 * besides what the build says about itself.
 */
public abstract class GatedStep extends EnvironmentStep {

    private String reason;
    private boolean emergency;
    private boolean skipTests;

    protected GatedStep(String environment) {
        super(environment);
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = blankToNull(reason);
    }

    public boolean isEmergency() {
        return emergency;
    }

    @DataBoundSetter
    public void setEmergency(boolean emergency) {
        this.emergency = emergency;
    }

    public boolean isSkipTests() {
        return skipTests;
    }

    @DataBoundSetter
    public void setSkipTests(boolean skipTests) {
        this.skipTests = skipTests;
    }

    /** The gate inputs of this call; {@code version} may be null (a gate for any version). */
    GateRequest gateRequest(String version, boolean failWhenBlocked, boolean waitForWindow) {
        return new GateRequest(getEnvironment(), getConfig(), version, reason, emergency, skipTests, failWhenBlocked,
                waitForWindow);
    }
}
