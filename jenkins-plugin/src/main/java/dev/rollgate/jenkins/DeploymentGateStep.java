package dev.rollgate.jenkins;

import hudson.Extension;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code deploymentGate}: may this build deploy to the environment now? The same decision as {@code rollgate gate},
 * with the trigger, actor, ref and CI status taken from the build. Returns the decision as a map
 * ({@code shouldDeploy}, {@code deploymentType}, {@code nextWindow}, {@code gates}, ...).
 *
 * <pre>{@code
 * def d = deploymentGate(environment: 'production', reason: params.DEPLOYMENT_REASON,
 *                        skipTests: params.SKIP_TESTS, failWhenBlocked: false)
 * if (d.shouldDeploy) { ... }
 * }</pre>
 */
public final class DeploymentGateStep extends GatedStep {

    private String version;
    private boolean failWhenBlocked = true;
    private boolean waitForWindow;

    @DataBoundConstructor
    public DeploymentGateStep(String environment) {
        super(environment);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = blankToNull(version);
    }

    public boolean isFailWhenBlocked() {
        return failWhenBlocked;
    }

    @DataBoundSetter
    public void setFailWhenBlocked(boolean failWhenBlocked) {
        this.failWhenBlocked = failWhenBlocked;
    }

    public boolean isWaitForWindow() {
        return waitForWindow;
    }

    @DataBoundSetter
    public void setWaitForWindow(boolean waitForWindow) {
        this.waitForWindow = waitForWindow;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new DeploymentGateExecution(context, gateRequest(version, failWhenBlocked, waitForWindow));
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return "deploymentGate";
        }

        @Override
        public String getDisplayName() {
            return Messages.DeploymentGateStep_DisplayName();
        }
    }
}
