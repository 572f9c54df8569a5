package dev.rollgate.jenkins;

import hudson.Extension;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code rolloutStatus}: the environment's rollout as a map, the same fields as {@code rollgate status --output
 * json} ({@code phase}, {@code stableVersion}, {@code canaryVersion}, {@code canaryWeight}, {@code message}, ...;
 * {@code phase} is null when nothing was rolled out yet). A short read: not kept across a controller restart.
 *
 * <pre>{@code
 * def s = rolloutStatus(environment: 'production')
 * echo "production runs ${s.stableVersion}"
 * }</pre>
 */
public final class RolloutStatusStep extends EnvironmentStep {


    @DataBoundConstructor
    public RolloutStatusStep(String environment) {
        super(environment);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolloutStatusExecution(context, getEnvironment(), getConfig());
    }

    @Extension
    public static final class DescriptorImpl extends EnvironmentStepDescriptor {

        @Override
        public String getFunctionName() {
            return "rolloutStatus";
        }

        @Override
        public String getDisplayName() {
            return Messages.RolloutStatusStep_DisplayName();
        }
    }
}
