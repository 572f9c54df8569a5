package dev.rollgate.jenkins.shim;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** A step context for the shim's own tests: answers {@link #get} from a map and records every completion. */
final class RecordingStepContext extends StepContext {

    private static final long serialVersionUID = 1L;

    /** One call of {@code onSuccess} (value) or {@code onFailure} (failure). */
    record Completion(Object value, Throwable failure, String thread) {}

    final transient Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    final transient List<Completion> completions = new CopyOnWriteArrayList<>();

    @Override
    public <T> T get(Class<T> key) {
        return key.cast(services.get(key));
    }

    @Override
    public void onSuccess(Object result) {
        completions.add(new Completion(result, null, Thread.currentThread().getName()));
    }

    @Override
    public void onFailure(Throwable t) {
        completions.add(new Completion(null, t, Thread.currentThread().getName()));
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        return Futures.immediateFuture(null);
    }

    @Override
    public void setResult(Result r) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        throw new IllegalStateException("no body");
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** Waits (at most 10 s, so a broken test fails instead of hanging) for the first completion. */
    Completion awaitCompletion() {
        awaitTrue(() -> !completions.isEmpty(), "the step to complete");
        return completions.get(0);
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
