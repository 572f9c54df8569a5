package dev.rollgate.jenkins;

import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/** What every rollout step needs: the build and its log, nothing else, so a long rollout holds no executor. */
public abstract class RolloutStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }
}
