package dev.rollgate.state;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A service in one environment: the unit a rollout, its state and its lock belong to. Both names
 * become file names, so they are restricted to a safe alphabet rather than escaped.
 */
public record ServiceEnvironment(String service, String environment) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    public ServiceEnvironment {
        check("service", service);
        check("environment", environment);
    }

    private static void check(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name must be 1-100 letters, digits, '-' or '_',"
                    + " starting with a letter or digit; was \"" + name.replaceAll("\\p{Cntrl}", "?") + "\"");
        }
    }

    @Override
    public String toString() {
        return service + "/" + environment;
    }
}
