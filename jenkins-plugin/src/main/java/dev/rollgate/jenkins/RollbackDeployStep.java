package dev.rollgate.jenkins;

import hudson.Extension;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code rollbackDeploy}: during a rollout, traffic back to stable (it ends rolled back); after one, the previous
 * successful version (or {@code to}) deployed at once, without steps or analysis. No gates: a way back is always
 * open.
 *
 * <pre>{@code
 * rollbackDeploy(environment: 'production', reason: 'p99 regression', to: '1.4.2')
 * }</pre>
 */
public final class RollbackDeployStep extends EnvironmentStep {

    private String reason;
    private String to;
    private int waitForLockMinutes;

    @DataBoundConstructor
    public RollbackDeployStep(String environment) {
        super(environment);
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = blankToNull(reason);
    }

    public String getTo() {
        return to;
    }

    @DataBoundSetter
    public void setTo(String to) {
        this.to = to == null || to.isBlank() ? null : to.strip();
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
        GateRequest gate = ungatedRequest(reason);
        return new RolloutExecution(context, RolloutOrder.rollback(gate, to, waitForLockMinutes));
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return "rollbackDeploy";
        }

        @Override
        public String getDisplayName() {
            return Messages.RollbackDeployStep_DisplayName();
        }
    }
}
