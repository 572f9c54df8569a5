package dev.rollgate.jenkins;

import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The deploy steps ({@code canaryDeploy}, {@code blueGreenDeploy}, {@code rollingDeploy}): decide the gates as
 * {@code deploymentGate} does, take the environment's lock, run the rollout the config describes to its end and
 * return the final status map. Each step runs only the strategies it names, so a Jenkinsfile says what it does.
 */
public abstract class DeployStep extends GatedStep {

    private final String version;
    private int waitForLockMinutes;

    protected DeployStep(String environment, String version) {
        super(environment);
        this.version = version;
    }

    /** Which strategies this step runs, and its DSL name. */
    abstract StrategyStep kind();

    public String getVersion() {
        return version;
    }

    public int getWaitForLockMinutes() {
        return waitForLockMinutes;
    }

    @DataBoundSetter
    public void setWaitForLockMinutes(int waitForLockMinutes) {
        this.waitForLockMinutes = waitForLockMinutes;
    }

    @Override
    public StepExecution start(StepContext context) {
        GateRequest gate = gateRequest(version, true, false);
        return new RolloutExecution(context, RolloutOrder.deploy(kind().functionName(), kind().strategies(), gate,
                waitForLockMinutes));
    }
}
