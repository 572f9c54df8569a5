package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.io.File;

/**
 * Shim of core's {@code Jenkins}, the running controller. There never is one offline, so {@link #get()} always throws
 * exactly as real core does in a plain unit test: code that needs a controller fails alike in both builds.
 */
public class Jenkins {

    private Jenkins() {}

    /** Always throws {@link IllegalStateException}: no controller runs here. */
    @NonNull
    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("Jenkins.instance is missing. Read the documentation of Jenkins.getInstanceOrNull"
                + " to see what you are doing wrong.");
    }

    /** {@code JENKINS_HOME}; unreachable offline because {@link #get()} throws. */
    public @NonNull File getRootDir() {
        throw new IllegalStateException("no JENKINS_HOME offline");
    }

    /** The configured root URL, ending in {@code /}; unreachable offline because {@link #get()} throws. */
    public @Nullable String getRootUrl() throws IllegalStateException {
        return null;
    }
}
