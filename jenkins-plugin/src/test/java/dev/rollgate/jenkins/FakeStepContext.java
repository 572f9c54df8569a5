package dev.rollgate.jenkins;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A {@link StepContext} for step tests, written against the real abstract API so it compiles in both builds.
 *
 * <p>Its only serialized field is an id. Everything else (console, environment, {@link Run}, recorded completions)
 * lives in a static registry keyed by that id, so a copy read back by {@link River} finds the same state, just as
 * the real context finds its flow through the owner after a controller restart. {@link #close()} drops the entry;
 * after that {@link #get} throws {@link IOException}, as the real one does when the run failed to load.
 *
 * <p>Completions are recorded, never refused: a step that completes twice shows {@code completions() == 2}.
 */
public final class FakeStepContext extends StepContext implements AutoCloseable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, State> REGISTRY = new ConcurrentHashMap<>();

    private final String id;

    private FakeStepContext(String id) {
        this.id = id;
    }

    /** A fresh context with an empty console and empty environment. */
    public static FakeStepContext create() {
        String id = UUID.randomUUID().toString();
        REGISTRY.put(id, new State());
        return new FakeStepContext(id);
    }

    /** How one call to {@code onSuccess} or {@code onFailure} ended the step. */
    public record Completion(Object result, Throwable failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    // ---- what the test sets up ----

    public String id() {
        return id;
    }

    /** Sets an environment variable that {@code get(EnvVars.class)} returns. */
    public FakeStepContext env(String name, String value) {
        state().env.put(name, value);
        return this;
    }

    /** Makes {@code get(Run.class)} (and any supertype of the run's class) return {@code run}; null otherwise. */
    public FakeStepContext withRun(Run<?, ?> run) {
        state().run = run;
        return this;
    }

    /** Whether {@link #isReady()} reports the context as loaded; false simulates a controller still unpickling. */
    public FakeStepContext ready(boolean ready) {
        state().ready = ready;
        return this;
    }

    // ---- what the test reads back ----

    /** The console text written through the {@link TaskListener} so far. */
    public String log() {
        return state().console.toString(StandardCharsets.UTF_8);
    }

    /** How many times the step completed; a correct step completes exactly once. */
    public int completions() {
        State s = state();
        synchronized (s) {
            return s.completions.size();
        }
    }

    /** Every completion in order (a correct step has one). */
    public List<Completion> allCompletions() {
        State s = state();
        synchronized (s) {
            return List.copyOf(s.completions);
        }
    }

    /** The first completion, waiting up to {@code timeout} for it; a step that never completes fails the test. */
    public Completion awaitCompletion(Duration timeout) throws InterruptedException {
        State s = state();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (s) {
            while (s.completions.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the step did not complete within " + timeout + "; console so far:\n"
                            + log());
                }
                TimeUnit.NANOSECONDS.timedWait(s, left);
            }
            return s.completions.get(0);
        }
    }

    /** How many times the step asked for its state to be saved. */
    public int saveStateCalls() {
        State s = state();
        synchronized (s) {
            return s.saveStateCalls;
        }
    }

    /** The worst result the step set through {@link #setResult}, or null if it set none. */
    public Result result() {
        return state().result;
    }

    /** Drops this context's registry entry; copies of it then behave like a context whose run failed to load. */
    @Override
    public void close() {
        REGISTRY.remove(id);
    }

    // ---- StepContext ----

    @Override
    public <T> T get(Class<T> key) throws IOException, InterruptedException {
        State s = REGISTRY.get(id);
        if (s == null) {
            throw new IOException("no FakeStepContext registered for " + id + " (closed, or from another test)");
        }
        if (key == TaskListener.class) {
            return key.cast(s.listener);
        }
        if (key == EnvVars.class) {
            return key.cast(new EnvVars(s.env)); // a copy per call, as Jenkins computes it afresh
        }
        Run<?, ?> run = s.run;
        if (run != null && key.isInstance(run)) {
            return key.cast(run);
        }
        return null;
    }

    @Override
    public void onSuccess(Object result) {
        complete(new Completion(result, null));
    }

    @Override
    public void onFailure(Throwable failure) {
        complete(new Completion(null, Objects.requireNonNull(failure, "failure")));
    }

    private void complete(Completion completion) {
        State s = state();
        synchronized (s) {
            s.completions.add(completion);
            s.notifyAll();
        }
    }

    /** The real context answers false only while the flow is still being loaded; here, until the test says so. */
    @Override
    public boolean isReady() {
        State s = REGISTRY.get(id);
        return s != null && s.ready;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        State s = state();
        synchronized (s) {
            s.saveStateCalls++;
        }
        return Futures.immediateFuture(null);
    }

    /** Like {@code Run.setResult}, only ever makes the result worse. */
    @Override
    public void setResult(Result r) {
        State s = state();
        synchronized (s) {
            if (s.result == null || r.isWorseThan(s.result)) {
                s.result = r;
            }
        }
    }

    /** Rollgate's steps take no body. */
    @Override
    public BodyInvoker newBodyInvoker() throws IllegalStateException {
        throw new IllegalStateException("this step was not called with a body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeStepContext other && other.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "FakeStepContext[" + id + "]";
    }

    private State state() {
        State s = REGISTRY.get(id);
        if (s == null) {
            throw new IllegalStateException("no FakeStepContext registered for " + id + " (closed?)");
        }
        return s;
    }

    /** Everything but the id: never serialized, found again by id. */
    private static final class State {
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final Listener listener = new Listener(new PrintStream(console, true, StandardCharsets.UTF_8));
        final EnvVars env = new EnvVars();
        final List<Completion> completions = new ArrayList<>();
        volatile Run<?, ?> run;
        volatile boolean ready = true;
        volatile Result result;
        int saveStateCalls;
    }

    /** The console; a step must fetch it from the context on every tick, not keep it in a persisted field. */
    private static final class Listener implements TaskListener {
        private static final long serialVersionUID = 1L;
        private final transient PrintStream logger;

        Listener(PrintStream logger) {
            this.logger = logger;
        }

        @Override
        public PrintStream getLogger() {
            return logger;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            throw new NotSerializableException(getClass().getName()
                    + ": a TaskListener was persisted; re-fetch it with getContext().get(TaskListener.class) on every"
                    + " tick (jenkins.md section 3, rule 2)");
        }
    }
}
