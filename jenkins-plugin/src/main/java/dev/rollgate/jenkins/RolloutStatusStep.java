package dev.rollgate.jenkins;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
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
public final class RolloutStatusStep extends Step {

    private final String environment;
    private String config = "rollgate.yaml";

    @DataBoundConstructor
    public RolloutStatusStep(String environment) {
        this.environment = environment;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getConfig() {
        return config;
    }

    @DataBoundSetter
    public void setConfig(String config) {
        this.config = config == null || config.isBlank() ? "rollgate.yaml" : config.strip();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolloutStatusExecution(context, environment, config);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "rolloutStatus";
        }

        @Override
        public String getDisplayName() {
            return Messages.RolloutStatusStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
