package dev.rollgate.jenkins;

import hudson.Extension;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code abortDeploy}: traffic back to stable and the canary scaled down; the rollout ends aborted. Returns once it
 * has; when no build or process drives the rollout, this step drives the abort itself.
 *
 * <pre>{@code
 * abortDeploy(environment: 'production', reason: 'error budget spent')
 * }</pre>
 */
public final class AbortDeployStep extends EnvironmentStep {

    private String reason;

    @DataBoundConstructor
    public AbortDeployStep(String environment) {
        super(environment);
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = blankToNull(reason);
    }

    @Override
    public StepExecution start(StepContext context) {
        GateRequest gate = ungatedRequest(reason);
        return new RolloutExecution(context, RolloutOrder.command(RolloutOrder.Kind.ABORT, "abortDeploy", gate));
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return "abortDeploy";
        }

        @Override
        public String getDisplayName() {
            return Messages.AbortDeployStep_DisplayName();
        }
    }
}
