package org.jenkinsci.plugins.workflow.steps;

import java.io.IOException;

/**
 * Shim of workflow-step-api's {@code SynchronousResumeNotSupportedException}: how a non-blocking synchronous step that
 * was running at a controller restart fails. The message names the step's DSL function ({@code ?} when unknown).
 */
public class SynchronousResumeNotSupportedException extends Exception {

    private static final long serialVersionUID = 1L;

    public SynchronousResumeNotSupportedException(StepContext context) {
        super(String.format("The Pipeline step `%s` cannot be resumed after a controller restart. In Scripted syntax,"
                + " you may wrap its containing `node` block within `retry(conditions: [nonresumable()], count: 2) {...}`,"
                + " or, in Declarative syntax, use the `retries` option to an `agent` directive to allow the stage to be"
                + " retried.", functionName(context)));
    }

    private static String functionName(StepContext context) {
        StepDescriptor descriptor = null;
        try {
            descriptor = context.get(StepDescriptor.class);
        } catch (IOException | InterruptedException e) {
            // as upstream: the name is only for the message
        }
        return descriptor != null ? descriptor.getFunctionName() : "?";
    }
}
