package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.ExtensionPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;

/**
 * Shim of core's {@code Run}: one build of a {@link Job}. Offline tests subclass it (after a {@code Job} built with its
 * shim-only constructor) and set {@link #number} and {@link #result} or override the getters, since real runs come only
 * from a running controller.
 *
 * @param <JobT> the job type
 * @param <RunT> the run type itself
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements ExtensionPoint {

    /** The build number; as in core, the {@code (job, timestamp)} constructor leaves it to be set by the caller. */
    public transient int number;

    /** The result once known (core sets it while the build runs). */
    protected volatile Result result;

    private final transient @NonNull JobT project;
    private final transient List<Action> actions = new CopyOnWriteArrayList<>();

    /** A run of {@code job} in an arbitrary state, started at {@code timestamp} (epoch millis). */
    protected Run(@NonNull JobT job, long timestamp) {
        this.project = job;
    }

    public @NonNull JobT getParent() {
        return project;
    }

    public int getNumber() {
        return number;
    }

    /** {@code folder » job #7}: the job's full display name (its full name offline) and {@code #number}. */
    public String getFullDisplayName() {
        return project.getFullName().replace("/", " » ") + " #" + getNumber();
    }

    /** {@code folder/job#7}: unique on the controller, and what to persist to find the run again. */
    public @NonNull String getExternalizableId() {
        return project.getFullName() + "#" + getNumber();
    }

    public @CheckForNull Result getResult() {
        return result;
    }

    /**
     * The build's environment. Core assembles it from the node and every {@code EnvironmentContributor}, which needs a
     * running controller, so the shim throws {@link IllegalStateException} like {@link Jenkins#get()}; tests override it.
     */
    public @NonNull EnvVars getEnvironment(@NonNull TaskListener listener) throws IOException, InterruptedException {
        Jenkins.get();
        throw new AssertionError("Jenkins.get() returned in the shim");
    }

    /** The run's URL relative to the Jenkins root, e.g. {@code job/folder/job/web/7/} (outside a web request). */
    public @NonNull String getUrl() {
        StringBuilder url = new StringBuilder();
        for (String name : project.getFullName().split("/")) {
            url.append("job/").append(rawEncode(name)).append('/');
        }
        return url.append(getNumber()).append('/').toString();
    }

    /** Why the build started; core reads them from its {@code CauseAction}, which the shim leaves to subclasses. */
    public @NonNull List<Cause> getCauses() {
        return Collections.emptyList();
    }

    /** Writes {@code build.xml}, which needs the controller's disk: offline it throws as {@link Jenkins#get()} does. */
    public synchronized void save() throws IOException {
        Jenkins.get();
    }

    public void addAction(@NonNull Action a) {
        if (a == null) {
            throw new IllegalArgumentException("Action must be non-null");
        }
        actions.add(a);
        if (a instanceof RunAction2) {
            ((RunAction2) a).onAttached(this);
        }
    }

    /** The first added action of the given type, or null. */
    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : actions) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }

    /** Core's {@code Util.rawEncode}: keeps letters, digits and {@code !$&'()*+,-.=@_}, percent-encodes the rest as UTF-8. */
    private static String rawEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!$&'()*+,-.=@_".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
