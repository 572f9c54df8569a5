package dev.rollgate.jenkins;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code blueGreenDeploy}: the new version starts beside the old one, is checked, and takes all traffic at once;
 * the old one stays until the rollout is promoted.
 *
 * <pre>{@code
 * blueGreenDeploy(environment: 'production', version: env.VERSION)
 * }</pre>
 */
public final class BlueGreenDeployStep extends DeployStep {

    @DataBoundConstructor
    public BlueGreenDeployStep(String environment, String version) {
        super(environment, version);
    }

    @Override
    StrategyStep kind() {
        return StrategyStep.BLUE_GREEN;
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return StrategyStep.BLUE_GREEN.functionName();
        }

        @Override
        public String getDisplayName() {
            return Messages.BlueGreenDeployStep_DisplayName();
        }
    }
}
