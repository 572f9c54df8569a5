package dev.rollgate.jenkins;

import hudson.Extension;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code promoteDeploy}: ends the pause a rollout waits in for a person (with {@code full: true}, every remaining
 * pause and analysis: straight to 100%). Returns once the rollout's driver took it; when no build or process drives
 * the rollout, this step drives it up to the next pause that needs a person, as {@code rollgate promote} does.
 *
 * <pre>{@code
 * promoteDeploy(environment: 'production')
 * }</pre>
 */
public final class PromoteDeployStep extends EnvironmentStep {

    private boolean full;

    @DataBoundConstructor
    public PromoteDeployStep(String environment) {
        super(environment);
    }

    public boolean isFull() {
        return full;
    }

    @DataBoundSetter
    public void setFull(boolean full) {
        this.full = full;
    }

    @Override
    public StepExecution start(StepContext context) {
        GateRequest gate = ungatedRequest(null);
        return new RolloutExecution(context, RolloutOrder.command(full ? RolloutOrder.Kind.PROMOTE_FULL
                : RolloutOrder.Kind.PROMOTE, "promoteDeploy", gate));
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return "promoteDeploy";
        }

        @Override
        public String getDisplayName() {
            return Messages.PromoteDeployStep_DisplayName();
        }
    }
}
