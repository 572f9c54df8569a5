package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/**
 * Shim of workflow-step-api's {@code StepExecution}: a running step, serialized with the program so that it survives a
 * controller restart ({@link #onResume()}).
 */
public abstract class StepExecution implements Serializable {

    private static final long serialVersionUID = 1L;

    private final StepContext context;

    protected StepExecution(@NonNull StepContext context) {
        this.context = context;
    }

    public @NonNull StepContext getContext() {
        if (context == null) {
            throw new IllegalStateException("you must either pass in a StepContext to the StepExecution constructor, or"
                    + " have the StepExecution be created automatically");
        }
        return context;
    }

    /**
     * Starts the step on the CPS VM thread (no I/O, no blocking). True means it completed synchronously and its
     * context was already given a result; false means it will complete the context later.
     */
    public abstract boolean start() throws Exception;

    /**
     * Interrupts the step; may be called more than once and must eventually complete the context. By default it fails
     * the context with {@code cause}.
     */
    public void stop(@NonNull Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    /** Called after a controller restart, on the deserialized execution; must not throw (report via the context). */
    public void onResume() {}

    /** A short, lowercase, unlocalized status for thread dumps; null if there is nothing to say. */
    public @CheckForNull String getStatus() {
        return null;
    }

    /** Whether a restart should wait for this step. */
    public boolean blocksRestart() {
        return false;
    }
}
