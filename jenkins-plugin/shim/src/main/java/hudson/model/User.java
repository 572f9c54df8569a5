package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;

/**
 * Shim of core's {@code User}: the person behind a web request. Offline nobody is logged in, so {@link #current()}
 * answers null, as core does for an anonymous request.
 */
public class User {

    private User() {}

    /** The user of the current request or thread; null when anonymous (always, offline). */
    public static @CheckForNull User current() {
        return null;
    }

    public @NonNull String getId() {
        throw new IllegalStateException("no users offline");
    }

    /** The groups (authorities) the user belongs to, as the security realm reports them. */
    public @NonNull List<String> getAuthorities() {
        throw new IllegalStateException("no users offline");
    }
}
