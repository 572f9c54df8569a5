package dev.rollgate.jenkins;

import hudson.Extension;
import java.util.List;
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
    String functionName() {
        return "canaryDeploy";
    }

    @Override
    List<String> strategies() {
        return List.of("canary", "multiRegion");
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return "canaryDeploy";
        }

        @Override
        public String getDisplayName() {
            return Messages.CanaryDeployStep_DisplayName();
        }
    }
}
