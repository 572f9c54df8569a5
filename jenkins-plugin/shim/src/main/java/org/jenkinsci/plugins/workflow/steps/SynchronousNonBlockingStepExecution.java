package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shim of workflow-step-api's {@code SynchronousNonBlockingStepExecution}: runs {@link #run()} on a background thread
 * and completes the context with its value or its exception. Not resumable: a restart while it runs fails the step.
 * Real core runs {@code run()} as the user who started the step; the shim cannot, so permission behaviour is tested
 * by the real build.
 *
 * @param <T> what {@link #run()} returns, passed to {@link StepContext#onSuccess(Object)}
 */
public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {

    private static final long serialVersionUID = 1L;

    private static ExecutorService executorService;

    private transient volatile Future<?> task;
    private transient String threadName;
    private transient volatile Throwable stopCause;

    protected SynchronousNonBlockingStepExecution(@NonNull StepContext context) {
        super(context);
    }

    /** The step's work; its value or exception completes the step. */
    protected abstract T run() throws Exception;

    /** Submits {@link #run()} to a shared pool of daemon threads and returns false (the step completes later). */
    @Override
    public final boolean start() throws Exception {
        task = getExecutorService().submit(() -> {
            threadName = Thread.currentThread().getName();
            try {
                T ret = run();
                getContext().onSuccess(ret);
            } catch (Throwable x) {
                // After stop() the context already failed with the stop cause: attach, do not complete again.
                if (stopCause == null) {
                    getContext().onFailure(x);
                } else {
                    stopCause.addSuppressed(x);
                }
            }
        });
        return false;
    }

    /** Interrupts {@link #run()} and fails the context with {@code cause}. */
    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        if (task != null) {
            stopCause = cause;
            task.cancel(true);
        }
        super.stop(cause);
    }

    /** The thread died with the old controller: fails the step with {@link SynchronousResumeNotSupportedException}. */
    @Override
    public void onResume() {
        StepContext context = getContext();
        context.onFailure(new SynchronousResumeNotSupportedException(context));
    }

    @Override
    public @NonNull String getStatus() {
        return threadName != null ? "running in thread: " + threadName : "not yet scheduled";
    }

    @Override
    public boolean blocksRestart() {
        return threadName != null;
    }

    private static synchronized ExecutorService getExecutorService() {
        if (executorService == null) {
            AtomicInteger count = new AtomicInteger();
            executorService = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, SynchronousNonBlockingStepExecution.class.getName() + " [#" + count.incrementAndGet() + "]");
                t.setDaemon(true);
                return t;
            });
        }
        return executorService;
    }
}
