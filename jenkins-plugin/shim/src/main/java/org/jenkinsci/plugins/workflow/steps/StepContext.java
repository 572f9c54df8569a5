package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Result;
import java.io.IOException;
import java.io.Serializable;

/**
 * Shim of workflow-step-api's {@code StepContext}, with exactly its abstract members: a running step's handle on its
 * build. It serializes (with the execution) and stays valid across a controller restart until a result is set.
 * {@link #onFailure(Throwable)} comes from Guava's {@link FutureCallback} and is not redeclared.
 */
public abstract class StepContext implements FutureCallback<Object>, Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * A context object ({@code Run}, {@code TaskListener}, {@code EnvVars}, ...), or null if unavailable. After a
     * restart it may throw {@link IOException} when the build failed to load.
     */
    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    /** Completes the step with a return value. */
    @Override
    public abstract void onSuccess(@Nullable Object result);

    /** Whether {@link #get(Class)} can answer without blocking. */
    public abstract boolean isReady();

    /** Asks the flow to persist the program, and so the execution's fields, now. */
    public abstract ListenableFuture<Void> saveState();

    /** Sets the build's result without ending the step. */
    public abstract void setResult(Result r);

    /** Runs the step's block; throws {@link IllegalStateException} for a step without one. */
    public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;

    /** Whether the step was given a block. */
    public boolean hasBody() {
        try {
            newBodyInvoker();
            return true;
        } catch (IllegalStateException x) {
            return false;
        }
    }

    @Override
    public abstract boolean equals(Object o);

    @Override
    public abstract int hashCode();
}
