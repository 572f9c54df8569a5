package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/**
 * Shim of core's {@code Result}: a build's outcome, ordered from best ({@link #SUCCESS}) to worst ({@link #ABORTED}).
 * Each value stays a singleton through serialization, as in core.
 */
public final class Result implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final @NonNull Result SUCCESS = new Result("SUCCESS", 0);
    public static final @NonNull Result UNSTABLE = new Result("UNSTABLE", 1);
    public static final @NonNull Result FAILURE = new Result("FAILURE", 2);
    public static final @NonNull Result NOT_BUILT = new Result("NOT_BUILT", 3);
    public static final @NonNull Result ABORTED = new Result("ABORTED", 4);

    private static final Result[] ALL = {SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED};

    private final @NonNull String name;
    private final int ordinal;

    private Result(@NonNull String name, int ordinal) {
        this.name = name;
        this.ordinal = ordinal;
    }

    public boolean isWorseThan(@NonNull Result that) {
        return this.ordinal > that.ordinal;
    }

    public boolean isBetterOrEqualTo(@NonNull Result that) {
        return this.ordinal <= that.ordinal;
    }

    @Override
    public @NonNull String toString() {
        return name;
    }

    // Core's rule: an unknown ordinal reads back as FAILURE.
    private Object readResolve() {
        for (Result r : ALL) {
            if (ordinal == r.ordinal) {
                return r;
            }
        }
        return FAILURE;
    }
}
