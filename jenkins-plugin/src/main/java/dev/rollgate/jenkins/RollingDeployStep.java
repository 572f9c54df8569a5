package dev.rollgate.jenkins;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code rollingDeploy}: instances replaced in batches (or, with the recreate strategy, all at once).
 *
 * <pre>{@code
 * rollingDeploy(environment: 'production', version: env.VERSION)
 * }</pre>
 */
public final class RollingDeployStep extends DeployStep {

    @DataBoundConstructor
    public RollingDeployStep(String environment, String version) {
        super(environment, version);
    }

    @Override
    StrategyStep kind() {
        return StrategyStep.ROLLING;
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return StrategyStep.ROLLING.functionName();
        }

        @Override
        public String getDisplayName() {
            return Messages.RollingDeployStep_DisplayName();
        }
    }
}
