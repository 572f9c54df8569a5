package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

/**
 * Shim of workflow-step-api's {@code Step}: a Pipeline step's configuration (bound from the script through its
 * {@code @DataBoundConstructor} and {@code @DataBoundSetter}s), which starts a {@link StepExecution}. Not serializable.
 */
@SuppressWarnings("deprecation") // AbstractDescribableImpl: upstream still extends it
public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {

    /** Starts the step: called on the CPS VM thread, so it must neither block nor do I/O. */
    public abstract StepExecution start(StepContext context) throws Exception;

    /** Needs a running controller, like every {@code Describable.getDescriptor()}: throws offline. */
    @Override
    public StepDescriptor getDescriptor() {
        return (StepDescriptor) super.getDescriptor();
    }
}
