package dev.rollgate.jenkins;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code canaryDeploy}: a canary rollout: traffic shifted step by step with pauses and metric analysis, rolled back
 * automatically when the analysis fails. Also runs a multi-region rollout, region after region.
 *
 * <pre>{@code
 * canaryDeploy(environment: 'production', version: env.VERSION)
 * }</pre>
 */
public final class CanaryDeployStep extends DeployStep {

    @DataBoundConstructor
    public CanaryDeployStep(String environment, String version) {
        super(environment, version);
    }

    @Override
    StrategyStep kind() {
        return StrategyStep.CANARY;
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return StrategyStep.CANARY.functionName();
        }

        @Override
        public String getDisplayName() {
            return Messages.CanaryDeployStep_DisplayName();
        }
    }
}
